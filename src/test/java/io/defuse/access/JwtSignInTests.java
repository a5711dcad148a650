package io.defuse.access;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT sign-in over HTTP: a context of its own that trusts a key set served by a local
 * stand-in for the identity provider, whose RSA key pair is generated for this run.
 */
@IntegrationTest
class JwtSignInTests {

	private static final String TEAM = "8d3f7a52-46a1-4b8e-9e0a-2f6c1d9b7e44";

	private static final TokenIssuer identityProvider = new TokenIssuer("idp-key-1");

	private static volatile boolean keySetReachable = true;

	private static final HttpServer keySetServer = startKeySetServer();

	@Autowired
	ApiClient api;

	@DynamicPropertySource
	static void trustTheIdentityProvider(DynamicPropertyRegistry registry) {
		String jwt = "spring.security.oauth2.resourceserver.jwt.";
		registry.add(jwt + "jwk-set-uri",
				() -> "http://localhost:" + keySetServer.getAddress().getPort() + "/jwks.json");
		registry.add(jwt + "issuer-uri", () -> TokenIssuer.ISSUER);
		registry.add(jwt + "audiences", () -> TokenIssuer.AUDIENCE);
	}

	@AfterAll
	static void stopKeySetServer() {
		keySetServer.stop(0);
	}

	@Test
	void agentTokenWorksCasesButMayNotManageKeys() {
		String token = sign(agent());
		assertThat(bearer(token).get("/api/v1/cases").status()).isEqualTo(200);
		problem(bearer(token).get("/api/v1/api-keys"), 403, "forbidden");
	}

	@Test
	void supervisorTokenWorksCasesButMayNotManageKeys() {
		String token = sign(
				TokenIssuer.claims().claim("defuse_role", "SUPERVISOR").claim("defuse_team", List.of(TEAM)));
		assertThat(bearer(token).get("/api/v1/cases").status()).isEqualTo(200);
		problem(bearer(token).get("/api/v1/api-keys"), 403, "forbidden");
	}

	@Test
	void adminTokenManagesKeys() {
		String token = sign(TokenIssuer.claims().claim("defuse_role", "ADMIN"));
		assertThat(bearer(token).get("/api/v1/api-keys").status()).isEqualTo(200);
		assertThat(bearer(token).get("/actuator/prometheus").status()).isEqualTo(200);
	}

	@Test
	void integrationTokenIsNoAdmin() {
		String token = sign(TokenIssuer.claims().claim("defuse_role", "INTEGRATION"));
		assertThat(bearer(token).get("/api/v1/cases").status()).isEqualTo(200);
		problem(bearer(token).get("/api/v1/integrations"), 403, "forbidden");
	}

	@Test
	void nameFromTheTokenIsRecordedOnWhatItsHolderDoes() {
		String named = sign(agent().claim("preferred_username", "jana.agent"));
		assertThat(open(named).field("createdBy")).isEqualTo("jana.agent");

		JWTClaimsSet.Builder unnamed = agent();
		String subject = unnamed.build().getSubject();
		assertThat(open(sign(unnamed)).field("createdBy")).isEqualTo(subject);
	}

	@Test
	void apiKeysKeepWorkingNextToTokens() {
		assertThat(this.api.get("/api/v1/api-keys").status()).isEqualTo(200);
		ApiClient agentKey = this.api.withNewPrincipal("AGENT");
		assertThat(agentKey.get("/api/v1/cases").status()).isEqualTo(200);
		problem(agentKey.get("/api/v1/api-keys"), 403, "forbidden");
	}

	@Test
	void apiKeyAndTokenTogetherAreAmbiguous() {
		Response both = this.api.get("/api/v1/api-keys", "Authorization",
				"Bearer " + sign(TokenIssuer.claims().claim("defuse_role", "ADMIN")));
		problem(both, 400, "ambiguous-credentials");
		assertThat(both.field("detail")).contains("not both");
	}

	@Test
	void noCredentialIsChallengedForBoth() {
		Response anonymous = this.api.as(null).get("/api/v1/cases");
		problem(anonymous, 401, "unauthenticated");
		assertThat(anonymous.field("detail")).contains("X-API-Key", "bearer token");
		assertThat(challenges(anonymous)).anyMatch((challenge) -> challenge.startsWith("ApiKey"))
			.anyMatch((challenge) -> challenge.startsWith("Bearer"));
	}

	@Test
	void expiredTokenIsRefused() {
		Instant expired = Instant.now().minusSeconds(120);
		Response response = bearer(
				sign(agent().issueTime(Date.from(expired.minusSeconds(300))).expirationTime(Date.from(expired))))
			.get("/api/v1/cases");
		invalidToken(response, "invalid-token");
		assertThat(response.field("detail")).contains("expired");
	}

	@Test
	void tokenNotYetValidIsRefused() {
		Response response = bearer(sign(agent().notBeforeTime(Date.from(Instant.now().plusSeconds(300)))))
			.get("/api/v1/cases");
		invalidToken(response, "invalid-token");
		assertThat(response.field("detail")).contains("used before");
	}

	@Test
	void tokenWithoutExpiryIsRefused() {
		invalidToken(bearer(sign(agent().expirationTime(null))).get("/api/v1/cases"), "invalid-token");
	}

	@Test
	void tokenForAnotherAudienceOrNoneIsRefused() {
		Response other = bearer(sign(agent().audience("another-app"))).get("/api/v1/cases");
		invalidToken(other, "invalid-token");
		assertThat(other.field("detail")).contains("aud");
		invalidToken(bearer(sign(agent().audience((String) null))).get("/api/v1/cases"), "invalid-token");
	}

