package io.defuse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Talks to the running service over real HTTP (JDK client), so filters, security, error
 * dispatch and the servlet container behave exactly as in production. Sends the test
 * admin key unless told otherwise.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String apiKey;

	public ApiClient(String baseUrl, String apiKey) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
	}

	/**
	 * A client for a fresh principal with the given role, its key created through the API
	 * with this client's (admin) key.
	 */
	public ApiClient withNewPrincipal(String role) {
		String name = role.toLowerCase(java.util.Locale.ROOT) + "-"
				+ java.util.UUID.randomUUID().toString().substring(0, 8);
		Response created = post("/api/v1/api-keys", json("{'principal': '%s', 'role': '%s'}", name, role));
		if (created.status() != 201) {
			throw new IllegalStateException("could not create a key: " + created.body());
		}
		return as(created.field("key"));
	}

	/**
	 * A client for a fresh principal with the given role working in one team only (not
	 * the Default team new principals join), set up with this client's (admin) key.
	 */
	public ApiClient withNewPrincipal(String role, String team) {
		String name = role.toLowerCase(java.util.Locale.ROOT) + "-"
				+ java.util.UUID.randomUUID().toString().substring(0, 8);
		Response created = post("/api/v1/api-keys", json("{'principal': '%s', 'role': '%s'}", name, role));
		Response joined = put("/api/v1/teams/" + team + "/members/" + name, null);
		Response left = delete("/api/v1/teams/00000000-0000-0000-0000-000000000001/members/" + name);
		if (created.status() != 201 || joined.status() != 200 || left.status() != 200) {
			throw new IllegalStateException("could not set up a principal: " + created.body() + joined.body());
		}
		return as(created.field("key"));
	}

	/** The same client authenticating with another key ({@code null}: no key at all). */
	public ApiClient as(String otherKey) {
		return new ApiClient(this.baseUrl, otherKey);
	}

	public Response get(String path, String... headers) {
		return send("GET", path, null, null, headers);
	}

	public Response post(String path, String json, String... headers) {
		return send("POST", path, json, "application/json", headers);
	}

	public Response put(String path, String json, String... headers) {
		return send("PUT", path, json, "application/json", headers);
	}

	public Response delete(String path, String... headers) {
		return send("DELETE", path, null, null, headers);
	}

	public Response send(String method, String path, String body, String contentType, String... headers) {
		return exchange(method, path, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody(),
				contentType, headers);
	}

	/** Sends the body chunked, without a Content-Length, as streaming clients do. */
	public Response postChunked(String path, String json) {
		byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		return exchange("POST", path, BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)),
				"application/json");
	}

	private Response exchange(String method, String path, HttpRequest.BodyPublisher body, String contentType,
			String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, body);
		if (this.apiKey != null) {
			request.header("X-API-Key", this.apiKey);
		}
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static String json(String template, Object... args) {
		return String.format(template, args).replace('\'', '"');
	}

	public record Response(int status, Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

		public String field(String name) {
			JsonNode node = json().get(name);
			return (node == null || node.isNull()) ? null : node.asString();
		}

		public List<String> fieldErrors() {
			List<String> fields = new ArrayList<>();
			json().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
			return fields;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Lazy
		ApiClient apiClient(Environment environment, @Value("${defuse.bootstrap-admin-key}") String adminKey) {
			String port = environment.getRequiredProperty("local.server.port");
			return new ApiClient("http://localhost:" + port, adminKey);
		}

	}

}
