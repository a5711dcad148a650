package io.defuse.shared.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad request gets a 4xx problem answer with a stable code and the
 * correlation id.
 */
@IntegrationTest
class ProblemDetailsTests {

	@Autowired
	ApiClient api;

	@Test
	void malformedJsonIs400WithItsPosition() {
		Response response = this.api.post("/api/v1/api-keys", "{\"principal\": \"x\",");
		problem(response, 400, "malformed-json");
		assertThat(response.field("detail")).contains("line 1");
	}

	@Test
	void validationFailureNamesEachField() {
		Response response = this.api.post("/api/v1/api-keys", "{\"description\": \"no principal, no role\"}");
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactlyInAnyOrder("principal", "role");
	}

	@Test
	void unknownEnumValueNamesTheFieldAndTheAllowedValues() {
		Response response = this.api.post("/api/v1/api-keys", "{\"principal\": \"x\", \"role\": \"KING\"}");
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactly("role");
		assertThat(response.body()).contains("AGENT", "SUPERVISOR", "ADMIN", "INTEGRATION");
	}

	@Test
	void unknownFieldIsRefusedSoTyposDoNotGetLost() {
		Response response = this.api.post("/api/v1/api-keys",
				"{\"principal\": \"x\", \"role\": \"AGENT\", \"expiresOn\": \"2030-01-01\"}");
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactly("expiresOn");
	}

	@Test
	void wrongTypeIs400() {
		Response response = this.api.post("/api/v1/api-keys",
				"{\"principal\": \"x\", \"role\": \"AGENT\", \"expiresAt\": \"next tuesday\"}");
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactly("expiresAt");
	}

	@Test
	void malformedIdInPathIs400NotA500() {
		Response response = this.api.get("/api/v1/api-keys/not-a-uuid");
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactly("id");
	}

	@Test
	void limitAboveOneHundredIs400() {
		problem(this.api.get("/api/v1/api-keys?limit=101"), 400, "validation-failed");
		problem(this.api.get("/api/v1/api-keys?limit=abc"), 400, "validation-failed");
	}

	@Test
	void forgedCursorIs400() {
		problem(this.api.get("/api/v1/api-keys?cursor=bm90LWEtY3Vyc29y"), 400, "invalid-cursor");
	}

	@Test
	void unknownPathIs404() {
		Response response = this.api.get("/api/v1/no-such-thing");
		problem(response, 404, "not-found");
		assertThat(response.field("instance")).isEqualTo("/api/v1/no-such-thing");
	}

	@Test
	void unknownPathWithoutKeyIs401() {
		problem(this.api.as(null).get("/api/v1/no-such-thing"), 401, "unauthenticated");
	}

	@Test
	void wrongMethodIs405WithAllow() {
		Response response = this.api.send("PATCH", "/api/v1/api-keys", "{}", "application/json");
		problem(response, 405, "method-not-allowed");
		assertThat(response.header("Allow")).contains("GET", "POST");
	}

	@Test
	void traceIsNotAllowed() {
		problem(this.api.send("TRACE", "/api/v1/api-keys", null, null), 405, "method-not-allowed");
	}

	@Test
	void wrongMediaTypeIs415() {
		problem(this.api.send("POST", "/api/v1/api-keys", "principal=x", "text/plain"), 415, "unsupported-media-type");
	}

	@Test
	void bodyOverTheLimitIs413() {
		String huge = "{\"principal\": \"" + "a".repeat(300_000) + "\", \"role\": \"AGENT\"}";
		Response response = this.api.post("/api/v1/api-keys", huge);
		problem(response, 413, "payload-too-large");
		assertThat(response.json().get("limit").asLong()).isEqualTo(256 * 1024);
	}

	@Test
	void chunkedBodyOverTheLimitIs413() {
		String huge = "{\"principal\": \"" + "a".repeat(300_000) + "\", \"role\": \"AGENT\"}";
		problem(this.api.postChunked("/api/v1/api-keys", huge), 413, "payload-too-large");
	}

	@Test
	void missingKeyIs401WithChallenge() {
		Response response = this.api.as(null).get("/api/v1/api-keys");
		problem(response, 401, "unauthenticated");
		assertThat(response.header("WWW-Authenticate")).contains("X-API-Key");
	}

	@Test
	void correlationIdFromTheCallerIsEchoedInHeaderAndProblem() {
		Response response = this.api.get("/api/v1/no-such-thing", "X-Request-Id", "crm-7f3a.42");
		assertThat(response.header("X-Request-Id")).isEqualTo("crm-7f3a.42");
		assertThat(response.field("correlationId")).isEqualTo("crm-7f3a.42");
	}

	@Test
	void unsafeCorrelationIdIsReplaced() {
		Response response = this.api.get("/api/v1/no-such-thing", "X-Request-Id", "<script>alert(1)</script>");
		assertThat(response.header("X-Request-Id")).isNotBlank().doesNotContain("<");
		assertThat(response.field("correlationId")).isEqualTo(response.header("X-Request-Id"));
	}

}
