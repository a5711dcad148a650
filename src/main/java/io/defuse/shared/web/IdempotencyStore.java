package io.defuse.shared.web;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code idempotency_keys} table: claim, complete, release, replay, purge. */
@Component
class IdempotencyStore {

	/** How long a response is replayed for. */
	static final Duration RETENTION = Duration.ofHours(24);

	/**
	 * A claim older than this belongs to a request that died with its instance (its write
	 * rolled back with it), so a retry may take it over.
	 */
	static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	IdempotencyStore(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	sealed interface Claim permits Claimed, InFlight, Mismatch, Replay {

	}

	record Claimed() implements Claim {
	}

	record InFlight() implements Claim {
	}

	record Mismatch() implements Claim {
	}

	record Replay(int status, String location, String etag, String contentType, byte[] body) implements Claim {
	}

	/**
	 * Runs in its own transaction (none is open when the filter calls it), committed at
	 * once.
	 */
	Claim claim(UUID principal, String key, String fingerprint) {
		Instant now = this.clock.instant();
		int inserted = this.jdbc.update("""
				insert into idempotency_keys (principal_id, idempotency_key, fingerprint, state, created_at, expires_at)
				values (?, ?, ?, 'IN_FLIGHT', ?, ?)
				on conflict (principal_id, idempotency_key) do nothing""", principal, key, fingerprint,
				Timestamp.from(now), Timestamp.from(now.plus(RETENTION)));
		if (inserted == 1) {
			return new Claimed();
		}
		int taken = this.jdbc.update("""
				update idempotency_keys
				set fingerprint = ?, state = 'IN_FLIGHT', created_at = ?, expires_at = ?,
				    response_status = null, location = null, etag = null, content_type = null, response_body = null
				where principal_id = ? and idempotency_key = ?
				  and (expires_at < ? or (state = 'IN_FLIGHT' and created_at < ?))""", fingerprint, Timestamp.from(now),
				Timestamp.from(now.plus(RETENTION)), principal, key, Timestamp.from(now),
				Timestamp.from(now.minus(ABANDONED_AFTER)));
		if (taken == 1) {
			return new Claimed();
		}
		List<Claim> found = this.jdbc.query("""
				select fingerprint, state, response_status, location, etag, content_type, response_body
				from idempotency_keys where principal_id = ? and idempotency_key = ?""", (row, n) -> {
			if (!row.getString("fingerprint").equals(fingerprint)) {
				return new Mismatch();
			}
			if (row.getString("state").equals("IN_FLIGHT")) {
				return new InFlight();
			}
			return new Replay(row.getInt("response_status"), row.getString("location"), row.getString("etag"),
					row.getString("content_type"), row.getBytes("response_body"));
		}, principal, key);
		// the row vanished between the statements (released by its owner): claim again
		return found.isEmpty() ? claim(principal, key, fingerprint) : found.get(0);
	}

	/**
	 * Called inside the transaction of the write, so the record commits or rolls back
	 * with it.
	 */
	void complete(UUID principal, String key, int status, String location, String etag, String contentType,
			byte[] body) {
		this.jdbc.update("""
				update idempotency_keys
				set state = 'DONE', response_status = ?, location = ?, etag = ?, content_type = ?, response_body = ?
				where principal_id = ? and idempotency_key = ?""", status, location, etag, contentType, body, principal,
				key);
	}

	/**
	 * Frees a claim whose request did not succeed, so the client can retry with the same
	 * key.
	 */
	void release(UUID principal, String key) {
		this.jdbc.update(
				"delete from idempotency_keys where principal_id = ? and idempotency_key = ? and state = 'IN_FLIGHT'",
				principal, key);
	}

	int purgeExpired() {
		return this.jdbc.update("delete from idempotency_keys where expires_at < ?",
				Timestamp.from(this.clock.instant()));
	}

}
