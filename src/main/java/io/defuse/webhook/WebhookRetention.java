package io.defuse.webhook;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the delivery log for the retention period (30 days by default) from the event and
 * no longer: finished deliveries of older messages with their attempts, then the messages
 * no delivery refers to. Pending deliveries are never purged, however old.
 * <p>
 * Old deliveries are found through their messages, not by when they finished: an index on
 * that time would make every delivery's update write all its indexes anew (V22).
 */
@Component
class WebhookRetention {

	private final JdbcClient jdbc;

	private final WebhookProperties properties;

	private final Clock clock;

	WebhookRetention(JdbcClient jdbc, WebhookProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @return the deliveries removed
	 */
	@Transactional
	int purge() {
		Timestamp before = Timestamp.from(this.clock.instant().minus(this.properties.retention()));
		int deliveries = this.jdbc.sql("""
				delete from webhook_deliveries d using webhook_messages m
				where m.id = d.message_id and m.created_at < :before and d.status <> 'PENDING'""")
			.param("before", before)
			.update();
		this.jdbc.sql("""
				delete from webhook_messages m where m.created_at < :before
				and not exists (select 1 from webhook_deliveries d where d.message_id = m.id)""")
			.param("before", before)
			.update();
		return deliveries;
	}

}
