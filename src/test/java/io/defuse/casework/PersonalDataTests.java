package io.defuse.casework;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The redaction behind erasure: an allow-list, so unknown text is erased. */
class PersonalDataTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void keepsIdsEnumsNumbersAndDatesAndErasesEveryOtherText() {
		JsonNode data = JSON.readTree(
				"""
						{"offerId": "9a8b", "type": "REFUND", "amount": 149.90, "currency": "EUR",
						 "description": "Refund for Jana", "status": "REJECTED", "reason": "Jana wants cash",
						 "satisfaction": 2, "reached": true, "attachments": ["https://x.example/jana.jpg"],
						 "someFutureText": "Jana again", "someFutureObject": {"name": "Jana"}, "purchaseDate": "2026-10-02"}""");

		JsonNode redacted = PersonalData.redact(data);

		assertThat(redacted.get("offerId").asString()).isEqualTo("9a8b");
		assertThat(redacted.get("type").asString()).isEqualTo("REFUND");
		assertThat(redacted.get("amount").decimalValue()).isEqualByComparingTo("149.90");
		assertThat(redacted.get("satisfaction").asInt()).isEqualTo(2);
		assertThat(redacted.get("reached").asBoolean()).isTrue();
		assertThat(redacted.get("purchaseDate").asString()).isEqualTo("2026-10-02");
		for (String erased : new String[] { "description", "reason", "attachments", "someFutureText",
				"someFutureObject" }) {
			assertThat(redacted.get(erased).isNull()).as(erased).isTrue();
		}
		assertThat(redacted.toString()).doesNotContain("Jana");
		assertThat(data.toString()).as("the original is left as it was").contains("Jana wants cash");
	}

	@Test
	void redactsTheCaseSnapshotAndTheChangeOfAWebhookPayloadKeyByKey() {
		JsonNode data = JSON.readTree("""
				{"caseId": "c1", "sequence": 3, "step": "LISTEN", "actor": "alice", "actorRole": "AGENT",
				 "case": {"id": "c1", "customerId": "p1", "subject": "Jana's kettle", "channel": "PHONE",
				          "severity": "HIGH", "escalated": false},
				 "change": {"statementId": "s1", "from": "CUSTOMER", "text": "I am Jana",
				            "tension": {"score": 40, "level": "TENSE", "threats": ["CHURN"]}}}""");

		JsonNode redacted = PersonalData.redact(data);

		assertThat(redacted.at("/case/subject").isNull()).isTrue();
		assertThat(redacted.at("/case/customerId").asString()).isEqualTo("p1");
		assertThat(redacted.at("/case/channel").asString()).isEqualTo("PHONE");
		assertThat(redacted.at("/change/text").isNull()).isTrue();
		assertThat(redacted.at("/change/tension/level").asString()).isEqualTo("TENSE");
		assertThat(redacted.at("/change/tension/threats/0").asString()).isEqualTo("CHURN");
		assertThat(redacted.get("actor").asString()).isEqualTo("alice");
		assertThat(redacted.toString()).doesNotContain("Jana");
	}

	@Test
	void customerPayloadsKeepOnlyTheIdLanguageAndVersion() {
		JsonNode redacted = PersonalData.redact(JSON.readTree("""
				{"customerId": "p1", "externalRef": "CRM-1", "displayName": "Jana Nováková", "preferredName": "Jana",
				 "email": "jana@example.cz", "phone": "+420 601 123 456", "language": "cs", "version": 3}"""));

		assertThat(redacted.toString())
			.isEqualTo("{\"customerId\":\"p1\",\"externalRef\":null,\"displayName\":null,\"preferredName\":null,"
					+ "\"email\":null,\"phone\":null,\"language\":\"cs\",\"version\":3}");
	}

	@Test
	void analysisLosesItsQuotesAndKeepsScoresLevelsKindsAndOffsets() {
		JsonNode analysis = JSON.readTree("""
				{"score": 72, "level": "ANGRY", "language": "en", "languageDetected": true,
				 "signals": [{"kind": "SHOUTING", "threat": null, "weight": 20,
				              "evidence": {"start": 0, "end": 15, "text": "JANA IS FURIOUS"}},
				             {"kind": "THREAT", "threat": "LEGAL", "weight": 30,
				              "evidence": {"start": 20, "end": 26, "text": "lawyer"}}],
				 "threats": ["LEGAL"]}""");

		JsonNode redacted = PersonalData.withoutQuotes(analysis);

		assertThat(redacted.get("score").asInt()).isEqualTo(72);
		assertThat(redacted.get("level").asString()).isEqualTo("ANGRY");
		assertThat(redacted.at("/signals/0/kind").asString()).isEqualTo("SHOUTING");
		assertThat(redacted.at("/signals/1/threat").asString()).isEqualTo("LEGAL");
		assertThat(redacted.at("/signals/1/evidence/start").asInt()).isEqualTo(20);
		assertThat(redacted.at("/signals/0/evidence/text").isNull()).isTrue();
		assertThat(redacted.at("/signals/1/evidence/text").isNull()).isTrue();
		assertThat(redacted.toString()).doesNotContain("JANA", "lawyer");
	}

}
