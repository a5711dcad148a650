package io.defuse.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes one delivery attempt and decides what comes next: done, another try later (the
 * retry schedule, or the receiver's {@code Retry-After}), or failed. A 410 disables the
 * endpoint at once; an endpoint failing for days without a success is disabled too. Never
 * follows redirects, never reads more than 2 kB of an answer, and logs every attempt.
 */
@Component
class DeliveryWorker {

	static final int EXCERPT_BYTES = 2048;

	/**
	 * Pauses between tries to record an attempt (each try may wait up to the pool's
	 * connection timeout as well).
	 */
	static final long[] RECORD_BACKOFF_MS = { 250, 500, 1000, 2000, 4000 };

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final WebhookProperties properties;

	private final TargetGuard guard;

	private final RetrySchedule schedule;

	private final HttpClient http;

	private final WebhookMetrics metrics;

	private final Clock clock;

	DeliveryWorker(JdbcClient jdbc, TransactionTemplate transaction, WebhookProperties properties,
			WebhookMetrics metrics, Clock clock) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.properties = properties;
		this.guard = new TargetGuard(properties.allowPrivateTargets());
		this.schedule = new RetrySchedule(properties.retrySchedule(), properties.jitter(), properties.maxRetryAfter());
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * What a pending delivery needs for its attempt; {@code committedAt} is when its
	 * message was written, for the delivery lag.
	 */
	record Pending(UUID id, String messageId, String body, int attempts, UUID endpointId, String url, boolean enabled,
			String secret, String previousSecret, Instant previousSecretExpiresAt, Instant committedAt) {
	}

	/** What came of one attempt. */
	record Outcome(Integer status, int latencyMs, String error, String excerpt, Duration retryAfter) {

		boolean succeeded() {
			return this.status != null && this.status >= 200 && this.status < 300;
		}

	}

	/**
	 * Attempts the delivery if it is still pending.
	 * @return when to try again, or empty when the delivery is finished (or gone)
	 */
	Optional<Instant> deliver(UUID deliveryId) {
		Pending pending = load(deliveryId);
		if (pending == null) {
			return Optional.empty();
		}
		if (!pending.enabled()) {
			finish(pending.id(), "FAILED", "endpoint disabled");
			this.metrics.endedOnDisabledEndpoint();
			return Optional.empty();
		}
		Outcome outcome = attempt(pending);
		return Optional.ofNullable(recordOutcome(pending, outcome));
	}

	/**
	 * Records the attempt, riding out a busy connection pool or a transient database
	 * error. The receiver has the message by now: if the record were given up, the job
	 * would run again and send the same message a second time without any crash. Nothing
	 * is written when these exceptions occur, so trying again is safe.
	 */
	private Instant recordOutcome(Pending pending, Outcome outcome) {
		for (int retry = 0;; retry++) {
			try {
				return this.transaction.execute((status) -> record(pending, outcome));
			}
			catch (CannotCreateTransactionException | TransientDataAccessException ex) {
				if (retry >= RECORD_BACKOFF_MS.length) {
					throw ex;
				}
				log.warn("Could not record the attempt of webhook delivery {} ({}); trying again", pending.id(),
						ex.getClass().getSimpleName());
				try {
					Thread.sleep(RECORD_BACKOFF_MS[retry]);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private Pending load(UUID deliveryId) {
		return this.jdbc.sql("""
				select d.id, d.message_id, m.body, d.attempts, e.id as endpoint_id, e.url, e.enabled, e.secret,
				       e.previous_secret, e.previous_secret_expires_at, m.created_at
				from webhook_deliveries d
				join webhook_messages m on m.id = d.message_id
				join webhook_endpoints e on e.id = d.endpoint_id
				where d.id = :id and d.status = 'PENDING'""")
			.param("id", deliveryId)
			.query((row, n) -> new Pending(row.getObject("id", UUID.class), row.getString("message_id"),
					row.getString("body"), row.getInt("attempts"), row.getObject("endpoint_id", UUID.class),
					row.getString("url"), row.getBoolean("enabled"), row.getString("secret"),
					row.getString("previous_secret"),
					(row.getTimestamp("previous_secret_expires_at") != null)
							? row.getTimestamp("previous_secret_expires_at").toInstant() : null,
					row.getTimestamp("created_at").toInstant()))
			.optional()
			.orElse(null);
	}

	Outcome attempt(Pending pending) {
		long started = System.nanoTime();
		try {
			URI target = this.guard.parse(pending.url());
			this.guard.check(target);
			Instant now = this.clock.instant();
			byte[] body = pending.body().getBytes(StandardCharsets.UTF_8);
			long timestamp = now.getEpochSecond();
			String signature = WebhookSignature.sign(pending.secret(), pending.messageId(), timestamp, body);
			if (pending.previousSecret() != null && pending.previousSecretExpiresAt() != null
					&& pending.previousSecretExpiresAt().isAfter(now)) {
				signature += " "
						+ WebhookSignature.sign(pending.previousSecret(), pending.messageId(), timestamp, body);
			}
			HttpRequest request = HttpRequest.newBuilder(target)
				.timeout(this.properties.requestTimeout())
				.header("Content-Type", "application/json")
				.header("User-Agent", "Defuse-Webhooks/1")
				.header(WebhookSignature.ID_HEADER, pending.messageId())
				.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
				.header(WebhookSignature.SIGNATURE_HEADER, signature)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			String excerpt;
			try (InputStream answer = response.body()) {
				excerpt = new String(answer.readNBytes(EXCERPT_BYTES), StandardCharsets.UTF_8);
			}
			int status = response.statusCode();
			String error = (status >= 300 && status < 400)
					? "redirect not followed (" + response.headers().firstValue("Location").orElse("no Location") + ")"
					: null;
			return new Outcome(status, elapsed(started), error, excerpt,
					retryAfter(response.headers().firstValue("Retry-After").orElse(null), now));
		}
		catch (TargetGuard.RefusedTarget ex) {
			return new Outcome(null, elapsed(started), "target refused: " + ex.getMessage(), null, null);
		}
		catch (HttpConnectTimeoutException ex) {
			return new Outcome(null, elapsed(started), "connect timeout", null, null);
		}
		catch (HttpTimeoutException ex) {
			return new Outcome(null, elapsed(started),
					"timeout after " + this.properties.requestTimeout().toSeconds() + " s", null, null);
		}
		catch (ConnectException ex) {
			return new Outcome(null, elapsed(started), "connection refused", null, null);
		}
		catch (IOException ex) {
			return new Outcome(null, elapsed(started), "I/O error: " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? " " + ex.getMessage() : ""), null, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Outcome(null, elapsed(started), "interrupted", null, null);
		}
	}

	/**
	 * Logs the attempt and moves the delivery and its endpoint on; returns the next
	 * attempt's time.
	 */
	private Instant record(Pending pending, Outcome outcome) {
		Instant now = this.clock.instant();
		int attempt = pending.attempts() + 1;
		// A receiver may echo what it got. If the message was redacted (its customer
		// erased) while this attempt was under way, the answer must not bring the old
		// body back: the share lock waits for an erasure in progress, or makes it wait.
		boolean sentAsStored = this.jdbc.sql("select body = :sent from webhook_messages where id = :message for share")
			.param("sent", pending.body())
			.param("message", pending.messageId())
			.query(Boolean.class)
			.optional()
			.orElse(false);
		this.jdbc
			.sql("""
					insert into webhook_attempts (delivery_id, attempt, attempted_at, status_code, latency_ms, error, response_excerpt)
					values (:delivery, :attempt, :at, :status, :latency, :error, :excerpt)""")
			.param("delivery", pending.id())
			.param("attempt", attempt)
			.param("at", Timestamp.from(now))
			.param("status", outcome.status())
			.param("latency", outcome.latencyMs())
			.param("error", cut(outcome.error(), 500))
			.param("excerpt", sentAsStored ? cut(outcome.excerpt(), EXCERPT_BYTES) : null)
			.update();
		if (outcome.succeeded()) {
			update(pending.id(), "SUCCEEDED", attempt, null, now, outcome);
			this.metrics.delivered(Duration.between(pending.committedAt(), now));
			this.jdbc
				.sql("update webhook_endpoints set failing_since = null where id = :id and failing_since is not null")
				.param("id", pending.endpointId())
				.update();
			return null;
		}
		if (outcome.status() != null && outcome.status() == 410) {
			update(pending.id(), "FAILED", attempt, null, now, outcome);
			this.metrics.endedOnDisabledEndpoint();
			disable(pending.endpointId(), "receiver answered 410 Gone", WebhookMetrics.DisabledReason.GONE, now);
			return null;
		}
		Instant next = this.schedule.next(attempt, outcome.retryAfter(), now);
		update(pending.id(), (next != null) ? "PENDING" : "FAILED", attempt, next, now, outcome);
		this.metrics.attemptFailed(next != null);
		Instant failingSince = this.jdbc.sql("""
				update webhook_endpoints set failing_since = coalesce(failing_since, :now)
				where id = :id returning failing_since""")
			.param("now", Timestamp.from(now))
			.param("id", pending.endpointId())
			.query(Timestamp.class)
			.single()
			.toInstant();
		if (!failingSince.isAfter(now.minus(this.properties.disableAfter()))) {
			disable(pending.endpointId(), "failing for " + this.properties.disableAfter().toDays() + " days",
					WebhookMetrics.DisabledReason.FAILING, now);
		}
		return next;
	}

	private void update(UUID delivery, String status, int attempts, Instant next, Instant now, Outcome outcome) {
		this.jdbc.sql("""
				update webhook_deliveries
				set status = :status, attempts = :attempts, next_attempt_at = :next, last_attempt_at = :now,
				    last_status_code = :code, last_error = :error,
				    completed_at = case when :status = 'PENDING' then null else cast(:now as timestamptz) end
				where id = :id""")
			.param("status", status)
			.param("attempts", attempts)
			.param("next", (next != null) ? Timestamp.from(next) : null)
			.param("now", Timestamp.from(now))
			.param("code", outcome.status())
			.param("error", cut(outcome.error(), 500))
			.param("id", delivery)
			.update();
	}

	private void finish(UUID delivery, String status, String error) {
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					update webhook_deliveries set status = :status, last_error = :error, completed_at = :now, next_attempt_at = null
					where id = :id and status = 'PENDING'""")
			.param("status", status)
			.param("error", error)
			.param("now", Timestamp.from(now))
			.param("id", delivery)
			.update();
	}

	private void disable(UUID endpoint, String reason, WebhookMetrics.DisabledReason why, Instant now) {
		int changed = this.jdbc.sql("""
				update webhook_endpoints set enabled = false, disabled_reason = :reason, disabled_at = :now,
				       updated_at = :now, version = version + 1
				where id = :id and enabled""")
			.param("reason", reason)
			.param("now", Timestamp.from(now))
			.param("id", endpoint)
			.update();
		if (changed == 1) {
			log.warn("Webhook endpoint {} disabled: {}", endpoint, reason);
			this.metrics.endpointDisabled(why);
		}
	}

	/** Seconds or an HTTP date; null when absent or unreadable. */
	static Duration retryAfter(String header, Instant now) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Long.parseLong(header.strip()));
		}
		catch (NumberFormatException ex) {
			try {
				return Duration.between(now, ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
			}
			catch (DateTimeParseException unreadable) {
				return null;
			}
		}
	}

	private static int elapsed(long startedNanos) {
		return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
	}

	private static String cut(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

}
