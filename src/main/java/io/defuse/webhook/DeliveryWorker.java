package io.defuse.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.defuse.shared.Columns;
import io.defuse.shared.scheduling.JobConnections;

/**
 * Sends a delivery job's deliveries (one endpoint's, in order, {@link DeliveryJob}) and
 * decides for each attempt what comes next: done, another try later (the retry schedule,
 * or the receiver's {@code Retry-After}), or failed. A 410 disables the endpoint at once;
 * an endpoint failing for days without a success is disabled too. Never follows
 * redirects, never reads more than 2 kB of an answer, never lets an attempt run past the
 * request timeout (however the receiver stalls), and logs every attempt.
 * <p>
 * One endpoint gets at most {@code max-concurrent-per-endpoint} attempts at a time on
 * this instance, so a receiver that hangs cannot take every delivery thread and hold up
 * the other endpoints. A delivery over the cap waits briefly for a slot (a healthy
 * receiver frees one within milliseconds); when none frees it is put back without an
 * attempt, and tried again when one of its endpoint's attempts here ends, or after the
 * request timeout at the latest.
 */
@Component
class DeliveryWorker {

	static final int EXCERPT_BYTES = 2048;

	/**
	 * Pauses between tries to record an attempt (each try may wait up to the pool's
	 * connection timeout as well).
	 */
	static final long[] RECORD_BACKOFF_MS = { 250, 500, 1000, 2000, 4000 };

	/**
	 * How long a delivery waits for a free slot of its endpoint before it is put back:
	 * long against a healthy receiver's answer, short against the delay a hanging one may
	 * add to the other endpoints' deliveries.
	 */
	static final long SLOT_WAIT_MS = 250;

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final JdbcClient jdbc;

	private final WebhookProperties properties;

	private final TargetGuard guard;

	private final RetrySchedule schedule;

	private final HttpClient http;

	private final WebhookMetrics metrics;

	private final Clock clock;

	private final ObjectProvider<Scheduler> scheduler;

	/**
	 * Free attempt slots on this instance, per endpoint (one small entry per endpoint
	 * seen since the start).
	 */
	private final Map<UUID, Semaphore> slots = new ConcurrentHashMap<>();

	/**
	 * Delivery jobs (their instances) put back because their endpoint was at its cap, per
	 * endpoint.
	 */
	private final Map<UUID, Queue<String>> waiting = new ConcurrentHashMap<>();

	/**
	 * A worker on the jobs' own connections, so that a delivery backlog never holds a
	 * connection an API request is waiting for.
	 */
	@Autowired
	DeliveryWorker(JobConnections connections, WebhookProperties properties, WebhookMetrics metrics, Clock clock,
			ObjectProvider<Scheduler> scheduler) {
		this(connections.jdbc(), properties, metrics, clock, scheduler);
	}

	DeliveryWorker(JdbcClient jdbc, WebhookProperties properties, WebhookMetrics metrics, Clock clock,
			ObjectProvider<Scheduler> scheduler) {
		this.jdbc = jdbc;
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
		this.scheduler = scheduler;
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

		/** The receiver answered 410 Gone: its endpoint is to be disabled. */
		boolean gone() {
			return this.status != null && this.status == 410;
		}

		/** Neither a success nor a 410: the delivery is to be tried again, if it may. */
		boolean failed() {
			return !succeeded() && !gone();
		}

	}

