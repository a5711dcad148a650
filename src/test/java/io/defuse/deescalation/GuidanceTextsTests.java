package io.defuse.deescalation;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.shared.web.InvalidInput;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Guidance texts as admins see and edit them. Edits go to CLOSED in German, which no
 * other test reads.
 */
@IntegrationTest
class GuidanceTextsTests {

	private static final String CLOSED_DE = "/api/v1/guidance/CLOSED/de";

	@Autowired
	ApiClient api;

	@Test
	void everyStepHasTextsInEveryLanguage() {
		Response all = this.api.withNewPrincipal("AGENT").get("/api/v1/guidance");
		assertThat(all.status()).isEqualTo(200);
		assertThat(all.json()).hasSize(GuidanceStep.values().length * 3);
		assertThat(all.json().at("/0/step").asString()).isEqualTo("LISTEN");
		assertThat(all.json().at("/0/language").asString()).isEqualTo("en");
		all.json().forEach((set) -> assertThat(set.at("/texts/actions")).isNotEmpty());

		JsonNode gather = this.api.get("/api/v1/guidance?step=GATHER&lang=cs").json();
		assertThat(gather).hasSize(1);
		assertThat(gather.at("/0/texts/questions")).hasSize(GuidanceTexts.QUESTION_FIELDS.size());
	}

	@Test
	void adminsReplaceTextsAndAgentsSeeThemOnTheNextRequest() {
		Response before = this.api.get(CLOSED_DE);
		assertThat(before.header("ETag")).isNotBlank();
		String edit = json("{'actions': ['Abschließen und {name} danken.'], 'phrases': ['Bis bald, {name}!']}");

		problem(this.api.withNewPrincipal("SUPERVISOR").put(CLOSED_DE, edit), 403, "forbidden");
		problem(this.api.put(CLOSED_DE, edit, "If-Match", "\"999\""), 412, "stale-version");

		Response replaced = this.api.put(CLOSED_DE, edit, "If-Match", before.header("ETag"));
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(replaced.json().get("version").asLong()).isEqualTo(before.json().get("version").asLong() + 1);
		assertThat(replaced.json().get("updatedBy").asString()).isNotBlank();
		assertThat(replaced.json().at("/texts/phrases/0").asString()).isEqualTo("Bis bald, {name}!");

		String customer = this.api.post("/api/v1/customers", json("{'displayName': 'Karl Berger', 'language': 'de'}"))
			.field("id");
		String id = this.api
			.post("/api/v1/cases",
					json("{'customerId': '%s', 'channel': 'EMAIL', 'subject': 'Test', 'statement': 'Kaputt.'}",
							customer))
			.field("id");
		this.api.post("/api/v1/cases/" + id + "/closure", json("{'outcome': 'WITHDRAWN', 'reason': 'Zurückgezogen'}"));
		JsonNode guidance = this.api.get("/api/v1/cases/" + id + "/guidance").json();
		assertThat(guidance.get("step").asString()).isEqualTo("CLOSED");
		assertThat(guidance.get("phrases").toString()).contains("Bis bald, Karl Berger!");
	}

	@Test
	void refusesTextsAgentsCouldNotUse() {
		Response unknownPlaceholder = this.api.put(CLOSED_DE, json("{'actions': ['Danke, {vorname}.']}"));
		problem(unknownPlaceholder, 400, "validation-failed");
		assertThat(unknownPlaceholder.fieldErrors()).containsExactly("actions[0]");

		problem(this.api.put(CLOSED_DE, json("{'actions': []}")), 400, "validation-failed");
		problem(this.api.put(CLOSED_DE, json("{'actions': ['Ok'], 'questions': {'product': 'Welches?'}}")), 400,
				"validation-failed");
		problem(this.api.put("/api/v1/guidance/GATHER/de",
				json("{'actions': ['Ok'], 'questions': {'colour': 'Welche Farbe?'}}")), 400, "validation-failed");
		problem(this.api.put(CLOSED_DE, json("{'actions': ['Ok'], 'situations': {'BORED': 'Hm'}}")), 400,
				"validation-failed");
		problem(this.api.put(CLOSED_DE, json("{'actions': ['%s']}", "x".repeat(501))), 400, "validation-failed");
		problem(this.api.put("/api/v1/guidance/NOWHERE/de", json("{'actions': ['Ok']}")), 400, "validation-failed");
		problem(this.api.put("/api/v1/guidance/CLOSED/fr", json("{'actions': ['Ok']}")), 400, "validation-failed");
		problem(this.api.put(CLOSED_DE, "{\"actions\": [\"Ok\"]"), 400, "malformed-json");
	}

	@Test
	void rendersPlaceholdersAndRefusesUnknownOnes() {
		assertThat(
				GuidanceTexts.render("Hi {name}, {previousCases} cases", Map.of("name", "Ana", "previousCases", "2")))
			.isEqualTo("Hi Ana, 2 cases");
		assertThatExceptionOfType(InvalidInput.class)
			.isThrownBy(() -> new GuidanceTexts(List.of("Hi {nme}"), null, null, null));
	}

}
