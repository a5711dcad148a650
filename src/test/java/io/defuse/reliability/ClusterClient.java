package io.defuse.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for one node and one API key that measures every call. One
 * {@link HttpClient} (and so one connection pool) per client.
 */
final class ClusterClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String baseUrl;

	private final String apiKey;

	ClusterClient(String baseUrl, String apiKey) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
	}

	/** The same node with another key. */
	ClusterClient as(String otherKey) {
		return new ClusterClient(this.baseUrl, otherKey);
	}

	String baseUrl() {
		return this.baseUrl;
	}

	/** A new principal with this (admin) client's key: its key, for {@link #as}. */
	String newKey(String role) {
		String principal = role.toLowerCase(Locale.ROOT) + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		Response created = post("/api/v1/api-keys", json("{'principal': '%s', 'role': '%s'}", principal, role));
		if (created.status() != 201) {
			throw new IllegalStateException("could not create a key: " + created.status() + " " + created.body());
		}
		return created.json().get("key").asString();
	}

	Response get(String path, String... headers) {
		return send("GET", path, null, headers);
	}

	Response post(String path, String json, String... headers) {
		return send("POST", path, json, headers);
	}

	Response put(String path, String json, String... headers) {
		return send("PUT", path, json, headers);
	}

	Response send(String method, String path, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody());
		if (this.apiKey != null) {
			request.header("X-API-Key", this.apiKey);
		}
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		long started = System.nanoTime();
		try {
			var response = this.http.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("ETag").orElse(null),
					response.body(), System.nanoTime() - started);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String json(String template, Object... args) {
		return String.format(template, args).replace('\'', '"');
	}

	/** An answer and how long it took, from sending to the whole body read. */
	record Response(int status, String etag, String body, long nanos) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String field(String pointer) {
			JsonNode node = json().at(pointer);
			return (node == null || node.isMissingNode() || node.isNull()) ? null : node.asString();
		}

	}

}
