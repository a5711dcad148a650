package io.defuse.shared.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;

import static io.defuse.ProblemAssert.problem;

/**
 * With {@code springdoc.api-docs.enabled=false} and
 * {@code springdoc.swagger-ui.enabled=false} neither the OpenAPI document nor Swagger UI
 * is served: 404 problems, for anyone.
 */
@LockedDownIntegrationTest
class ApiDocsSwitchedOffTests {

	@Autowired
	ApiClient admin;

	@Test
	void openApiDocumentAndSwaggerUiAreNotFound() {
		int client = 1;
		for (String path : List.of("/v3/api-docs", "/v3/api-docs/swagger-config", "/swagger-ui.html",
				"/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js")) {
			problem(this.admin.get(path), 404, "not-found");
			problem(this.admin.as(null).get(path, "X-Forwarded-For", "192.0.2." + client++), 404, "not-found");
		}
	}

}