	@Test
	void tokenFromAnotherIssuerIsRefused() {
		Response response = bearer(sign(agent().issuer("https://login.example.test/realms/elsewhere")))
			.get("/api/v1/cases");
		invalidToken(response, "invalid-token");
		assertThat(response.field("detail")).contains("iss");
	}

	@Test
	void tokenSignedByAnotherKeyIsRefused() {
		TokenIssuer impostor = new TokenIssuer("idp-key-1");
		invalidToken(bearer(impostor.sign(agent())).get("/api/v1/cases"), "invalid-token");
		invalidToken(bearer(impostor.sign(agent(), "idp-key-unknown")).get("/api/v1/cases"), "invalid-token");
	}

	@Test
	void unsignedTokenIsRefused() {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
		String claims = base64
			.encodeToString(agent().claim("defuse_role", "ADMIN").build().toString().getBytes(StandardCharsets.UTF_8));
		invalidToken(bearer(header + "." + claims + ".").get("/api/v1/api-keys"), "invalid-token");
	}

	@Test
	void malformedTokensAreRefused() {
		for (String token : List.of("not-a-jwt", "a.b.c", "abc def", "")) {
			Response response = this.api.as(null).get("/api/v1/cases", "Authorization", "Bearer " + token);
			invalidToken(response, "invalid-token");
		}
	}

	@Test
	void tokenWithoutRoleOrWithAnUnknownOneIsRefused() {
		Response none = bearer(sign(TokenIssuer.claims().claim("defuse_team", TEAM))).get("/api/v1/cases");
		invalidToken(none, "token-role-invalid");
		assertThat(none.field("detail")).contains("defuse_role");
		invalidToken(bearer(sign(TokenIssuer.claims().claim("defuse_role", "ROOT"))).get("/api/v1/cases"),
				"token-role-invalid");
	}

	@Test
	void agentTokenWithoutTeamIsRefused() {
		Response response = bearer(sign(TokenIssuer.claims().claim("defuse_role", "AGENT"))).get("/api/v1/cases");
		invalidToken(response, "token-team-missing");
		assertThat(response.field("detail"))
			.isEqualTo("Role AGENT works on a team's cases, but the token's defuse_team claim names no team");
	}

	@Test
	void unreachableKeySetIsNotTheCallersFault() {
		// a key id the service has not seen makes it fetch the key set again
		TokenIssuer rotated = new TokenIssuer("idp-key-2");
		keySetReachable = false;
		try {
			Response response = bearer(rotated.sign(agent())).get("/api/v1/cases");
			problem(response, 503, "token-verification-unavailable");
			assertThat(response.header("Retry-After")).isNotBlank();
		}
		finally {
			keySetReachable = true;
		}
		assertThat(bearer(sign(agent())).get("/api/v1/cases").status()).isEqualTo(200);
	}

	@Test
	void openApiOffersTheBearerSchemeNextToTheApiKey() {
		JsonNode doc = this.api.as(null).get("/v3/api-docs").json();
		JsonNode scheme = doc.at("/components/securitySchemes/bearerAuth");
		assertThat(scheme.get("type").asString()).isEqualTo("http");
		assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
		assertThat(scheme.get("bearerFormat").asString()).isEqualTo("JWT");
		assertThat(doc.at("/components/securitySchemes/apiKey/type").asString()).isEqualTo("apiKey");
		assertThat(doc.get("security").toString()).contains("apiKey", "bearerAuth");
		assertThat(doc.at("/info/description").asString()).contains("Authorization: Bearer");
	}

	/** The team the tokens name: teams are made by admins, a token only names one. */
	@org.junit.jupiter.api.BeforeEach
	void theTokensTeamExists(@Autowired org.springframework.jdbc.core.JdbcTemplate jdbc) {
		jdbc.update(
				"insert into teams (id, name, created_at, created_by) values (?::uuid, 'Signed-in team', now(), 'test')"
						+ " on conflict do nothing",
				TEAM);
	}

	private Response open(String token) {
		// recorded by the signed-in person, so their team sees the customer
		Response customer = bearer(token).post("/api/v1/customers",
				json("{'displayName': 'Customer %s', 'language': 'en'}", UUID.randomUUID()));
		assertThat(customer.status()).as(customer.body()).isEqualTo(201);
		Response opened = bearer(token).post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Late delivery', 'statement': 'It is late'}",
						customer.field("id")));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened;
	}

	private static void invalidToken(Response response, String code) {
		problem(response, 401, code);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
	}

	private static List<String> challenges(Response response) {
		return response.headers()
			.entrySet()
			.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase("WWW-Authenticate"))
			.flatMap((header) -> header.getValue().stream())
			.toList();
	}

	private Bearer bearer(String token) {
		return new Bearer(this.api.as(null), token);
	}

	private static JWTClaimsSet.Builder agent() {
		return TokenIssuer.claims().claim("defuse_role", "AGENT").claim("defuse_team", TEAM);
	}

	private static String sign(JWTClaimsSet.Builder claims) {
		return identityProvider.sign(claims);
	}

	/** A client that sends a bearer token and no API key. */
	private record Bearer(ApiClient client, String token) {

		Response get(String path) {
			return this.client.get(path, "Authorization", "Bearer " + this.token);
		}

		Response post(String path, String body) {
			return this.client.post(path, body, "Authorization", "Bearer " + this.token);
		}

	}

	private static HttpServer startKeySetServer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/jwks.json", (exchange) -> {
				byte[] body = identityProvider.jwkSet().getBytes(StandardCharsets.UTF_8);
				if (!keySetReachable) {
					exchange.sendResponseHeaders(503, -1);
					exchange.close();
					return;
				}
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
