package io.defuse.webhook.inbound;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code inbound_messages} table: which messages each integration already sent, and
 * what they made. Claimed inside the transaction of the message's effect, so the record
 * and the effect commit or roll back together.
 */
@Component
class InboundMessages {

	private final JdbcTemplate jdbc;

	private final InboundProperties properties;

	private final Clock clock;

	InboundMessages(JdbcTemplate jdbc, InboundProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * What a message made the first time.
	 *
	 * @param type the event type it had
	 * @param caseId the case it opened, if any
	 * @param customerId the customer it created or changed, if any
	 */
	record Recorded(String type, UUID caseId, UUID customerId) {
	}

	/**
	 * Records the message as received; {@code false} if it was already. While another
	 * transaction holds an uncommitted claim of the same message, this waits for it: a
	 * commit makes this one a duplicate, a rollback lets it through.
	 */
	boolean claim(UUID integrationId, String messageId, String type, Instant receivedAt) {
		return this.jdbc.update("""
				insert into inbound_messages (integration_id, message_id, type, received_at)
				values (?, ?, ?, ?)
				on conflict (integration_id, message_id) do nothing""", integrationId, messageId, type,
				Timestamp.from(receivedAt)) == 1;
	}

	void record(UUID integrationId, String messageId, UUID caseId, UUID customerId) {
		this.jdbc.update("""
				update inbound_messages set case_id = ?, customer_id = ?
				where integration_id = ? and message_id = ?""", caseId, customerId, integrationId, messageId);
	}

	Optional<Recorded> find(UUID integrationId, String messageId) {
		return this.jdbc
			.query("""
					select type, case_id, customer_id from inbound_messages
					where integration_id = ? and message_id = ?""",
					(row, n) -> new Recorded(row.getString("type"), row.getObject("case_id", UUID.class),
							row.getObject("customer_id", UUID.class)),
					integrationId, messageId)
			.stream()
			.findFirst();
	}

	/**
	 * Forgets messages received longer ago than the retention; a message resent after
	 * that would be applied again (senders retry for hours, not for a week).
	 */
	int purgeExpired() {
		return this.jdbc.update("delete from inbound_messages where received_at < ?",
				Timestamp.from(this.clock.instant().minus(this.properties.retention())));
	}

}
