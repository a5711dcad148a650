package io.defuse.casework;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One complaint walked through all five steps over HTTP, as an agent and a supervisor
 * would, with the case, its timeline and the customer's history checked after every step.
 */
@IntegrationTest
class CaseLifecycleScenarioTests {

	@Autowired
	ApiClient admin;

	ApiClient agent;

	ApiClient supervisor;

	String caseId;

	String customerId;

	String etag;

	@BeforeEach
	void staff() {
		this.agent = this.admin.withNewPrincipal("AGENT");
		this.supervisor = this.admin.withNewPrincipal("SUPERVISOR");
	}

	@Test
	void angryCustomerBecomesASatisfiedOne() {
		customerCallsAndTheAgentOpensACase();
		customerVentsAndTheAgentListens();
		agentAcknowledgesWithUnderstandingAndAnApology();
		agentGathersTheDetailsTheCategoryNeeds();
		agentOffersARefundThatNeedsASupervisor();
		supervisorApprovesAndTheCustomerAccepts();
		agentRecordsTheRefundAndTheFollowUpIsScheduled();
		followUpFindsTheCustomerSatisfied();
		historyRemembersTheWholeStory();
	}

	void customerCallsAndTheAgentOpensACase() {
		String ref = "CRM-" + System.nanoTime();
		Response opened = this.agent.post("/api/v1/cases",
				json("""
						{'channel': 'PHONE', 'subject': 'Kettle stopped heating', 'severity': 'HIGH',
						 'statement': 'I bought this kettle three weeks ago and it is already broken!',
						 'customer': {'externalRef': '%s', 'displayName': 'Jana Novakova', 'preferredName': 'Jana', 'language': 'cs'}}""",
						ref));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		this.caseId = opened.field("id");
		this.customerId = opened.json().at("/customer/id").asString();
		assertThat(opened.header("Location")).isEqualTo("/api/v1/cases/" + this.caseId);
		assertStep(opened, "LISTEN", "addStatement", "acknowledge");
		assertThat(opened.json().at("/customer/preferredName").asString()).isEqualTo("Jana");
		assertTimeline("case.created", "case.statement_added");
	}

	void customerVentsAndTheAgentListens() {
		Response said = this.agent.post(path("/statements"),
				json("{'text': 'This is the third time I call about it!', 'from': 'CUSTOMER'}"), "If-Match", this.etag);
		assertThat(said.status()).as(said.body()).isEqualTo(201);
		Response current = this.agent.get(path(""));
		assertThat(current.json().at("/conversation/customerStatements").asInt()).isEqualTo(2);
		this.etag = current.header("ETag");
		assertTimeline("case.created", "case.statement_added", "case.statement_added");
	}

	void agentAcknowledgesWithUnderstandingAndAnApology() {
		Response acknowledged = this.agent.post(path("/acknowledgement"),
				json("{'message': 'I understand how annoying this is, Jana, and I am sorry you had to call again.'}"),
				"If-Match", this.etag);
		assertStep(acknowledged, "GATHER", "saveDetails");
		assertThat(acknowledged.json().at("/details/missing").toString()).contains("category");
		assertTimelineEndsWith("case.statement_added", "case.acknowledged", "case.step_changed");
	}

	void agentGathersTheDetailsTheCategoryNeeds() {
		Response partial = this.agent.put(path("/details"),
				json("{'category': 'DEFECTIVE_PRODUCT', 'product': 'Kettle KX-200'}"), "If-Match", this.etag);
		assertStep(partial, "GATHER", "saveDetails");
		Response refused = this.agent.post(path("/details/confirmation"), null, "If-Match", this.etag);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.field("step")).isEqualTo("GATHER");
		assertThat(refused.json().get("missing").toString()).contains("purchaseDate or orderRef");