	/**
	 * Attempts a job's deliveries still pending, in the job's order, while they succeed
	 * (or fail for good): one that fails and will be tried again stops the job, so that a
	 * later message does not overtake it, and the job comes back at that delivery's next
	 * attempt. A delivery queued again by hand has a job of its own, and only that job
	 * sends it.
	 * @param job the job's instance: the deliveries' ids, comma-separated
	 * @return when to run the job again, or empty when it is finished (or its deliveries
	 * gone)
	 */
	Optional<Next> deliver(String job) {
		List<Pending> pending = load(job);
		if (pending.isEmpty()) {
			return Optional.empty();
		}
		// one endpoint per job: the outbox writes them so
		UUID endpoint = pending.get(0).endpointId();
		if (!pending.get(0).enabled()) {
			endOnDisabledEndpoint(pending);
			return Optional.empty();
		}
		Semaphore slot = this.slots.computeIfAbsent(endpoint,
				(id) -> new Semaphore(this.properties.maxConcurrentPerEndpoint()));
		if (!enter(slot)) {
			log.debug("Webhook delivery job {} put back: endpoint {} has {} attempts in progress", job, endpoint,
					this.properties.maxConcurrentPerEndpoint());
			return Optional.of(new Next(this.clock.instant().plus(busyEndpointDelay()), endpoint));
		}
		List<Attempted> attempted = new ArrayList<>();
		try {
			for (Pending delivery : pending) {
				Attempted one = attempted(delivery, attempt(delivery));
				attempted.add(one);
				if (!one.goesOn()) {
					break;
				}
			}
		}
		finally {
			slot.release();
		}
		Recorded recorded = record(attempted);
		List<Pending> rest = pending.subList(attempted.size(), pending.size());
		if (!rest.isEmpty() && recorded.endpointDisabled()) {
			endOnDisabledEndpoint(rest);
		}
		else if (!rest.isEmpty() && recorded.next() != null) {
			waitBehind(rest, recorded.next());
		}
		wakeOneWaiting(endpoint);
		return Optional.ofNullable(recorded.next()).map((at) -> new Next(at, null));
	}

	/**
	 * When to run a delivery job again.
	 *
	 * @param at when it is due again
	 * @param busyEndpoint the endpoint whose free attempt slot it waits for, when it was
	 * put back (then {@link #waitForSlot} once its job is rescheduled); null otherwise
	 */
	record Next(Instant at, UUID busyEndpoint) {
	}

	/**
	 * Queues a delivery job put back for its endpoint's next free slot, once it is
	 * rescheduled, not before: an attempt ending in between would find the job still
	 * running, fail to wake it, and leave it waiting out the whole delay (seen once in
	 * 37,000 deliveries of a soak run: 17 s). A slot that freed before it was queued
	 * wakes nothing: then it is woken here.
	 */
	void waitForSlot(UUID endpoint, String job) {
		this.waiting.computeIfAbsent(endpoint, (id) -> new ConcurrentLinkedQueue<>()).add(job);
		Semaphore slot = this.slots.get(endpoint);
		if (slot != null && slot.availablePermits() > 0) {
			wakeOneWaiting(endpoint);
		}
	}

