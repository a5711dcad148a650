package io.defuse.shared.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document behind Swagger UI: what Defuse is, the API-key scheme (so
 * "Authorize" works) and, on every operation, the problem answers it can give.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY_SCHEME = "apiKey";

	static final String PROBLEM_SCHEMA = "Problem";

	@Bean
	OpenAPI defuseOpenApi(ObjectProvider<BuildProperties> build) {
		String version = build.stream().map(BuildProperties::getVersion).findFirst().orElse("dev");
		return new OpenAPI()
			.info(new Info().title("Defuse API")
				.version(version)
				.license(new License().name("Proprietary"))
				.description("""
						De-escalation case handling. A complaint becomes a case that Defuse walks through \
						listen → gather → offer → respond → follow-up, telling the agent what to do and say \
						at each step and keeping each customer's history.

						Every call needs an API key in the `X-API-Key` header: press **Authorize**. \
						Every error is `application/problem+json` (RFC 9457) with a stable `code` and the \
						request's `correlationId` (also returned as `X-Request-Id`). Each key has a rate limit \
						(its role's; `RateLimit-Limit` and `RateLimit-Remaining` on every answer): over it, 429 \
						with `Retry-After`."""))
			.components(new Components()
				.addSecuritySchemes(API_KEY_SCHEME,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-API-Key")
							.description("An API key created by an admin (POST /api/v1/api-keys)"))
				.addSchemas(PROBLEM_SCHEMA, problemSchema()))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
	}

	/**
	 * Adds the answers any API operation can give, unless the operation documents its
	 * own.
	 */
	@Bean
	OpenApiCustomizer standardProblemResponses() {
		return (openApi) -> openApi.getPaths().forEach((path, item) -> {
			if (!path.startsWith("/api/")) {
				return;
			}
			item.readOperationsMap().forEach((method, operation) -> {
				Map<String, ApiResponse> standard = new LinkedHashMap<>();
				standard.put("400", problem("Invalid input: malformed JSON, wrong types, failed validation",
						"validation-failed", 400, "The request has 1 invalid value"));
				standard.put("401", problem("No API key, or an unknown, revoked or expired one", "unauthenticated", 401,
						"Send a valid API key in the X-API-Key header"));
				standard.put("403", problem("The key's role may not perform this operation", "forbidden", 403,
						"Your role may not perform this operation"));
				if (path.contains("{")) {
					standard.put("404", problem("No such resource (or not visible to you)", "not-found", 404,
							"Case 6f1c… does not exist"));
				}
				standard.put("429",
						problem("Over the rate limit of your key's role (without a key: of your IP); "
								+ "wait as long as Retry-After says", "rate-limited", 429,
								"More than 300 requests within PT1M; retry in 2 s"));
				standard.put("503",
						problem("Busy: too many requests in progress, or no database connection in time; "
								+ "wait as long as Retry-After says", "unavailable", 503,
								"The service is busy and could not reach its database in time; retry shortly"));
				if (method.name().equals("POST") || method.name().equals("PUT") || method.name().equals("PATCH")) {
					standard.put("413", problem("The body exceeds the configured limit", "payload-too-large", 413,
							"The request body exceeds the limit of 262144 bytes"));
					standard.put("415", problem("The body is not JSON", "unsupported-media-type", 415,
							"Content type text/plain is not supported; send application/json"));
				}
				if (method.name().equals("POST")) {
					operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER)
						.required(false)
						.description("Any unique string (e.g. a UUID). Repeating the request with the same key "
								+ "replays the first answer for 24 hours instead of doing it again.")
						.schema(new StringSchema().maxLength(255).example("9f1b5a3e-1c7d-4c1e-8b2a-6a2f0e4d7c11")));
					standard.put("409",
							problem("A request with this Idempotency-Key is still running", "idempotency-key-in-flight",
									409,
									"A request with this Idempotency-Key is still being processed; retry shortly"));
					standard.put("422",
							problem("This Idempotency-Key was used for a different request", "idempotency-key-reused",
									422, "This Idempotency-Key was used for a different request; use a new key"));
				}
				ApiResponses responses = operation.getResponses();
				standard.forEach((status, response) -> {
					if (responses != null && !responses.containsKey(status)) {
						responses.addApiResponse(status, response);
					}
				});
				// class-level answers (409, 412) must not hide that creating operations
				// answer 201
				if (responses != null && responses.containsKey("201")) {
					responses.remove("200");
				}
			});
		});
	}

	static ApiResponse problem(String description, String code, int status, String detail) {
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("type", Problems.TYPE_PREFIX + code);
		example.put("title", Problems.titleFor(org.springframework.http.HttpStatusCode.valueOf(status)));
		example.put("status", status);
		example.put("detail", detail);
		example.put("code", code);
		example.put("correlationId", "3f0c9c52-5a3e-4bd5-9a55-0d7d1f8b7e21");
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))
						.addExamples(code, new Example().value(example))));
	}

	private static Schema<?> problemSchema() {
		Schema<?> fieldError = new ObjectSchema().addProperty("field", new StringSchema().example("subject"))
			.addProperty("message", new StringSchema().example("must not be blank"));
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().example("urn:defuse:problem:validation-failed"))
			.addProperty("title", new StringSchema().example("Validation Failed"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema().example("The request has 1 invalid value"))
			.addProperty("instance", new StringSchema().example("/api/v1/cases"))
			.addProperty("code",
					new StringSchema().description("stable machine-readable code").example("validation-failed"))
			.addProperty("correlationId",
					new StringSchema().description("the request's id, also in the X-Request-Id header"))
			.addProperty("errors", new ArraySchema().items(fieldError).description("invalid inputs (400 only)"))
			.required(List.of("type", "title", "status", "code"));
	}

}
