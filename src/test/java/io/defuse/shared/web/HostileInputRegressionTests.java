package io.defuse.shared.web;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defects {@link HostileInputTests} found, one request each: what the service
 * answered before was a 500, Tomcat's HTML page, a 406 after the change was committed, a
 * silently altered value, or a 409 for a value that was the client's mistake.
 */
@IntegrationTest
class HostileInputRegressionTests {

	@Autowired
	ApiClient admin;

	@Value("${local.server.port}")
	int port;

	@Value("${defuse.bootstrap-admin-key}")
	String adminKey;

	@Test
	void anEncodedSlashInThePathIsAProblemNotTomcatsPage() {
		Response refused = this.admin.get("/api/v1/cases/..%2F..%2Fetc%2Fpasswd", "X-Request-Id", "trace-42");

		problem(refused, 400, "bad-request");
		assertThat(refused.field("correlationId")).isEqualTo("trace-42");
	}

	@Test
	void headersOverTheLimitAreAProblemNotTomcatsPage() {
		problem(this.admin.get("/api/v1/cases", "X-Padding", "p".repeat(12000)), 400, "bad-request");
	}

	@Test
	void anAcceptThatRulesOutJsonIsRefusedBeforeTheChangeIsMade() {
		Response created = this.admin.post("/api/v1/customers",
				json("{'displayName': 'Ada Before', 'externalRef': '%s'}", UUID.randomUUID()));
		String path = "/api/v1/customers/" + created.field("id");

		Response refused = this.admin.send("PATCH", path, json("{'displayName': 'Ada After'}"), "application/json",
				"Accept", "text/html");

		problem(refused, 406, "not-acceptable");
		Response now = this.admin.get(path);
		assertThat(now.field("displayName")).isEqualTo("Ada Before");
		assertThat(now.header("ETag")).isEqualTo(created.header("ETag"));
		problem(this.admin.get(path, "Accept", "application/json;q=garbage"), 406, "not-acceptable");
		assertThat(this.admin.get(path, "Accept", "text/html, application/*;q=0.5").status()).isEqualTo(200);
	}

	@Test
	void aMultipartBodyIsUnsupportedNotAServerError() {
		problem(this.admin.send("POST", "/api/v1/customers", "{}", "multipart/form-data"), 415,
				"unsupported-media-type");
	}

	@Test
	void textWithAnUnpairedSurrogateIsRefusedNamingTheField() {
		Response refused = this.admin.post("/api/v1/customers",
				"{\"displayName\": \"Ada \\ud83d Lovelace\", \"externalRef\": \"" + UUID.randomUUID() + "\"}");

		problem(refused, 400, "validation-failed");
		assertThat(refused.fieldErrors()).containsExactly("displayName");
		assertThat(refused.body()).contains("unpaired surrogates");
	}

	@Test
	void textWithNulIsRefusedInAMergePatchAndChangesNothing() {
		Response created = this.admin.post("/api/v1/customers",
				json("{'displayName': 'Grace', 'externalRef': '%s'}", UUID.randomUUID()));
		String path = "/api/v1/customers/" + created.field("id");

		Response refused = this.admin.send("PATCH", path, "{\"preferences\": \"calls \\u0000 after six\"}",
				"application/merge-patch+json");

		problem(refused, 400, "validation-failed");
		assertThat(refused.fieldErrors()).containsExactly("preferences");
		assertThat(this.admin.get(path).header("ETag")).isEqualTo(created.header("ETag"));
	}

	@Test
	void aMapKeyWithNulIsRefused() {
		Response refused = this.admin.put("/api/v1/guidance/LISTEN/en",
				"{\"actions\": [\"Listen\"], \"phrases\": [\"I see\"], \"questions\": {\"a\\u0000\": \"b\"}}");

		problem(refused, 400, "validation-failed");
	}

	@Test
	void aQueryStringThatIsNotPercentEncodedUtf8IsRefused() throws IOException {
		String answer = raw(
				"GET /api/v1/cases?q=%ZZ HTTP/1.0\r\nHost: localhost\r\nX-API-Key: " + this.adminKey + "\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("malformed-query");
		problem(this.admin.get("/api/v1/cases?q=%C3%28"), 400, "malformed-query");
	}

	@Test
	void nulInAQueryParameterIsRefusedNamingIt() {
		Response refused = this.admin.get("/api/v1/customers?q=a%00b");

		problem(refused, 400, "validation-failed");
		assertThat(refused.fieldErrors()).containsExactly("q");
	}

	@Test
	void aNullEventTypeIsRefused() {
		Response refused = this.admin.post("/api/v1/webhook-endpoints",
				"{\"url\": \"http://127.0.0.1:9/hooks\", \"eventTypes\": [\"case.created\", null]}");

		problem(refused, 400, "validation-failed");
		assertThat(refused.fieldErrors()).containsExactly("eventTypes[1]");
	}

	@Test
	void aDateTheDatabaseCannotHoldIsABadRequestNotAConflict() {
		String principal = "far-future-" + UUID.randomUUID().toString().substring(0, 8);
		Response refused = this.admin.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT', 'expiresAt': '+999999999-12-31T23:59:59Z'}", principal));

		problem(refused, 400, "unstorable-value");
		assertThat(this.admin.get("/api/v1/api-keys?principal=" + principal).json().get("items")).isEmpty();
	}

	@Test
	void aFractionForAWholeNumberIsRefusedNotTruncated() {
		String principal = "fraction-" + UUID.randomUUID().toString().substring(0, 8);
		String id = this.admin.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal))
			.field("id");

		Response refused = this.admin.post("/api/v1/api-keys/" + id + "/rotation", "{\"graceMinutes\": 1.5}");

		problem(refused, 400, "validation-failed");
		assertThat(refused.fieldErrors()).containsExactly("graceMinutes");
		assertThat(this.admin.get("/api/v1/api-keys?principal=" + principal).json().get("items")).hasSize(1);
	}

	@Test
	void storableTextAllowsEveryCharacterButNulAndUnpairedSurrogates() {
		for (String fine : List.of("", "Přílišně žluťoučký kůň", "😡🔥👍🏽", "\u202Eevil", "a\u0001b", "e\u0301")) {
			assertThat(StorableText.flaw(fine)).as(fine).isNull();
		}
		assertThat(StorableText.flaw("a\u0000b")).contains("NUL");
		assertThat(StorableText.flaw("a\uD83D")).contains("unpaired");
		assertThat(StorableText.flaw("\uDE00a")).contains("unpaired");
		assertThat(StorableText.flaw("\uD83Da")).contains("unpaired");
	}

	@Test
	void queryDecodingIsStrictUtf8() {
		assertThat(QueryStringCheck.decode("a+b%20c%C3%A9")).isEqualTo("a b cé");
		assertThat(QueryStringCheck.decode("%ZZ")).isNull();
		assertThat(QueryStringCheck.decode("%C3")).isNull();
		assertThat(QueryStringCheck.decode("%")).isNull();
		assertThat(QueryStringCheck.decode("%ED%A0%BD")).as("an encoded surrogate").isNull();
	}

	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
