package io.defuse.access;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens in the ordinary configuration, where JWT sign-in is not set up: refused
 * with a reason, never treated as anonymous.
 */
@IntegrationTest
class BearerTokenWithoutJwtTests {

	private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl";

	@Autowired
	ApiClient api;

	@Test
	void bearerTokenIsRefusedWhenJwtSignInIsNotConfigured() {
		Response response = this.api.as(null).get("/api/v1/cases", "Authorization", "Bearer " + TOKEN);
		problem(response, 401, "bearer-not-accepted");
		assertThat(response.field("detail")).contains("X-API-Key");
		assertThat(response.header("WWW-Authenticate")).startsWith("ApiKey");
	}

	@Test
	void bearerTokenIsRefusedOnPublicPathsToo() {
		problem(this.api.as(null).get("/actuator/health/liveness", "Authorization", "Bearer " + TOKEN), 401,
				"bearer-not-accepted");
	}

	@Test
	void apiKeyAndBearerTokenTogetherAreAmbiguous() {
		problem(this.api.get("/api/v1/api-keys", "Authorization", "Bearer " + TOKEN), 400, "ambiguous-credentials");
	}

	@Test
	void otherAuthorizationSchemesDoNotDisturbTheApiKey() {
		assertThat(this.api.get("/api/v1/api-keys", "Authorization", "Basic dXNlcjpwYXNz").status()).isEqualTo(200);
	}

	@Test
	void openApiHasNoBearerScheme() {
		Response doc = this.api.as(null).get("/v3/api-docs");
		assertThat(doc.json().at("/components/securitySchemes").has("bearerAuth")).isFalse();
		assertThat(doc.json().at("/components/securitySchemes").has("apiKey")).isTrue();
	}

}
