package io.defuse.shared.web;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security headers on every answer (successes, refusals from filters, errors), no caching
 * of the API, TRACE refused, OPTIONS and the actuator telling nothing.
 */
@IntegrationTest
class HardeningTests {

	@Autowired
	ApiClient api;

	@Test
	void apiAnswersCarryTheSecurityHeadersAndAreNeverCached() {
		Response response = this.api.get("/api/v1/api-keys?limit=1");
		assertThat(response.status()).isEqualTo(200);
		assertSecurityHeaders(response);
		assertThat(response.header("Content-Security-Policy")).isEqualTo(SecurityHeadersFilter.API_POLICY)
			.contains("default-src 'none'", "frame-ancestors 'none'");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		assertThat(response.header("Strict-Transport-Security")).as("plain http").isNull();
	}

	@Test
	void refusalsCarryTheSecurityHeadersWhereverTheyAreMade() {
		Response unauthenticated = this.api.as(null).get("/api/v1/cases");
		problem(unauthenticated, 401, "unauthenticated");
		Response unknownPath = this.api.get("/api/v1/no-such-thing");
		problem(unknownPath, 404, "not-found");
		assertThat(unknownPath.field("detail")).isEqualTo("No endpoint GET /api/v1/no-such-thing");
		Response tooLarge = this.api.post("/api/v1/customers", "{\"displayName\": \"" + "x".repeat(300_000) + "\"}");
		problem(tooLarge, 413, "payload-too-large");
		Response invalid = this.api.get("/api/v1/cases?limit=1000");
		problem(invalid, 400, "validation-failed");
		for (Response response : List.of(unauthenticated, unknownPath, tooLarge, invalid)) {
			assertSecurityHeaders(response);
			assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		}
	}

	@Test
	void secureRequestsGetStrictTransportSecurity() {
		Response response = this.api.get("/api/v1/api-keys?limit=1", "X-Forwarded-Proto", "https");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=31536000; includeSubDomains");
		assertThat(this.api.as(null)
			.get("/actuator/health/liveness", "X-Forwarded-Proto", "https")
			.header("Strict-Transport-Security")).isNotNull();
	}

	@Test
	void swaggerUiWorksUnderItsOwnContentSecurityPolicy() {
		Response page = this.api.as(null).get("/swagger-ui/index.html");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("swagger-ui-bundle.js", "swagger-initializer.js");
		assertSecurityHeaders(page);
		String policy = page.header("Content-Security-Policy");
		assertThat(policy).isEqualTo(SecurityHeadersFilter.SWAGGER_UI_POLICY)
			.contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe-eval", "*");
		for (String asset : List.of("/swagger-ui/swagger-ui-bundle.js", "/swagger-ui/swagger-initializer.js",
				"/swagger-ui/swagger-ui.css", "/v3/api-docs/swagger-config", "/v3/api-docs")) {
			assertThat(this.api.as(null).get(asset).status()).as(asset).isEqualTo(200);
		}
		Response entry = this.api.as(null).get("/swagger-ui.html");
		assertThat(entry.status()).isEqualTo(302);
		assertThat(entry.header("Location")).endsWith("/swagger-ui/index.html");
		assertThat(entry.header("Content-Security-Policy")).isEqualTo(SecurityHeadersFilter.SWAGGER_UI_POLICY);
	}

	@Test
	void traceIsRefusedWithoutEchoingTheRequest() {
		for (ApiClient client : List.of(this.api, this.api.as(null))) {
			for (String path : List.of("/api/v1/cases", "/actuator/health", "/swagger-ui/index.html", "/")) {
				Response response = client.send("TRACE", path, null, null, "X-Secret-Probe", "do-not-echo");
				problem(response, 405, "method-not-allowed");
				assertThat(response.body()).doesNotContain("do-not-echo", "X-API-Key", "test-admin-key");
				assertThat(response.header("Allow")).doesNotContain("TRACE");
				assertSecurityHeaders(response);
			}
		}
	}

	@Test
	void optionsShowsNothing() {
		Response anonymous = this.api.as(null).send("OPTIONS", "/api/v1/cases", null, null);
		problem(anonymous, 401, "unauthenticated");
		Response preflight = this.api.as(null)
			.send("OPTIONS", "/api/v1/cases", null, null, "Origin", "https://evil.example",
					"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "X-API-Key");
		assertThat(preflight.status()).isEqualTo(401);
		assertThat(preflight.header("Access-Control-Allow-Origin")).as("no CORS for other origins").isNull();
		Response authenticated = this.api.send("OPTIONS", "/api/v1/cases", null, null, "Origin",
				"https://evil.example");
		// OPTIONS is no operation of the access table, so default deny refuses it
		problem(authenticated, 403, "forbidden");
		assertThat(authenticated.header("Allow")).isNull();
		assertThat(authenticated.header("Access-Control-Allow-Origin")).isNull();
		assertSecurityHeaders(authenticated);
	}

	@Test
	void actuatorExposesOnlyHealthAndPrometheus() {
		for (String endpoint : List.of("", "/env", "/beans", "/heapdump", "/threaddump", "/configprops", "/loggers",
				"/mappings", "/shutdown", "/metrics", "/info", "/scheduledtasks", "/conditions", "/caches", "/flyway",
				"/sbom")) {
			String path = "/actuator" + endpoint;
			problem(this.api.get(path), 404, "not-found");
			Response anonymous = this.api.as(null).get(path);
			assertThat(anonymous.status()).as(path).isIn(401, 404);
			problem(anonymous, anonymous.status(), (anonymous.status() == 401) ? "unauthenticated" : "not-found");
		}
		problem(this.api.send("POST", "/actuator/shutdown", "{}", "application/json"), 404, "not-found");
		assertThat(this.api.get("/actuator/health").status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/prometheus").status()).isEqualTo(200);
	}

	@Test
	void everyApiOperationDocumentsTheRateLimitAndTheBusyAnswer() {
		JsonNode paths = this.api.as(null).get("/v3/api-docs").json().get("paths");
		List<String> operations = new ArrayList<>();
		paths.properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			if (path.getKey().startsWith("/api/")) {
				operations.add(operation.getKey() + " " + path.getKey());
				for (String status : List.of("429", "503")) {
					assertThat(operation.getValue()
						.at("/responses/" + status + "/content")
						.has("application/problem+json"))
						.as(operation.getKey() + " " + path.getKey() + " documents " + status)
						.isTrue();
				}
			}
		}));
		assertThat(operations).isNotEmpty();
	}

	private static void assertSecurityHeaders(Response response) {
		assertThat(response.header("X-Content-Type-Options")).as("nosniff").isEqualTo("nosniff");
		assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(response.header("Content-Security-Policy")).isNotBlank();
		assertThat(response.headers().keySet().stream().filter("X-Frame-Options"::equalsIgnoreCase).count())
			.as("one X-Frame-Options header")
			.isEqualTo(1);
		assertThat(response.headers()
			.entrySet()
			.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase("X-Content-Type-Options"))
			.mapToInt((header) -> header.getValue().size())
			.sum()).as("one nosniff").isEqualTo(1);
	}

}
