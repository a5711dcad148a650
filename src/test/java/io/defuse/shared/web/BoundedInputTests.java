package io.defuse.shared.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No input is unbounded: every text and list in a request body has a documented maximum,
 * every page size is capped at 100, and the free-text filters of the lists are bounded.
 */
@IntegrationTest
class BoundedInputTests {

	@Autowired
	ApiClient api;

	@Test
	void everyTextAndListInARequestBodyHasAMaximum() {
		JsonNode doc = this.api.get("/v3/api-docs").json();
		Set<String> schemas = new HashSet<>();
		doc.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			JsonNode content = operation.getValue().at("/requestBody/content");
			content.properties().forEach((media) -> collect(doc, media.getValue().get("schema"), schemas));
		}));
		List<String> unbounded = new ArrayList<>();
		for (String name : schemas) {
			JsonNode properties = doc.at("/components/schemas/" + name + "/properties");
			properties.properties().forEach((property) -> {
				JsonNode schema = property.getValue();
				String type = schema.path("type").asString("");
				if (type.equals("string") && !schema.has("enum") && !schema.has("format") && !schema.has("maxLength")) {
					unbounded.add(name + "." + property.getKey());
				}
				if (type.equals("array") && !schema.has("maxItems")) {
					unbounded.add(name + "." + property.getKey() + "[]");
				}
			});
		}
		Collections.sort(unbounded);
		assertThat(schemas).isNotEmpty();
		assertThat(unbounded).as("request fields without a maximum").isEmpty();
	}

	@Test
	void everyPageSizeIsCappedAtOneHundred() {
		JsonNode paths = this.api.get("/v3/api-docs").json().get("paths");
		List<String> pageSizes = new ArrayList<>();
		paths.properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			for (JsonNode parameter : operation.getValue().path("parameters")) {
				if (parameter.path("name").asString("").equals("limit")) {
					pageSizes.add(operation.getKey() + " " + path.getKey());
					assertThat(parameter.at("/schema/maximum").asInt()).as(path.getKey())
						.isEqualTo(CursorPage.MAX_LIMIT);
				}
			}
		}));
		assertThat(pageSizes).hasSizeGreaterThanOrEqualTo(8);
		String id = UUID.randomUUID().toString();
		for (String list : List.of("/api/v1/cases", "/api/v1/customers", "/api/v1/api-keys", "/api/v1/integrations",
				"/api/v1/webhook-endpoints", "/api/v1/cases/" + id + "/timeline", "/api/v1/cases/" + id + "/statements",
				"/api/v1/webhook-endpoints/" + id + "/deliveries")) {
			problem(this.api.get(list + "?limit=101"), 400, "validation-failed");
			problem(this.api.get(list + "?limit=0"), 400, "validation-failed");
		}
	}

	@Test
	void freeTextFiltersAreBounded() {
		String longText = "x".repeat(201);
		for (String query : List.of("/api/v1/cases?q=" + longText, "/api/v1/customers?q=" + longText,
				"/api/v1/cases?assignee=" + longText, "/api/v1/api-keys?principal=" + longText)) {
			Response response = this.api.get(query);
			problem(response, 400, "validation-failed");
		}
		assertThat(this.api.get("/api/v1/cases?q=" + "x".repeat(200)).status()).isEqualTo(200);
	}

	@Test
	void aWebhookEndpointTakesAtMostOneHundredEventTypes() {
		String types = String.join(",", Collections.nCopies(101, "\"case.created\""));
		Response response = this.api.post("/api/v1/webhook-endpoints",
				"{\"url\": \"https://crm.example.com/hooks\", \"eventTypes\": [" + types + "]}");
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactly("eventTypes");
	}

	private static void collect(JsonNode doc, JsonNode schema, Set<String> names) {
		if (schema == null || schema.isMissingNode()) {
			return;
		}
		String ref = schema.path("$ref").asString("");
		if (!ref.isEmpty()) {
			String name = ref.substring(ref.lastIndexOf('/') + 1);
			if (names.add(name)) {
				doc.at("/components/schemas/" + name + "/properties")
					.properties()
					.forEach((property) -> collect(doc, property.getValue(), names));
			}
			return;
		}
		collect(doc, schema.get("items"), names);
	}

}
