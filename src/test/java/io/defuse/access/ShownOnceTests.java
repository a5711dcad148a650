package io.defuse.access;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** A secret shown once is not kept for Idempotency-Key replays. */
@IntegrationTest
class ShownOnceTests {

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aReplayedKeyCreationRepeatsTheOutcomeButNotTheKey() {
		String idempotencyKey = UUID.randomUUID().toString();
		String body = json("{'principal': 'once-%s', 'role': 'AGENT'}", UUID.randomUUID());
		Response first = this.admin.post("/api/v1/api-keys", body, "Idempotency-Key", idempotencyKey);
		assertThat(first.status()).isEqualTo(201);
		String key = first.field("key");

		Response replay = this.admin.post("/api/v1/api-keys", body, "Idempotency-Key", idempotencyKey);
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
		assertThat(replay.body()).doesNotContain(key);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from idempotency_keys where convert_from(coalesce(response_body, ''), 'UTF8') like ?",
				Integer.class, "%" + key + "%"))
			.isZero();
		assertThat(this.admin.get("/api/v1/api-keys?limit=100").body()).doesNotContain(key);
	}

}
