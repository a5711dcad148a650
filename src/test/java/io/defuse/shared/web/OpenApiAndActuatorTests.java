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

@IntegrationTest
class OpenApiAndActuatorTests {

	@Autowired
	ApiClient api;

	@Test
	void openApiDocumentIsPublicAndDescribesTheApiKeyScheme() {
		Response response = this.api.as(null).get("/v3/api-docs");
		assertThat(response.status()).isEqualTo(200);
		JsonNode doc = response.json();
		assertThat(doc.get("openapi").asString()).startsWith("3.1");
		assertThat(doc.at("/info/title").asString()).isEqualTo("Defuse API");
		assertThat(doc.at("/info/description").asString()).contains("X-API-Key");
		JsonNode scheme = doc.at("/components/securitySchemes/apiKey");
		assertThat(scheme.get("type").asString()).isEqualTo("apiKey");
		assertThat(scheme.get("in").asString()).isEqualTo("header");
		assertThat(scheme.get("name").asString()).isEqualTo("X-API-Key");
	}

	@Test
	void everyApiOperationHasASummaryAndDocumentsItsProblemAnswers() {
		JsonNode paths = this.api.as(null).get("/v3/api-docs").json().get("paths");
		List<String> operations = new ArrayList<>();
		paths.properties().forEach((path) -> {
			if (!path.getKey().startsWith("/api/")) {
				return;
			}
			path.getValue().properties().forEach((operation) -> {
				String name = operation.getKey().toUpperCase() + " " + path.getKey();
				operations.add(name);
				JsonNode op = operation.getValue();
				assertThat(op.path("summary").asString()).as(name + " summary").isNotBlank();
				assertThat(op.get("responses").propertyNames()).as(name + " documents its success")
					.anyMatch((status) -> status.startsWith("2"));
				if (operation.getKey().equals("post")) {
					assertThat(op.get("parameters").toString()).as(name + " documents Idempotency-Key")
						.contains("Idempotency-Key");
					assertThat(op.get("responses").has("200") && op.get("responses").has("201"))
						.as(name + " answers either 200 or 201")
						.isFalse();
				}
				for (String status : List.of("400", "401", "403")) {
					assertThat(op.at("/responses/" + status + "/content").has("application/problem+json"))
						.as(name + " documents " + status)
						.isTrue();
				}
			});
		});
		assertThat(operations).contains("POST /api/v1/api-keys", "GET /api/v1/api-keys",
				"DELETE /api/v1/api-keys/{id}");
		assertThat(paths.has("/error")).as("the error dispatch is not an API operation").isFalse();
	}

	@Test
	void swaggerUiIsServed() {
		Response response = this.api.as(null).get("/swagger-ui/index.html");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("swagger-ui");
	}

	@Test
	void healthProbesArePublicAndReadinessIncludesTheDatabase() {
		assertThat(this.api.as(null).get("/actuator/health/liveness").status()).isEqualTo(200);
		Response readiness = this.api.get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().at("/components/db/status").asString()).isEqualTo("UP");
	}

	@Test
	void prometheusNeedsAnAdminKey() {
		problem(this.api.as(null).get("/actuator/prometheus"), 401, "unauthenticated");
		Response scrape = this.api.get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void noOtherActuatorEndpointIsExposed() {
		for (String endpoint : List.of("env", "beans", "configprops", "heapdump", "threaddump", "loggers",
				"mappings")) {
			assertThat(this.api.get("/actuator/" + endpoint).status()).as(endpoint).isEqualTo(404);
		}
	}

}
