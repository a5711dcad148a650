package io.defuse.webhook;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Outbound webhook metrics: what came of each delivery attempt (counted once its record
 * has committed), how long a message took from its commit to the receiver's 2xx, and how
 * many deliveries are queued. The queue is read from the database every few seconds by
 * this instance and kept, so a scrape never runs a query. See docs/OBSERVABILITY.md.
 */
@Component
class WebhookMetrics {

	static final String DELIVERIES = "defuse.webhook.deliveries";

	static final String LAG = "defuse.webhook.delivery.lag";

	static final String PENDING = "defuse.webhook.deliveries.pending";

	static final String ENDPOINTS_DISABLED = "defuse.webhook.endpoints.disabled";

	static final String ENDPOINTS_LISTENING = "defuse.webhook.endpoints.listening";

	/** What came of a delivery attempt. */
	enum Result {

		/** The receiver answered 2xx. */
		DELIVERED,

		/** It failed; another attempt is scheduled. */
		FAILED_ATTEMPT,

		/** It failed and was the last attempt: the delivery is FAILED. */
		GAVE_UP,

		/**
		 * The endpoint is disabled, or answered 410 Gone and is disabled now: the
		 * delivery is FAILED.
		 */
		DISABLED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** Why an endpoint was disabled. */
	enum DisabledReason {

		/** It answered 410 Gone. */
		GONE,

		/** It failed for the configured number of days without a single success. */
		FAILING;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** The lag objective is 1 s at p99; the buckets resolve it and the retry range. */
	private static final Duration[] LAG_BUCKETS = { Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
			Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12),
			Duration.ofDays(1) };

	private static final Logger log = LoggerFactory.getLogger(WebhookMetrics.class);

	private final MeterRegistry meters;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Timer lag;

	private volatile double due = Double.NaN;

	private volatile double waiting = Double.NaN;

	private volatile boolean refreshFailing;

	WebhookMetrics(MeterRegistry meters, JdbcClient jdbc, Clock clock, EnabledEndpoints endpoints) {
		this.meters = meters;
		this.jdbc = jdbc;
		this.clock = clock;
		this.lag = Timer.builder(LAG)
			.description("From a message's commit to the receiver's 2xx, retries included")
			.serviceLevelObjectives(LAG_BUCKETS)
			.register(meters);
		for (Result result : Result.values()) {
			deliveries(result);
		}
		for (DisabledReason reason : DisabledReason.values()) {
			endpointsDisabled(reason);
		}
		Gauge.builder(PENDING, this, (metrics) -> metrics.due)
			.description("Deliveries waiting to be attempted now (or being attempted), refreshed every few seconds")
			.tag("state", "due")
			.register(meters);
		Gauge.builder(PENDING, this, (metrics) -> metrics.waiting)
			.description("Deliveries waiting for a later retry, refreshed every few seconds")
			.tag("state", "waiting")
			.register(meters);
		Gauge.builder(ENDPOINTS_LISTENING, endpoints, (listener) -> listener.listening() ? 1 : 0)
			.description("1 while this instance listens for changes of the webhook endpoints and so keeps them "
					+ "in memory; 0 while it reads them on every change")
			.register(meters);
	}

	/** A 2xx, {@code lag} after the message was committed. */
	void delivered(Duration lag) {
		afterCommit(() -> {
			deliveries(Result.DELIVERED).increment();
			this.lag.record(lag.isNegative() ? Duration.ZERO : lag);
		});
	}

	void attemptFailed(boolean retryScheduled) {
		afterCommit(() -> deliveries(retryScheduled ? Result.FAILED_ATTEMPT : Result.GAVE_UP).increment());
	}

	/** A delivery ended because its endpoint is (now) disabled. */
	void endedOnDisabledEndpoint() {
		afterCommit(() -> deliveries(Result.DISABLED).increment());
	}

	void endpointDisabled(DisabledReason reason) {
		afterCommit(() -> endpointsDisabled(reason).increment());
	}

	/**
	 * Reads the delivery queue: the deliveries the db-scheduler jobs name, due now or
	 * waiting for a retry. A job waiting behind a failed delivery names the ones it sent
	 * before it too, so the waiting count is at most a job's worth high per such job.
	 */
	@Scheduled(fixedDelayString = "${defuse.webhooks.pending-gauge-refresh:5s}")
	void refreshPending() {
		try {
			this.jdbc.sql("""
					select coalesce(sum(deliveries) filter (where execution_time <= :now), 0) as due,
					       coalesce(sum(deliveries) filter (where execution_time > :now), 0) as waiting
					from (select execution_time, cardinality(string_to_array(task_instance, ',')) as deliveries
					      from scheduled_tasks where task_name = :task) jobs""")
				.param("now", Timestamp.from(this.clock.instant()))
				.param("task", WebhookConfiguration.DELIVERY_TASK)
				.query((row, n) -> {
					this.due = row.getLong("due");
					this.waiting = row.getLong("waiting");
					return null;
				})
				.list();
			this.refreshFailing = false;
		}
		catch (RuntimeException ex) {
			// keep the last values; say so once per outage, not every few seconds
			if (!this.refreshFailing) {
				log.warn("Could not read the webhook delivery queue for its gauge: {}", ex.toString());
			}
			this.refreshFailing = true;
		}
	}

	private Counter deliveries(Result result) {
		return Counter.builder(DELIVERIES)
			.description("Webhook delivery attempts, by what came of them")
			.tag("result", result.tag())
			.register(this.meters);
	}

	private Counter endpointsDisabled(DisabledReason reason) {
		return Counter.builder(ENDPOINTS_DISABLED)
			.description("Webhook endpoints disabled by the service")
			.tag("reason", reason.tag())
			.register(this.meters);
	}

	/** Runs once the caller's transaction has committed; at once outside one. */
	private static void afterCommit(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

}
