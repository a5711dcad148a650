package io.defuse.shared.web;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The answers remembered for {@code Idempotency-Key} replays, as personal data: an
 * erasure must not leave a customer's details in a stored response body.
 */
@Component
public class StoredAnswers {

	/** Any UUID as the API writes them (lower case). */
	private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private final JdbcTemplate jdbc;

	StoredAnswers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Drops the body (and its content type) of every remembered answer that names one of
	 * the given ids, in the caller's transaction. The record itself stays, so a retry
	 * with the same key still does not repeat the write: it replays the status,
	 * {@code Location} and {@code ETag}, without a body.
	 * <p>
	 * Ids rather than names are matched: every answer that shows something about a
	 * customer names the customer, their case or the statement, and an id cannot match
	 * another person's answer by accident as a short name could.
	 * @return the answers changed
	 */
	public int forgetBodiesNaming(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		String[] wanted = ids.stream().map(UUID::toString).toArray(String[]::new);
		return this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("""
					update idempotency_keys k set response_body = null, content_type = null
					where k.response_body is not null
					  and exists (select 1 from regexp_matches(encode(k.response_body, 'escape'), ?, 'g') as m(found)
					              where m.found[1] = any(?))""");
			statement.setString(1, UUID_PATTERN);
			statement.setArray(2, connection.createArrayOf("text", wanted));
			return statement;
		});
	}

}
