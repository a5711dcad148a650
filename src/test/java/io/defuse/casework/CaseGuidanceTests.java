package io.defuse.casework;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.deescalation.GuidanceStep;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guidance through the API. The remedy ranking test owns the WRONG_ITEM category: no
 * other test files a case under it, so its numbers are exact.
 */
@IntegrationTest
class CaseGuidanceTests {

	@Autowired
	ApiClient api;

	@Test
	void guidanceStepsAreTheWorkflowSteps() {
		assertThat(List.of(GuidanceStep.values()).stream().map(Enum::name))
			.containsExactlyElementsOf(List.of(Step.values()).stream().map(Enum::name).toList());
	}

	@Test
	void listenGuidanceSpeaksTheCustomersLanguageAndUsesTheirPreferredName() {
		String id = open(customer("cs", "Jana"), "Rychlovarná konvice nefunguje.");

		Response czech = this.api.get("/api/v1/cases/" + id + "/guidance");
		assertThat(czech.status()).isEqualTo(200);
		assertThat(czech.field("step")).isEqualTo("LISTEN");
		assertThat(czech.field("language")).isEqualTo("cs");
		assertThat(czech.json().at("/customer/name").asString()).isEqualTo("Jana");
		assertThat(czech.json().at("/phrases/0").asString()).startsWith("Děkuji").contains("Jana");
		assertThat(czech.json().get("questions")).isEmpty();
		assertThat(czech.json().get("recommendation").isNull()).isTrue();

		Response german = this.api.get("/api/v1/cases/" + id + "/guidance?lang=de");
		assertThat(german.field("language")).isEqualTo("de");
		assertThat(german.json().at("/actions/0").asString())
			.isEqualTo("Lassen Sie Jana alles erzählen, ohne zu unterbrechen; notieren Sie die eigenen Worte.");

		problem(this.api.get("/api/v1/cases/" + id + "/guidance?lang=fr"), 400, "validation-failed");
		problem(this.api.get("/api/v1/cases/" + UUID.randomUUID() + "/guidance"), 404, "not-found");
	}

	@Test
	void angerAndThreatsBringTheirNotes() {
		String id = open(customer("en", null),
				"This is OUTRAGEOUS!!! I am furious and I will see you in court, my lawyer is already on it.");
		JsonNode guidance = this.api.get("/api/v1/cases/" + id + "/guidance").json();
		assertThat(situations(guidance)).contains("ANGRY_CUSTOMER", "LEGAL_THREAT", "ESCALATED")
			.doesNotContain("CHURN_THREAT", "RETURNING_CUSTOMER", "REPEAT_COMPLAINT");
		assertThat(guidance.at("/customer/name").asString()).startsWith("Guided ");
	}

	@Test
	void gatherAsksOneQuestionPerMissingDetail() {
		String id = open(customer("en", "Sam"), "The kettle stopped working.");
		String path = "/api/v1/cases/" + id;
		this.api.post(path + "/acknowledgement", json("{'message': 'I am sorry, I understand.'}"));
		assertThat(questions(path)).containsExactly("category");

		this.api.put(path + "/details", json("{'category': 'DEFECTIVE_PRODUCT'}"));
		assertThat(questions(path)).containsExactly("product", "purchaseDate or orderRef");
		JsonNode guidance = this.api.get(path + "/guidance").json();
		assertThat(guidance.at("/questions/1/question").asString())
			.isEqualTo("Do you have the order number, or roughly when you bought it?");
		assertThat(guidance.at("/phrases/1").asString()).isEqualTo("Thank you, Sam, that helps.");

		this.api.put(path + "/details", json("{'product': 'Kettle KX-200'}"));
		assertThat(questions(path)).containsExactly("purchaseDate or orderRef");
		this.api.put(path + "/details", json("{'orderRef': 'ORD-1'}"));
		assertThat(questions(path)).isEmpty();
	}