		Response complete = this.agent.put(path("/details"),
				json("{'orderRef': 'ORD-2026-118842', 'purchaseDate': '2026-10-02'}"), "If-Match", this.etag);
		assertStep(complete, "GATHER", "confirmDetails");
		Response confirmed = this.agent.post(path("/details/confirmation"), null, "If-Match", this.etag);
		assertStep(confirmed, "OFFER", "makeOffer");
		assertThat(confirmed.json().at("/details/product").asString()).isEqualTo("Kettle KX-200");
		assertTimelineEndsWith("case.details_confirmed", "case.step_changed");
	}

	void agentOffersARefundThatNeedsASupervisor() {
		Response offered = this.agent.post(path("/offers"),
				json("{'type': 'REFUND', 'amount': 149.90, 'currency': 'EUR', 'description': 'Full refund'}"),
				"If-Match", this.etag);
		assertThat(offered.status()).as(offered.body()).isEqualTo(201);
		this.etag = offered.header("ETag");
		assertThat(offered.json().at("/offers/0/status").asString()).isEqualTo("PENDING_APPROVAL");
		assertThat(offered.json().get("nextActions").toString()).doesNotContain("acceptOffer", "approveOffer");
		String offerId = offered.json().at("/offers/0/id").asString();
		assertThat(offered.header("Location")).endsWith("/offers/" + offerId);

		Response tooEarly = this.agent.post(path("/offers/" + offerId + "/acceptance"), null);
		assertThat(tooEarly.status()).isEqualTo(409);
		assertThat(tooEarly.body()).contains("approval");
		Response notAllowed = this.agent.post(path("/offers/" + offerId + "/approval"), null);
		assertThat(notAllowed.status()).isEqualTo(403);
		assertTimelineEndsWith("case.offer_made");
	}

	void supervisorApprovesAndTheCustomerAccepts() {
		String offerId = this.agent.get(path("")).json().at("/offers/0/id").asString();
		Response approved = this.supervisor.post(path("/offers/" + offerId + "/approval"), null, "If-Match", this.etag);
		assertStep(approved, "OFFER", "acceptOffer");
		assertThat(approved.json().at("/offers/0/approvedBy").asString()).startsWith("supervisor-");
		Response accepted = this.agent.post(path("/offers/" + offerId + "/acceptance"), null, "If-Match", this.etag);
		assertStep(accepted, "RESPOND", "recordResponse");
		assertThat(accepted.json().at("/offers/0/status").asString()).isEqualTo("ACCEPTED");
		assertTimelineEndsWith("case.offer_approved", "case.offer_accepted", "case.step_changed");
	}

	void agentRecordsTheRefundAndTheFollowUpIsScheduled() {
		Response responded = this.agent.post(path("/response"),
				json("{'action': 'REFUND_ISSUED', 'reference': 'RF-99812', 'note': 'Back on the card in 3 days'}"),
				"If-Match", this.etag);
		assertStep(responded, "FOLLOW_UP", "recordFollowUp");
		assertThat(responded.json().at("/followUp/dueAt").asString()).isNotBlank();
		assertThat(responded.json().at("/responses/0/reference").asString()).isEqualTo("RF-99812");
		assertTimelineEndsWith("case.response_recorded", "case.step_changed");
	}

	void followUpFindsTheCustomerSatisfied() {
		Response followedUp = this.agent.post(path("/follow-ups"),
				json("{'reached': true, 'satisfaction': 5, 'comment': 'Thanked us for the quick refund'}"), "If-Match",
				this.etag);
		assertStep(followedUp, "CLOSED");
		assertThat(followedUp.field("outcome")).isEqualTo("RESOLVED");
		assertThat(followedUp.json().get("nextActions")).isEmpty();
		assertTimelineEndsWith("case.follow_up_recorded", "case.step_changed", "case.closed");
		Response closedForAgents = this.agent.post(path("/notes"), json("{'text': 'late note'}"));
		assertThat(closedForAgents.status()).isEqualTo(409);
	}

	void historyRemembersTheWholeStory() {
		Response history = this.agent.get("/api/v1/customers/" + this.customerId + "/history");
		assertThat(history.status()).as(history.body()).isEqualTo(200);
		JsonNode totals = history.json().get("totals");
		assertThat(totals.get("cases").asLong()).isEqualTo(1);
		assertThat(totals.get("open").asLong()).isZero();
		assertThat(totals.get("resolved").asLong()).isEqualTo(1);
		assertThat(totals.get("averageSatisfaction").asDouble()).isEqualTo(5.0);
		JsonNode only = history.json().at("/cases/0");
		assertThat(only.get("outcome").asString()).isEqualTo("RESOLVED");
		assertThat(only.get("offersMade").asInt()).isEqualTo(1);
		assertThat(only.at("/acceptedOffers/0/type").asString()).isEqualTo("REFUND");
		assertThat(only.get("satisfaction").asInt()).isEqualTo(5);
		assertThat(only.get("category").asString()).isEqualTo("DEFECTIVE_PRODUCT");

		List<String> actors = new ArrayList<>();
		this.agent.get(path("/timeline?limit=100"))
			.json()
			.get("items")
			.forEach((e) -> actors.add(e.get("actor").asString()));
		assertThat(actors).allMatch((actor) -> actor.startsWith("agent-") || actor.startsWith("supervisor-"));
	}

	// ---- helpers

	private String path(String suffix) {
		return "/api/v1/cases/" + this.caseId + suffix;
	}

	private void assertStep(Response response, String step, String... nextActions) {
		assertThat(response.status()).as(response.body()).isBetween(200, 201);
		assertThat(response.field("step")).isEqualTo(step);
		List<String> next = new ArrayList<>();
		response.json().get("nextActions").forEach((action) -> next.add(action.asString()));
		assertThat(next).contains(nextActions);
		assertThat(response.header("ETag")).isEqualTo("\"" + response.json().get("version").asLong() + "\"");
		if (this.etag != null) {
			assertThat(response.header("ETag")).as("every change bumps the version").isNotEqualTo(this.etag);
		}
		this.etag = response.header("ETag");
	}

	private List<String> timelineTypes() {
		Response timeline = this.agent.get(path("/timeline?limit=100"));
		assertThat(timeline.status()).isEqualTo(200);
		List<String> types = new ArrayList<>();
		int expected = 1;
		for (JsonNode entry : timeline.json().get("items")) {
			assertThat(entry.get("sequence").asInt()).isEqualTo(expected++);
			types.add(entry.get("type").asString());
		}
		return types;
	}

	private void assertTimeline(String... types) {
		assertThat(timelineTypes()).containsExactly(types);
		assertHistoryAgrees();
	}

	private void assertTimelineEndsWith(String... types) {
		assertThat(timelineTypes()).endsWith(types);
		assertHistoryAgrees();
	}

	/** The customer's history shows the case as it is now. */
	private void assertHistoryAgrees() {
		Response current = this.agent.get(path(""));
		JsonNode history = this.agent.get("/api/v1/customers/" + this.customerId + "/history").json();
		JsonNode entry = history.at("/cases/0");
		assertThat(entry.get("id").asString()).isEqualTo(this.caseId);
		assertThat(entry.get("step").asString()).isEqualTo(current.field("step"));
		assertThat(entry.get("offersMade").asInt()).isEqualTo(current.json().get("offers").size());
		assertThat(history.at("/totals/open").asLong()).isEqualTo(current.field("step").equals("CLOSED") ? 0 : 1);
	}

}
