package io.defuse.access;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

	@Autowired
	RecentKeys recentKeys;

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
		this.recentKeys.forgetAll(); // changed behind the service's back: as at the
										// interval's end

		problem(this.api.as(key).get("/api/v1/nothing-here"), 401, "invalid-api-key");
		assertThat(this.api.get("/api/v1/api-keys/" + created.field("id")).field("status")).isEqualTo("EXPIRED");
	}

	@Test
	void aKeyRememberedByTheInstanceStillStopsAtItsExpiry() throws InterruptedException {
		Instant expiresAt = Instant.now().plusMillis(1500);
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT', 'expiresAt': '%s'}", unique("brief"), expiresAt));
		String key = created.field("key");
		assertThat(this.api.as(key).get("/api/v1/nothing-here").status()).isEqualTo(404);

		Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis() + 100));
		problem(this.api.as(key).get("/api/v1/nothing-here"), 401, "invalid-api-key");
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

	@Test
	void rotationIssuesANewKeyForTheSamePrincipalAndStopsTheOldOneAtOnce() {
		String principal = unique("rotating");
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'SUPERVISOR', 'description': 'team lead desk'}", principal));
		String oldKey = created.field("key");
		assertThat(this.api.as(oldKey).get("/api/v1/nothing-here").status()).isEqualTo(404);

		Response rotated = this.api.post("/api/v1/api-keys/" + created.field("id") + "/rotation", null);
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
		String newKey = rotated.field("key");
		assertThat(newKey).startsWith("dfs_").isNotEqualTo(oldKey);
		assertThat(rotated.header("Location")).isEqualTo("/api/v1/api-keys/" + rotated.field("id"));
		assertThat(rotated.header("Cache-Control")).contains("no-store");
		assertThat(rotated.field("principal")).isEqualTo(principal);
		assertThat(rotated.field("role")).isEqualTo("SUPERVISOR");
		assertThat(rotated.field("description")).isEqualTo("team lead desk");
		assertThat(rotated.field("expiresAt")).isNull();
		assertThat(rotated.field("replacedKeyId")).isEqualTo(created.field("id"));
		assertThat(rotated.field("replacedKeyRevokedAt")).isNotNull();

		assertThat(this.api.as(newKey).get("/api/v1/nothing-here").status()).isEqualTo(404);
		problem(this.api.as(oldKey).get("/api/v1/nothing-here"), 401, "invalid-api-key");
		assertThat(this.api.get("/api/v1/api-keys/" + created.field("id")).field("status")).isEqualTo("REVOKED");
		assertThat(this.api.get("/api/v1/api-keys/" + rotated.field("id")).body()).doesNotContain(newKey);
	}

	@Test
	void aRotatedKeyWorksUntilItsGracePeriodEnds() {
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'INTEGRATION'}", unique("graceful")));
		String oldKey = created.field("key");
		String oldId = created.field("id");

		Response rotated = this.api.post("/api/v1/api-keys/" + oldId + "/rotation", json("{'graceMinutes': 60}"));
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
		Instant graceEnds = Instant.parse(rotated.field("replacedKeyRevokedAt"));
		assertThat(graceEnds).isBetween(Instant.now().plus(59, ChronoUnit.MINUTES),
				Instant.now().plus(61, ChronoUnit.MINUTES));

		// both work during the grace period; the old one is listed as active until then
		assertThat(this.api.as(oldKey).get("/api/v1/nothing-here").status()).isEqualTo(404);
		assertThat(this.api.as(rotated.field("key")).get("/api/v1/nothing-here").status()).isEqualTo(404);
		Response old = this.api.get("/api/v1/api-keys/" + oldId);
		assertThat(old.field("status")).isEqualTo("ACTIVE");
		assertThat(Instant.parse(old.field("revokedAt"))).isEqualTo(graceEnds);

		this.jdbc.update("update api_keys set revoked_at = now() - interval '1 second' where id = ?",
				UUID.fromString(oldId));
		this.recentKeys.forgetAll(); // changed behind the service's back: as at the
										// interval's end
		problem(this.api.as(oldKey).get("/api/v1/nothing-here"), 401, "invalid-api-key");
		assertThat(this.api.get("/api/v1/api-keys/" + oldId).field("status")).isEqualTo("REVOKED");
		assertThat(this.api.as(rotated.field("key")).get("/api/v1/nothing-here").status()).isEqualTo(404);
	}

	@Test
	void revokingARotatedKeyEndsItsGracePeriodAtOnce() {
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT'}", unique("cut-short")));
		this.api.post("/api/v1/api-keys/" + created.field("id") + "/rotation", json("{'graceMinutes': 120}"));
		assertThat(this.api.as(created.field("key")).get("/api/v1/nothing-here").status()).isEqualTo(404);

		assertThat(this.api.delete("/api/v1/api-keys/" + created.field("id")).field("status")).isEqualTo("REVOKED");
		problem(this.api.as(created.field("key")).get("/api/v1/nothing-here"), 401, "invalid-api-key");
	}

	@Test
	void aRotatedKeyLivesAsLongAsTheKeyItReplaces() {
		Instant expiresAt = Instant.now().plus(2, ChronoUnit.HOURS);
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT', 'expiresAt': '%s'}", unique("mortal"), expiresAt));
		Duration lifetime = Duration.between(Instant.parse(created.field("createdAt")),
				Instant.parse(created.field("expiresAt")));

		Response rotated = this.api.post("/api/v1/api-keys/" + created.field("id") + "/rotation", null);
		assertThat(
				Duration.between(Instant.parse(rotated.field("createdAt")), Instant.parse(rotated.field("expiresAt"))))
			.isEqualTo(lifetime);
	}

	@Test
	void onlyAnActiveKeyCanBeRotated() {
		Response revoked = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT'}", unique("revoked")));
		this.api.delete("/api/v1/api-keys/" + revoked.field("id"));
		problem(this.api.post("/api/v1/api-keys/" + revoked.field("id") + "/rotation", null), 409, "key-not-active");

		Response expired = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT', 'expiresAt': '%s'}", unique("expired"),
						Instant.now().plus(1, ChronoUnit.HOURS)));
		this.jdbc.update("update api_keys set expires_at = now() - interval '1 second' where id = ?",
				UUID.fromString(expired.field("id")));
		problem(this.api.post("/api/v1/api-keys/" + expired.field("id") + "/rotation", null), 409, "key-not-active");

		Response rotatedOnce = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT'}", unique("twice")));
		String path = "/api/v1/api-keys/" + rotatedOnce.field("id") + "/rotation";
		assertThat(this.api.post(path, json("{'graceMinutes': 10}")).status()).isEqualTo(201);
		problem(this.api.post(path, null), 409, "key-not-active");

		problem(this.api.post("/api/v1/api-keys/" + UUID.randomUUID() + "/rotation", null), 404, "not-found");
	}

	@Test
	void theGracePeriodIsBounded() {
		Response created = this.api.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT'}", unique("bounded")));
		String path = "/api/v1/api-keys/" + created.field("id") + "/rotation";
		Response tooLong = this.api.post(path, json("{'graceMinutes': 1441}"));
		problem(tooLong, 400, "validation-failed");
		assertThat(tooLong.fieldErrors()).containsExactly("graceMinutes");
		problem(this.api.post(path, json("{'graceMinutes': -1}")), 400, "validation-failed");
		problem(this.api.post(path, json("{'graceHours': 1}")), 400, "validation-failed");
		assertThat(this.api.as(created.field("key")).get("/api/v1/nothing-here").status()).isEqualTo(404);
		problem(this.api.withNewPrincipal("SUPERVISOR").post(path, null), 403, "forbidden");
	}

	@Test
	void aPrincipalHoldsAtMostFiveActiveKeys() {
		String principal = unique("collector");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Response created = this.api.post("/api/v1/api-keys",
					json("{'principal': '%s', 'role': 'AGENT'}", principal));
			assertThat(created.status()).isEqualTo(201);
			ids.add(created.field("id"));
		}
		Response sixth = this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal));
		problem(sixth, 409, "too-many-keys");
		assertThat(sixth.json().get("limit").asInt()).isEqualTo(5);
		assertThat(sixth.field("detail")).contains("5", principal, "revoke");

		// rotating replaces a key, so it is allowed at the limit; the key in its grace
		// period does not count
		assertThat(this.api.post("/api/v1/api-keys/" + ids.get(0) + "/rotation", json("{'graceMinutes': 60}")).status())
			.isEqualTo(201);
		problem(this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal)), 409,
				"too-many-keys");

		// revoked and expired keys do not count either
		this.api.delete("/api/v1/api-keys/" + ids.get(1));
		this.jdbc.update("update api_keys set expires_at = now() - interval '1 second' where id = ?",
				UUID.fromString(ids.get(2)));
		assertThat(this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal)).status())
			.isEqualTo(201);
		assertThat(this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal)).status())
			.isEqualTo(201);
		problem(this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal)), 409,
				"too-many-keys");
	}

	@Test
	void concurrentCreatesNeverExceedTheLimit() throws Exception {
		String principal = unique("racer");
		this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<Integer>> answers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			answers.add(pool
				.submit(() -> this.api.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal))
					.status()));
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> answer : answers) {
			statuses.add(answer.get(30, TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(statuses).containsOnly(201, 409).filteredOn((status) -> status == 201).hasSize(4);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from api_keys k join accounts a on a.id = k.account_id where a.name = ?", Long.class,
				principal))
			.isEqualTo(5);
	}

	@Test
	void aKeyInTheQueryStringIsRefusedWhetherValidOrNot() {
		for (String parameter : List.of("api_key", "apiKey", "APIKEY", "key", "Key", "x-api-key", "X-API-KEY",
				"x_api_key", "api-key")) {
			Response withValidKey = this.api.as(null).get("/api/v1/api-keys?" + parameter + "=" + this.adminKey);
			problem(withValidKey, 400, "key-in-url");
			assertThat(withValidKey.body()).doesNotContain(this.adminKey);
		}
		Response unknown = this.api.as(null).get("/api/v1/api-keys?principal=x&apiKey=dfs_made-up-key-123");
		problem(unknown, 400, "key-in-url");
		assertThat(unknown.body()).doesNotContain("dfs_made-up-key-123");

		// also with a valid key in the header, on public paths and on POSTs
		problem(this.api.get("/api/v1/api-keys?api_key=" + this.adminKey), 400, "key-in-url");
		problem(this.api.as(null).get("/actuator/health?key=whatever"), 400, "key-in-url");
		problem(this.api.post("/api/v1/api-keys?%61pi_key=x",
				json("{'principal': '%s', 'role': 'AGENT'}", unique("never"))), 400, "key-in-url");

		// parameters that merely look alike are fine
		assertThat(this.api.get("/api/v1/api-keys?principal=keyholder&keys=1").status()).isEqualTo(200);
	}

	@Test
	void missingUnknownRevokedAndExpiredKeysAreProblems() {
		problem(this.api.as(null).get("/api/v1/api-keys"), 401, "unauthenticated");
		Response unknown = this.api.as("dfs_" + UUID.randomUUID()).get("/api/v1/api-keys");
		problem(unknown, 401, "invalid-api-key");
		assertThat(unknown.header("WWW-Authenticate")).contains("X-API-Key");
	}

	private static String unique(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