	/**
	 * Takes one of the endpoint's attempt slots on this instance, waiting
	 * {@link #SLOT_WAIT_MS} at most for one to free.
	 */
	private static boolean enter(Semaphore slot) {
		try {
			return slot.tryAcquire(SLOT_WAIT_MS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * How long a delivery over its endpoint's cap waits if no attempt ending here wakes
	 * it: the request timeout, by which every attempt in progress has ended, spread so
	 * that put-back deliveries do not come back all at once.
	 */
	private Duration busyEndpointDelay() {
		long millis = this.properties.requestTimeout().toMillis();
		return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
	}

	/**
	 * Attempts on the endpoint have ended: the oldest job put back for it is due now.
	 * Gone, or already running elsewhere: the next one.
	 */
	private void wakeOneWaiting(UUID endpoint) {
		Queue<String> queue = this.waiting.get(endpoint);
		if (queue == null) {
			return;
		}
		Scheduler jobs = this.scheduler.getIfAvailable();
		String job;
		while (jobs != null && (job = queue.poll()) != null) {
			try {
				if (jobs.reschedule(TaskInstanceId.of(WebhookConfiguration.DELIVERY_TASK, job), this.clock.instant())) {
					jobs.triggerCheckForDueExecutions();
					return;
				}
			}
			catch (RuntimeException ex) {
				// being attempted right now, or finished and gone
				log.debug("Webhook delivery job {} not woken: {}", job, ex.toString());
			}
		}
	}

	/**
	 * Runs the statement recording a job's attempts, riding out a busy connection pool or
	 * a transient database error. The receivers have the messages by now: if the record
	 * were given up, the job would run again and send the same messages a second time
	 * without any crash. Nothing is written when these exceptions occur (the record is
	 * one statement), so trying again is safe.
	 */
	private <T> T ridingOut(UUID endpoint, Supplier<T> statement) {
		for (int retry = 0;; retry++) {
			try {
				return statement.get();
			}
			catch (CannotGetJdbcConnectionException | TransientDataAccessException ex) {
				if (retry >= RECORD_BACKOFF_MS.length) {
					throw ex;
				}
				log.warn("Could not record the attempts of webhook deliveries to endpoint {} ({}); trying again",
						endpoint, ex.getClass().getSimpleName());
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

	/**
	 * The job's deliveries still pending, in its order; from a job of several, not one
	 * queued again by hand meanwhile (its own job sends it).
	 */
	private List<Pending> load(String job) {
		List<UUID> order = DeliveryJob.deliveries(job);
		List<Pending> pending = new ArrayList<>(this.jdbc.sql("""
				select d.id, d.message_id, m.body, d.attempts, e.id as endpoint_id, e.url, e.enabled, e.secret,
				       e.previous_secret, e.previous_secret_expires_at, m.created_at
				from webhook_deliveries d
				join webhook_messages m on m.id = d.message_id
				join webhook_endpoints e on e.id = d.endpoint_id
				where d.id = any(cast(string_to_array(:job, ',') as uuid[])) and d.status = 'PENDING'
				  and (:single or not d.requeued)""")
			.param("job", job)
			.param("single", order.size() == 1)
			.query((row, n) -> new Pending(row.getObject("id", UUID.class), row.getString("message_id"),
					row.getString("body"), row.getInt("attempts"), row.getObject("endpoint_id", UUID.class),
					row.getString("url"), row.getBoolean("enabled"), row.getString("secret"),
					row.getString("previous_secret"), Columns.instant(row, "previous_secret_expires_at"),
					Columns.instant(row, "created_at")))
			.list());
		pending.sort(Comparator.comparingInt((delivery) -> order.indexOf(delivery.id())));
		return pending;
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
			long deadline = System.nanoTime() + this.properties.requestTimeout().toNanos();
			HttpResponse<Excerpt> response = send(request);
			String excerpt = response.body().text(deadline);
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
	 * Sends the request and waits for the answer's status and headers, for the request
	 * timeout at most; the body is read by {@link Excerpt#text(long)}. Blocking on
	 * purpose: {@code sendAsync} hands every answer to the default executor of
	 * {@code CompletableFuture}, which on a machine with fewer than three cores starts a
	 * new thread for each task.
	 */
	private HttpResponse<Excerpt> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, (info) -> new Excerpt());
	}

	/**
	 * Reads the first {@link #EXCERPT_BYTES} of an answer as they arrive and then stops
	 * (closing the connection): a huge, endless or stalled body costs 2 kB and at most
	 * the time left of the attempt.
	 */
	static final class Excerpt implements HttpResponse.BodySubscriber<Excerpt> {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		private volatile Flow.Subscription subscription;

		@Override
		public CompletionStage<Excerpt> getBody() {
			// the answer is handed over with its headers; the body is read by text()
			return CompletableFuture.completedFuture(this);
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			boolean full;
			synchronized (this.bytes) {
				for (ByteBuffer item : items) {
					int take = Math.min(item.remaining(), EXCERPT_BYTES - this.bytes.size());
					byte[] chunk = new byte[take];
					item.get(chunk);
					this.bytes.write(chunk, 0, take);
				}
				full = this.bytes.size() >= EXCERPT_BYTES;
			}
			if (full) {
				this.subscription.cancel();
				this.done.complete(null);
			}
			else {
				this.subscription.request(1);
			}
		}

		@Override
		public void onError(Throwable failure) {
			this.done.complete(null);
		}

		@Override
		public void onComplete() {
			this.done.complete(null);
		}

		/**
		 * What arrived by the deadline (or until the answer ended, or 2 kB); stops
		 * reading.
		 */
		String text(long deadline) throws InterruptedException {
			try {
				this.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				// the receiver stalled: keep what came
			}
			finally {
				Flow.Subscription current = this.subscription;
				if (current != null && !this.done.isDone()) {
					current.cancel();
				}
			}
			synchronized (this.bytes) {
				return new String(this.bytes.toByteArray(), StandardCharsets.UTF_8);
			}
		}

	}

	/**
	 * An attempt and what follows from it for its delivery.
	 *
	 * @param next when to try the delivery again; null when it is finished
	 */
	private record Attempted(Pending delivery, Outcome outcome, Instant at, Instant next) {

		String status() {
			return this.outcome.succeeded() ? "SUCCEEDED" : (this.next != null) ? "PENDING" : "FAILED";
		}

		/**
		 * Whether the job goes on to its next delivery: this one is finished, and its
		 * endpoint did not answer 410. One to be tried again holds back the later ones.
		 */
		boolean goesOn() {
			return this.next == null && !this.outcome.gone();
		}

	}

	private Attempted attempted(Pending delivery, Outcome outcome) {
		Instant now = this.clock.instant();
		return new Attempted(delivery, outcome, now,
				outcome.failed() ? this.schedule.next(delivery.attempts() + 1, outcome.retryAfter(), now) : null);
	}

	/**
	 * Logs a job's attempts and moves their deliveries and their endpoint on, in one
	 * statement (one round trip, one commit). Disabling the endpoint (a 410, or failing
	 * for days) comes after the record, in a statement of its own: were it lost, the
	 * endpoint's next failed attempt would disable it. A crash between the attempts and
	 * their record sends them again (at least once, with the same {@code webhook-id}).
	 */
	private Recorded record(List<Attempted> attempted) {
		Attempted last = attempted.get(attempted.size() - 1);
		// the endpoint's failing mark: set by a failure (since the first of the last ones
		// in a row), cleared by a success when there is one; its row is written only then
		Instant failingFrom = null;
		for (Attempted one : attempted) {
			failingFrom = one.outcome().failed() ? ((failingFrom != null) ? failingFrom : one.at()) : null;
		}
		boolean failed = last.outcome().failed();
		boolean succeeded = last.outcome().succeeded();
		UUID endpoint = last.delivery().endpointId();
		List<Object> values = new ArrayList<>();
		for (Attempted one : attempted) {
			values.add(one.delivery().id());
			values.add(one.delivery().body());
			values.add(one.delivery().attempts() + 1);
			values.add(Timestamp.from(one.at()));
			values.add(one.outcome().status());
			values.add(one.outcome().latencyMs());
			values.add(cut(one.outcome().error(), 500));
			values.add(cut(one.outcome().excerpt(), EXCERPT_BYTES));
			values.add(one.status());
			values.add((one.next() != null) ? Timestamp.from(one.next()) : null);
		}
		values.add(failed);
		values.add((failingFrom != null) ? Timestamp.from(failingFrom) : null);
		values.add(endpoint);
		values.add(failed);
		values.add(succeeded);
		// The endpoint may have been deleted (and its deliveries with it) while the
		// attempts ran: then there is nothing left to record, and no row comes back. The
		// locks on the deliveries make a deletion wait. A receiver may echo what it got:
		// if a message was redacted (its customer erased) meanwhile, the answer must not
		// bring the old body back; the share lock waits for an erasure in progress, or
		// makes it wait. The rows are locked in their messages' order, as a deletion of
		// the endpoint locks its deliveries and an erasure its messages: in one order,
		// none waits for another that waits for it.
		String sql = "with attempted (id, sent, attempt, at, code, latency, error, excerpt, status, next) as (values "
				+ String.join(", ", Collections.nCopies(attempted.size(),
						"(cast(? as uuid), cast(? as text), cast(? as integer), cast(? as timestamptz), cast(? as integer), cast(? as integer),"
								+ " cast(? as text), cast(? as text), cast(? as text), cast(? as timestamptz))"))
				+ """
						),
						target as (
						  select d.id, m.body = a.sent as sent_as_stored
						  from webhook_deliveries d join attempted a on a.id = d.id join webhook_messages m on m.id = d.message_id
						  order by d.message_id
						  for update of d for share of m),
						attempt as (
						  insert into webhook_attempts
						    (delivery_id, attempt, attempted_at, status_code, latency_ms, error, response_excerpt)
						  select a.id, a.attempt, a.at, a.code, a.latency, a.error,
						         case when t.sent_as_stored then a.excerpt end
						  from target t join attempted a on a.id = t.id),
						delivery as (
						  update webhook_deliveries d
						  set status = a.status, attempts = a.attempt, next_attempt_at = a.next, last_attempt_at = a.at,
						      last_status_code = a.code, last_error = a.error,
						      completed_at = case when a.status = 'PENDING' then null else a.at end
						  from target t join attempted a on a.id = t.id where d.id = t.id),
						endpoint as (
						  update webhook_endpoints e
						  set failing_since = case when ? then coalesce(e.failing_since, cast(? as timestamptz)) end
						  where e.id = ? and exists (select 1 from target) and (? or (? and e.failing_since is not null))
						  returning e.failing_since)
						select t.id, (select failing_since from endpoint) as failing_since from target t""";
		List<Row> rows = ridingOut(endpoint,
				() -> this.jdbc.sql(sql)
					.params(values)
					.query((row, n) -> new Row(row.getObject("id", UUID.class), Columns.instant(row, "failing_since")))
					.list());
		if (rows.size() < attempted.size()) {
			log.debug("Webhook deliveries of endpoint {} were deleted during their attempts", endpoint);
		}
		for (Attempted one : attempted) {
			if (rows.stream().noneMatch((row) -> row.id().equals(one.delivery().id()))) {
				continue;
			}
			if (one.outcome().succeeded()) {
				this.metrics.delivered(Duration.between(one.delivery().committedAt(), one.at()));
			}
			else if (one.outcome().gone()) {
				this.metrics.endedOnDisabledEndpoint();
			}
			else {
				this.metrics.attemptFailed(one.next() != null);
			}
		}
		if (rows.isEmpty()) {
			return new Recorded(null, false);
		}
		if (last.outcome().gone()) {
			disable(endpoint, "receiver answered 410 Gone", WebhookMetrics.DisabledReason.GONE, last.at());
			return new Recorded(null, true);
		}
		Instant failingSince = rows.get(0).failingSince();
		boolean failingTooLong = failed && failingSince != null
				&& !failingSince.isAfter(last.at().minus(this.properties.disableAfter()));
		if (failingTooLong) {
			disable(endpoint, "failing for " + this.properties.disableAfter().toDays() + " days",
					WebhookMetrics.DisabledReason.FAILING, last.at());
		}
		return new Recorded(last.next(), failingTooLong);
	}

	/** A delivery recorded, and since when its endpoint is failing. */
	private record Row(UUID id, Instant failingSince) {
	}

	/**
	 * What came of a job's attempts, once recorded.
	 *
	 * @param next when to run the job again, for its last delivery; null when that one is
	 * finished (or was deleted)
	 * @param endpointDisabled whether the endpoint is disabled now
	 */
	private record Recorded(Instant next, boolean endpointDisabled) {
	}

	/**
	 * Ends deliveries whose endpoint is disabled: failed, with no attempt.
	 */
	private void endOnDisabledEndpoint(List<Pending> deliveries) {
		int ended = this.jdbc.sql("""
				update webhook_deliveries
				set status = 'FAILED', last_error = 'endpoint disabled', completed_at = :now, next_attempt_at = null
				where id = any(cast(string_to_array(:ids, ',') as uuid[])) and status = 'PENDING'""")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("ids", ids(deliveries))
			.update();
		for (int i = 0; i < ended; i++) {
			this.metrics.endedOnDisabledEndpoint();
		}
	}

	/**
	 * Deliveries left behind one that failed and will be tried again: they go with it, at
	 * its next attempt.
	 */
	private void waitBehind(List<Pending> deliveries, Instant next) {
		this.jdbc.sql("""
				update webhook_deliveries set next_attempt_at = :next
				where id = any(cast(string_to_array(:ids, ',') as uuid[])) and status = 'PENDING'""")
			.param("next", Timestamp.from(next))
			.param("ids", ids(deliveries))
			.update();
	}

	/** The deliveries' ids as a job names them. */
	private static String ids(List<Pending> deliveries) {
		return DeliveryJob.instance(deliveries.stream().map(Pending::id).toList());
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
