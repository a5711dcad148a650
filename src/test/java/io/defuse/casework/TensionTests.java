package io.defuse.casework;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** Tension analysis, escalation and the empathy check, seen through the case API. */
@IntegrationTest
class TensionTests {

	@Autowired
	ApiClient api;

	@Test
	void aLegalThreatEscalatesAtOnceAndTheStatementExplainsItself() {
		Response opened = open("en", "I have been waiting three weeks. If this is not fixed I will call my lawyer.");
		assertThat(opened.json().at("/escalation/escalated").asBoolean()).isTrue();
		assertThat(opened.json().at("/escalation/reason").asString()).contains("legal");
		assertThat(opened.json().at("/tension/threats").toString()).contains("LEGAL");

		JsonNode statement = this.api.get("/api/v1/cases/" + opened.field("id") + "/statements").json().at("/items/0");
		assertThat(statement.get("language").asString()).isEqualTo("en");
		JsonNode signals = statement.at("/analysis/signals");
		assertThat(signals.toString()).contains("THREAT", "lawyer");
		for (JsonNode signal : signals) {
			int start = signal.at("/evidence/start").asInt();
			int end = signal.at("/evidence/end").asInt();
			assertThat(statement.get("text").asString().substring(start, end))
				.isEqualTo(signal.at("/evidence/text").asString());
		}
	}

	@Test
	void aCalmCaseStaysUnescalatedAndTheTrajectoryShowsTheCustomerCalmingDown() {
		Response opened = open("de", "Guten Tag, meine Bestellung ist noch nicht angekommen. Können Sie nachsehen?");
		assertThat(opened.json().at("/escalation/escalated").asBoolean()).isFalse();
		assertThat(opened.json().at("/tension/current").asString()).isEqualTo("CALM");
		String path = "/api/v1/cases/" + opened.field("id");
		this.api.post(path + "/statements",
				json("{'text': 'Das ist eine absolute FRECHHEIT!!! Ich bin extrem wütend!', 'from': 'CUSTOMER'}"));
		this.api.post(path + "/statements", json("{'text': 'Danke, das klingt gut.', 'from': 'CUSTOMER'}"));
		JsonNode tension = this.api.get(path).json().get("tension");
		assertThat(tension.get("trajectory")).hasSize(3);
		assertThat(tension.get("peak").asString()).isIn("ANGRY", "HOSTILE");
		assertThat(tension.get("current").asString()).isEqualTo("CALM");
		assertThat(tension.get("deescalated").asBoolean()).isTrue();
		assertThat(this.api.get(path).json().at("/risk/score").asInt()).isBetween(0, 100);
	}

	@Test
	void anAcknowledgementWithoutEmpathyIsRefusedWithPhrasesInTheCustomersLanguage() {
		Response opened = open("cs", "Dobrý den, objednávka nedorazila.");
		String path = "/api/v1/cases/" + opened.field("id") + "/acknowledgement";
		Response refused = this.api.post(path,
				json("{'message': 'Podle našich pravidel to musíte reklamovat písemně.'}"));
		problem(refused, 422, "empathy-missing");
		assertThat(refused.json().get("suggestions")).isNotEmpty();
		assertThat(refused.field("language")).isEqualTo("cs");
		assertThat(this.api.get("/api/v1/cases/" + opened.field("id")).field("step")).isEqualTo("LISTEN");

		Response accepted = this.api.post(path, json("{'message': 'Moc se omlouvám, chápu, že je to nepříjemné.'}"));
		assertThat(accepted.field("step")).isEqualTo("GATHER");
	}

	@Test
	void riskEscalatesAtTheThresholdOfTheCasesSeverity() {
		// the test profile sets the CRITICAL threshold to 35; the others stay at 70
		String angry = "I am really angry about this, it is the second time.";
		Response critical = open("en", angry, "CRITICAL");
		int score = critical.json().at("/risk/score").asInt();
		assertThat(score).as(critical.body()).isBetween(35, 69);
		assertThat(critical.json().at("/escalation/escalated").asBoolean()).isTrue();
		assertThat(critical.json().at("/escalation/reason").asString()).contains("risk");

		Response high = open("en", angry, "HIGH");
		assertThat(high.json().at("/risk/score").asInt()).isEqualTo(score - 10);
		assertThat(high.json().at("/escalation/escalated").asBoolean()).isFalse();
	}

	private Response open(String language, String statement) {
		return open(language, statement, "MEDIUM");
	}

	private Response open(String language, String statement, String severity) {
		String customer = this.api
			.post("/api/v1/customers",
					json("{'displayName': 'Tension %s', 'language': '%s'}", UUID.randomUUID(), language))
			.field("id");
		Response opened = this.api.post("/api/v1/cases", json(
				"{'customerId': '%s', 'channel': 'PHONE', 'subject': 'Tension', 'severity': '%s', 'statement': '%s'}",
				customer, severity, statement));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened;
	}

}
