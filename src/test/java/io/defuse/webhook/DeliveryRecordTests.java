package io.defuse.webhook;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.kagkarlsson.scheduler.Scheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import io.defuse.IntegrationTest;
import io.defuse.webhook.TestReceiver.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording a delivery attempt after the receiver has answered: when the connection pool
 * is exhausted at that moment, the record waits for a connection instead of failing the
 * job, which would send the same message again a minute later.
 */
@IntegrationTest
class DeliveryRecordTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	WebhookProperties properties;

	@Autowired
	WebhookMetrics metrics;

	@Autowired
	Clock clock;

	@Autowired
	ObjectProvider<Scheduler> scheduler;

	TestReceiver receiver;

	UUID endpoint = UUID.randomUUID();

	@BeforeEach
	void startReceiver() throws Exception {
		this.receiver = new TestReceiver();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
		this.jdbc.update("delete from webhook_endpoints where id = ?", this.endpoint);
	}

	@Test
	void attemptIsRecordedOnceThePoolHasAConnectionAgainSoTheMessageIsNotSentTwice() {
		String path = this.receiver.path("record", (n) -> Answer.status(204));
		UUID delivery = pendingDelivery(this.receiver.url(path));
		AtomicInteger refused = new AtomicInteger();
		DeliveryWorker worker = new DeliveryWorker(JdbcClient.create(poolExhaustedTwiceAfterTheLookUp(refused)),
				this.properties, this.metrics, this.clock, this.scheduler);

		assertThat(worker.deliver(delivery.toString())).as("nothing left to do").isEmpty();

		assertThat(refused).as("connections refused before the record went through").hasValue(2);
		assertThat(this.receiver.received(path)).hasSize(1);
		assertThat(
				this.jdbc.queryForObject("select status from webhook_deliveries where id = ?", String.class, delivery))
			.isEqualTo("SUCCEEDED");
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_attempts where delivery_id = ?", Long.class,
				delivery))
			.isOne();
		assertThat(worker.deliver(delivery.toString())).as("a finished delivery is not attempted again").isEmpty();
		assertThat(this.receiver.received(path)).hasSize(1);
	}

	/**
	 * The delivery's rows without its db-scheduler job, so only this test's worker
	 * attempts it.
	 */
	private UUID pendingDelivery(String url) {
		Timestamp now = Timestamp.from(Instant.now());
		// subscribed to pings only, which are sent to one endpoint by name: no event of
		// another test reaches it
		this.jdbc.update("""
				insert into webhook_endpoints (id, url, event_types, enabled, secret, created_at, updated_at, version)
				values (?, ?, '{ping}', true, ?, ?, ?, 0)""", this.endpoint, url, SECRET, now, now);
		String message = WebhookOutbox.newMessageId();
		this.jdbc.update("""
				insert into webhook_messages (id, type, occurred_at, body, created_at)
				values (?, 'customer.created', ?, '{"type":"customer.created"}', ?)""", message, now, now);
		UUID delivery = UUID.randomUUID();
		this.jdbc.update("""
				insert into webhook_deliveries (id, message_id, endpoint_id, status, next_attempt_at, created_at)
				values (?, ?, ?, 'PENDING', ?, ?)""", delivery, message, this.endpoint, now, now);
		return delivery;
	}

	/**
	 * The test's pool, giving out its first connection (the delivery's look-up before the
	 * attempt), then refusing the next two as an exhausted Hikari pool does.
	 */
	private DataSource poolExhaustedTwiceAfterTheLookUp(AtomicInteger refused) {
		AtomicInteger asked = new AtomicInteger();
		return new DelegatingDataSource(this.dataSource) {
			@Override
			public Connection getConnection() throws SQLException {
				if (asked.incrementAndGet() > 1 && refused.get() < 2) {
					refused.incrementAndGet();
					throw new SQLTransientConnectionException(
							"defuse-jobs - Connection is not available, request timed out after 30000ms");
				}
				return super.getConnection();
			}
		};
	}

}