	@Test
	void offerRanksRemediesBySatisfactionInTheCategoryAndByWhatTheCustomerAcceptedBefore() {
		String jana = customer("en", "Jana");
		ratedCase(customer("en", null), "WRONG_ITEM", List.of(), "REPAIR", 3);
		ratedCase(jana, "WRONG_ITEM", List.of("REFUND"), "REPAIR", 2);
		ratedCase(customer("en", null), "WRONG_ITEM", List.of(), "REPLACEMENT", 5);
		ratedCase(customer("en", null), "WRONG_ITEM", List.of(), "REPLACEMENT", 5);
		ratedCase(jana, "LATE_DELIVERY", List.of(), "VOUCHER", 4);

		String id = inOffer(jana, "WRONG_ITEM");
		JsonNode guidance = this.api.get("/api/v1/cases/" + id + "/guidance").json();

		assertThat(guidance.at("/customer/previousCases").asLong()).isEqualTo(2);
		assertThat(guidance.at("/customer/acceptedBefore").toString()).contains("\"remedy\":\"REPAIR\"")
			.contains("\"remedy\":\"VOUCHER\"");
		assertThat(situations(guidance)).contains("ACCEPTED_BEFORE", "REPEAT_COMPLAINT");
		assertThat(guidance.get("notes").toString()).contains("Earlier, Jana accepted a repair, a voucher.");

		JsonNode recommendation = guidance.get("recommendation");
		assertThat(recommendation.get("category").asString()).isEqualTo("WRONG_ITEM");
		// (5 + 5 + 3 + 2) / 4 ratings
		assertThat(recommendation.get("priorSatisfaction").asDouble()).isEqualTo(3.75);
		assertThat(recommendation.get("priorWeight").asInt()).isEqualTo(3);
		List<String> ranking = new ArrayList<>();
		recommendation.get("remedies").forEach((remedy) -> ranking.add(remedy.get("remedy").asString()));
		assertThat(ranking).containsExactly("REPLACEMENT", "VOUCHER", "REFUND", "REPAIR");

		JsonNode replacement = recommendation.at("/remedies/0");
		assertThat(replacement.get("rank").asInt()).isEqualTo(1);
		// (10 + 3 * 3.75) / (2 + 3)
		assertThat(replacement.get("score").asDouble()).isEqualTo(4.25);
		assertThat(replacement.at("/inCategory/offered").asLong()).isEqualTo(2);
		assertThat(replacement.at("/inCategory/acceptanceRate").asDouble()).isEqualTo(1.0);
		assertThat(replacement.at("/inCategory/averageSatisfaction").asDouble()).isEqualTo(5.0);
		assertThat(replacement.get("byCustomer").isNull()).isTrue();

		JsonNode voucher = recommendation.at("/remedies/1");
		// never offered in the category: the prior, plus Jana's own 4 of 5
		assertThat(voucher.at("/inCategory/offered").asLong()).isZero();
		assertThat(voucher.get("score").asDouble()).isEqualTo(4.0);
		assertThat(voucher.at("/byCustomer/averageSatisfaction").asDouble()).isEqualTo(4.0);

		JsonNode refund = recommendation.at("/remedies/2");
		assertThat(refund.at("/inCategory/acceptanceRate").asDouble()).isZero();
		assertThat(refund.get("score").asDouble()).isEqualTo(3.75);

		JsonNode repair = recommendation.at("/remedies/3");
		assertThat(repair.at("/inCategory/averageSatisfaction").asDouble()).isEqualTo(2.5);
		// (5 + 3 * 3.75) / 5 = 3.25, less a quarter for Jana's 2 of 5
		assertThat(repair.get("score").asDouble()).isEqualTo(3.0);
	}

	private List<String> questions(String path) {
		List<String> fields = new ArrayList<>();
		this.api.get(path + "/guidance").json().get("questions").forEach((q) -> fields.add(q.get("field").asString()));
		return fields;
	}

	private static List<String> situations(JsonNode guidance) {
		List<String> situations = new ArrayList<>();
		guidance.get("notes").forEach((note) -> situations.add(note.get("situation").asString()));
		return situations;
	}

	private String inOffer(String customer, String category) {
		String id = open(customer, "Wrong thing again.");
		String path = "/api/v1/cases/" + id;
		this.api.post(path + "/acknowledgement", json("{'message': 'I am sorry.'}"));
		this.api.put(path + "/details",
				json("{'category': '%s', 'product': 'Lamp L-%s', 'orderRef': 'ORD-7'}", category, category));
		Response confirmed = this.api.post(path + "/details/confirmation", null);
		assertThat(confirmed.field("step")).as(confirmed.body()).isEqualTo("OFFER");
		return id;
	}

	private void ratedCase(String customer, String category, List<String> rejected, String accepted, int satisfaction) {
		String id = inOffer(customer, category);
		String path = "/api/v1/cases/" + id;
		for (String remedy : rejected) {
			String offer = this.api.post(path + "/offers", offer(remedy)).json().at("/offers/0/id").asString();
			this.api.post(path + "/offers/" + offer + "/rejection", json("{'reason': 'Not that'}"));
		}
		Response made = this.api.post(path + "/offers", offer(accepted));
		JsonNode offers = made.json().get("offers");
		String offer = offers.get(offers.size() - 1).get("id").asString();
		assertThat(this.api.post(path + "/offers/" + offer + "/acceptance", null).field("step")).isEqualTo("RESPOND");
		this.api.post(path + "/response", json("{'action': 'OTHER', 'note': 'done'}"));
		Response followedUp = this.api.post(path + "/follow-ups",
				json("{'reached': true, 'satisfaction': %d}", satisfaction));
		// an unsatisfied customer sends the case back to OFFER; the rating still counts
		assertThat(followedUp.field("step")).as(followedUp.body()).isEqualTo((satisfaction > 3) ? "CLOSED" : "OFFER");
	}

	private static String offer(String remedy) {
		return switch (remedy) {
			case "REFUND", "PARTIAL_REFUND", "VOUCHER" ->
				json("{'type': '%s', 'amount': 20, 'currency': 'EUR'}", remedy);
			default -> json("{'type': '%s'}", remedy);
		};
	}

	private String open(String customer, String statement) {
		Response opened = this.api.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'PHONE', 'subject': 'Guidance', 'statement': '%s'}", customer,
						statement));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened.field("id");
	}

	private String customer(String language, String preferredName) {
		String name = "Guided " + UUID.randomUUID();
		String body = (preferredName != null)
				? json("{'displayName': '%s', 'preferredName': '%s', 'language': '%s'}", name, preferredName, language)
				: json("{'displayName': '%s', 'language': '%s'}", name, language);
		return this.api.post("/api/v1/customers", body).field("id");
	}

}
