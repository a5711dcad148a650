package io.defuse.access;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class ApiKeyTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcTemplate jdbc;

	@Value("${defuse.bootstrap-admin-key}")
	String adminKey;

	@Test
	void createdKeyIsShownOnceAndAuthenticatesItsPrincipal() {
		String principal = unique("agent");
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT', 'description': 'desk'}", principal));
		assertThat(created.status()).isEqualTo(201);
		String key = created.field("key");
		assertThat(key).startsWith("dfs_").hasSizeGreaterThanOrEqualTo(4 + 43);
		assertThat(created.header("Location")).isEqualTo("/api/v1/api-keys/" + created.field("id"));

		Response fetched = this.api.get("/api/v1/api-keys/" + created.field("id"));
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.body()).doesNotContain(key);
		assertThat(fetched.field("prefix")).isEqualTo(key.substring(0, 12));
		assertThat(fetched.field("status")).isEqualTo("ACTIVE");

		// an agent is authenticated but may not manage keys
		Response asAgent = this.api.as(key).get("/api/v1/api-keys");
		problem(asAgent, 403, "forbidden");
		assertThat(this.api.as(key).get("/api/v1/no-such-thing").status()).isEqualTo(404);
	}

	@Test
	void keysAreStoredOnlyAsHashes() {
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'INTEGRATION'}", unique("crm")));
		String key = created.field("key");
		List<String> stored = this.jdbc.queryForList(
				"select concat_ws('|', prefix, key_hash, description) from api_keys where id = ?", String.class,
				UUID.fromString(created.field("id")));
		assertThat(stored).singleElement().satisfies((row) -> assertThat(row).doesNotContain(key));
		assertThat(this.jdbc.queryForObject("select key_hash from api_keys where id = ?", String.class,
				UUID.fromString(created.field("id"))))
			.isEqualTo(ApiKeySecret.hash(key));
	}

	@Test
	void revokedKeyStopsWorkingAtOnce() {
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'SUPERVISOR'}", unique("lead")));
		String key = created.field("key");
		assertThat(this.api.as(key).get("/api/v1/nothing-here").status()).isEqualTo(404);

		Response revoked = this.api.delete("/api/v1/api-keys/" + created.field("id"));
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.field("status")).isEqualTo("REVOKED");

		problem(this.api.as(key).get("/api/v1/nothing-here"), 401, "invalid-api-key");
	}

	@Test
	void expiredKeyIsRefused() {
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT', 'expiresAt': '%s'}", unique("temp"),
						Instant.now().plus(1, ChronoUnit.HOURS)));
		String key = created.field("key");
		assertThat(this.api.as(key).get("/api/v1/nothing-here").status()).isEqualTo(404);

		this.jdbc.update("update api_keys set expires_at = now() - interval '1 second' where id = ?",
				UUID.fromString(created.field("id")));

		problem(this.api.as(key).get("/api/v1/nothing-here"), 401, "invalid-api-key");
		assertThat(this.api.get("/api/v1/api-keys/" + created.field("id")).field("status")).isEqualTo("EXPIRED");
	}

	@Test
	void expiryInThePastIsRefused() {
		Response response = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT', 'expiresAt': '2020-01-01T00:00:00Z'}", unique("old")));
		problem(response, 400, "expiry-in-past");
	}

	@Test
	void unknownKeyIsRefused() {
		problem(this.api.as("dfs_made-up-key").get("/api/v1/api-keys"), 401, "invalid-api-key");
	}

	@Test
	void principalKeepsItsRole() {
		String principal = unique("bob");
		this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal));
		Response second = this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal));
		assertThat(second.status()).isEqualTo(201);
		Response escalated = this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'ADMIN'}", principal));
		problem(escalated, 409, "principal-role-mismatch");
	}

	@Test
	void theLastActiveAdminKeyCannotBeRevoked() {
		List<String> adminKeys = this.jdbc.queryForList("""
				select k.id::text from api_keys k join accounts a on a.id = k.account_id
				where a.role = 'ADMIN' and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())""",
				String.class);
		String bootstrapId = this.jdbc.queryForObject("select id::text from api_keys where key_hash = ?", String.class,
				ApiKeySecret.hash(this.adminKey));
		// revoke every other admin key, with the bootstrap key, so only the bootstrap key
		// is left
		for (String id : adminKeys) {
			if (!id.equals(bootstrapId)) {
				assertThat(this.api.delete("/api/v1/api-keys/" + id).status()).isEqualTo(200);
			}
		}
		problem(this.api.delete("/api/v1/api-keys/" + bootstrapId), 409, "last-admin-key");
		assertThat(this.api.get("/api/v1/api-keys/" + bootstrapId).field("status")).isEqualTo("ACTIVE");
	}

	@Test
	void listPagesWithACursorAndFiltersByPrincipal() {
		String principal = unique("pager");
		for (int i = 0; i < 5; i++) {
			this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal));
		}
		List<String> ids = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Response page = this.api
				.get("/api/v1/api-keys?limit=2&principal=" + principal + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).isEqualTo(200);
			for (JsonNode item : page.json().get("items")) {
				assertThat(item.get("principal").asString()).isEqualTo(principal);
				assertThat(item.has("key")).isFalse();
				ids.add(item.get("id").asString());
			}
			cursor = page.field("nextCursor");
			pages++;
		}
		while (cursor != null);
		assertThat(ids).hasSize(5).doesNotHaveDuplicates();
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void usingAKeyRecordsWhenItWasLastUsed() {
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT'}", unique("seen")));
		assertThat(this.api.get("/api/v1/api-keys/" + created.field("id")).field("lastUsedAt")).isNull();
		this.api.as(created.field("key")).get("/api/v1/nothing-here");
		assertThat(this.api.get("/api/v1/api-keys/" + created.field("id")).field("lastUsedAt")).isNotNull();
	}

	private static String unique(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
