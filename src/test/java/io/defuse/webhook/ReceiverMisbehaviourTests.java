package io.defuse.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.webhook.RawReceiver.Behaviour;
import io.defuse.webhook.TestReceiver.Answer;
import io.defuse.webhook.TestReceiver.Received;

import static io.defuse.ApiClient.json;
import static io.defuse.webhook.WebhookFixture.endpointId;
import static io.defuse.webhook.WebhookFixture.openCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Receivers that misbehave: reset connections, answers that never come or never end, huge
 * answers, rate limits, and an endpoint that hangs while others wait for their events.
 * Each attempt must end within the request timeout (2 s in tests), be logged with its
 * status, latency and excerpt, and be retried, finished or refused per the webhook rules;
 * and no endpoint may hold up another's deliveries. See docs/reliability/receivers.md.
 */
@IntegrationTest
class ReceiverMisbehaviourTests {

	static TestReceiver receiver;

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DeliveryWorker worker;

	@Value("${defuse.webhooks.request-timeout}")
	Duration requestTimeout;

	@Value("${defuse.webhooks.max-concurrent-per-endpoint:4}")
	int maxConcurrentPerEndpoint;

	final List<String> endpoints = new ArrayList<>();

	final List<RawReceiver> rawReceivers = new ArrayList<>();

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new TestReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@AfterEach
	void removeEndpoints() throws Exception {
		this.endpoints.forEach((id) -> this.admin.delete("/api/v1/webhook-endpoints/" + id));
		for (RawReceiver raw : this.rawReceivers) {
			raw.close();
		}
	}

	@Test
	void aConnectionResetInsteadOfAnAnswerIsAFailedAttemptAndRetried() throws Exception {
		RawReceiver raw = raw((n) -> (n == 1) ? Behaviour.RESET : Behaviour.OK);
		Response endpoint = register(raw.url("/reset"), "case.created");
		openCase(this.admin, "reset");
		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		JsonNode first = delivery.at("/attempts/0");
		assertThat(first.get("statusCode").isNull()).isTrue();
		assertThat(first.get("error").asString()).startsWith("I/O error");
		assertThat(first.get("latencyMs").asInt()).isLessThan((int) this.requestTimeout.toMillis());
		assertThat(delivery.at("/attempts/1/statusCode").asInt()).isEqualTo(200);
		assertThat(raw.requests()).extracting(RawReceiver.Request::webhookId)
			.hasSize(2)
			.containsOnly(raw.requests().get(0).webhookId());
	}

	@Test
	void aReceiverThatAcceptsTheConnectionButNeverAnswersTimesOutAndIsRetried() throws Exception {
		RawReceiver raw = raw((n) -> (n == 1) ? Behaviour.SILENT : Behaviour.OK);
		Response endpoint = register(raw.url("/silent"), "case.created");
		openCase(this.admin, "silent");
		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		JsonNode first = delivery.at("/attempts/0");
		assertThat(first.get("statusCode").isNull()).isTrue();
		assertThat(first.get("error").asString()).contains("timeout");
		assertThat(first.get("latencyMs").asLong()).isBetween(this.requestTimeout.toMillis() - 100,
				this.requestTimeout.toMillis() + 1_500);
		assertThat(delivery.at("/attempts/1/statusCode").asInt()).isEqualTo(200);
	}

	@Test
	void anAnswerThatSendsItsHeadersAndThenNothingEndsWithinTheRequestTimeoutAndCountsByItsStatus() throws Exception {
		RawReceiver raw = raw((n) -> Behaviour.HEADERS_THEN_SILENCE);
		Response endpoint = register(raw.url("/stalled"), "case.created");
		openCase(this.admin, "stalled");
		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		assertThat(delivery.get("attempts")).hasSize(1);
		JsonNode attempt = delivery.at("/attempts/0");
		assertThat(attempt.get("statusCode").asInt()).isEqualTo(200);
		assertThat(attempt.get("responseExcerpt").asString()).isEqualTo("first bytes");
		assertThat(attempt.get("latencyMs").asLong()).isBetween(this.requestTimeout.toMillis() - 100,
				this.requestTimeout.toMillis() + 1_500);
		// the connection is given up, not kept waiting
		await().atMost(Duration.ofSeconds(5)).until(() -> raw.openConnections() == 0);
	}

	@Test
	void anEndlessAnswerIsReadOnlyToItsExcerptAndTheDeliveryCountsByItsStatus() throws Exception {
		RawReceiver raw = raw((n) -> Behaviour.ENDLESS_BODY);
		Response endpoint = register(raw.url("/endless"), "case.created");
		openCase(this.admin, "endless");
		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		JsonNode attempt = delivery.at("/attempts/0");
		assertThat(attempt.get("statusCode").asInt()).isEqualTo(200);
		assertThat(attempt.get("responseExcerpt").asString()).hasSize(DeliveryWorker.EXCERPT_BYTES).matches("x+");
		assertThat(attempt.get("latencyMs").asLong()).isLessThan(this.requestTimeout.toMillis());
		await().atMost(Duration.ofSeconds(5)).until(() -> raw.openConnections() == 0);
		// what the receiver could push before the connection was closed: socket buffers,
		// not the body
		assertThat(raw.bodyBytesSent()).isLessThan(10L * 1024 * 1024);
	}

	@Test
	void aTenMegabyteAnswerIsReadOnlyToItsExcerptWhetherItSucceedsOrFails() {
		String huge = "y".repeat(10 * 1024 * 1024);
		String path = receiver.path("huge", (n) -> new Answer((n == 1) ? 500 : 200, Map.of(), huge, 0));
		Response endpoint = register(receiver.url(path), "case.created");
		openCase(this.admin, "huge");
		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		assertThat(delivery.get("attempts")).hasSize(2);
		assertThat(delivery.at("/attempts/0/statusCode").asInt()).isEqualTo(500);
		assertThat(delivery.at("/attempts/1/statusCode").asInt()).isEqualTo(200);
		for (JsonNode attempt : delivery.get("attempts")) {
			assertThat(attempt.get("responseExcerpt").asString()).hasSize(DeliveryWorker.EXCERPT_BYTES);
			assertThat(attempt.get("latencyMs").asLong()).isLessThan(this.requestTimeout.toMillis());
		}
	}

	@Test
	void aTooManyRequestsAnswerIsRetriedAfterTheSecondsOfItsRetryAfter() {
		String path = receiver.path("limited-seconds",
				(n) -> (n == 1) ? new Answer(429, Map.of("Retry-After", "3"), "slow down", 0) : Answer.status(204));
		Response endpoint = register(receiver.url(path), "case.created");
		openCase(this.admin, "limited-seconds");
		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		assertThat(delivery.at("/attempts/0/statusCode").asInt()).isEqualTo(429);
		assertThat(delivery.at("/attempts/0/responseExcerpt").asString()).isEqualTo("slow down");
		List<Received> got = receiver.received(path);
		assertThat(got).hasSize(2);
		// the test schedule would retry after 1 s; Retry-After says 3
		assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
	}

	@Test
	void aTooManyRequestsAnswerIsRetriedAfterTheDateOfItsRetryAfter() {
		String path = receiver.path("limited-date",
				(n) -> (n == 1)
						? new Answer(429,
								Map.of("Retry-After",
										DateTimeFormatter.RFC_1123_DATE_TIME
											.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(4))),
								"", 0)
						: Answer.status(204));
		Response endpoint = register(receiver.url(path), "case.created");
		openCase(this.admin, "limited-date");
		awaitDelivery(endpoint, "SUCCEEDED");
		List<Received> got = receiver.received(path);
		assertThat(got).hasSize(2);
		// an HTTP date has whole seconds: 4 s from now is at least 3 s away
		assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
	}

	@Test
	void anAnswerSlowerThanTheRequestTimeoutIsGivenUpAtTheTimeoutAndRetried() {
		String path = receiver.path("slow", (n) -> (n == 1)
				? new Answer(200, Map.of(), "late", this.requestTimeout.toMillis() + 2_000) : Answer.status(200));
		Response endpoint = register(receiver.url(path), "case.created");
		openCase(this.admin, "slow");
		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		JsonNode first = delivery.at("/attempts/0");
		assertThat(first.get("statusCode").isNull()).isTrue();
		assertThat(first.get("error").asString()).isEqualTo("timeout after " + this.requestTimeout.toSeconds() + " s");
		assertThat(first.get("latencyMs").asLong()).isBetween(this.requestTimeout.toMillis() - 100,
				this.requestTimeout.toMillis() + 1_500);
		assertThat(delivery.at("/attempts/1/statusCode").asInt()).isEqualTo(200);
	}

	@Test
	void anEndpointThatHangsOnEveryDeliveryNeverHoldsUpAnotherEndpoint() throws Exception {
		RawReceiver hanging = raw((n) -> Behaviour.SILENT);
		Response stuck = register(hanging.url("/hanging"), "case.note_added");
		String caseId = openCase(this.admin, "flood");
		int flood = 60;
		for (int i = 0; i < flood; i++) {
			assertThat(this.admin.post("/api/v1/cases/" + caseId + "/notes", json("{'text': 'note %d'}", i)).status())
				.isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> hanging.openConnections() > 0);

		String path = receiver.path("healthy", (n) -> Answer.status(204));
		register(receiver.url(path), "case.created");
		// connections the hanging receiver holds open, sampled (a closing and a new
		// connection may overlap for an instant)
		AtomicInteger mostOpen = new AtomicInteger();
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		sampler.scheduleAtFixedRate(() -> mostOpen.accumulateAndGet(hanging.openConnections(), Math::max), 0, 25,
				TimeUnit.MILLISECONDS);
		List<Long> lags = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Instant committed = Instant.now();
			openCase(this.admin, "healthy-" + i);
			int expected = i + 1;
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == expected);
			lags.add(Duration.between(committed, receiver.received(path).get(i).at()).toMillis());
		}
		sampler.shutdownNow();
		System.out.printf("healthy endpoint lag (ms) with %d deliveries pending to a hanging one: %s%n", flood, lags);
		assertThat(lags).allSatisfy((lag) -> assertThat(lag).isLessThan(1_000));

		// the hanging endpoint got its share of this instance's delivery threads, no more
		assertThat(mostOpen.get()).isEqualTo(this.maxConcurrentPerEndpoint);
		String pending = "/api/v1/webhook-endpoints/" + endpointId(stuck) + "/deliveries?status=PENDING&limit=100";
		assertThat(this.admin.get(pending).json().get("items")).hasSizeGreaterThan(flood / 2);
	}

	@Test
	void aDeliveryPutBackAfterItsEndpointFreedASlotIsWokenAtOnceInsteadOfWaitingOutItsDelay() {
		String path = receiver.path("put-back", (n) -> Answer.status(204));
		Response endpoint = register(receiver.url(path), "case.created");
		openCase(this.admin, "put-back");
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 1);
		// as a delivery put back leaves it: pending, its job due after the put-back delay
		// (an hour here), and every slot of its endpoint free again by the time it is
		// queued for one, so that no attempt ending will wake it
		String delivery = this.jdbc.queryForObject(
				"select id::text from webhook_deliveries where endpoint_id = ?::uuid", String.class,
				endpointId(endpoint));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.jdbc.queryForObject("""
				select count(*) from scheduled_tasks where task_instance = ?""", Integer.class, delivery) == 0);
		this.jdbc.update("""
				update webhook_deliveries set status = 'PENDING', attempts = 0, completed_at = null,
				       next_attempt_at = now() + interval '1 hour'
				where id = ?::uuid""", delivery);
		this.jdbc.update("""
				insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version)
				values (?, ?, now() + interval '1 hour', false, 1)""", WebhookConfiguration.DELIVERY_TASK, delivery);

		this.worker.waitForSlot(UUID.fromString(endpointId(endpoint)), delivery);

		await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received(path).size() == 2);
		assertThat(this.jdbc.queryForObject("select status from webhook_deliveries where id = ?::uuid", String.class,
				delivery))
			.isEqualTo("SUCCEEDED");
	}

	@Test
	void anEndpointDeletedWhileItsAttemptHangsEndsTheDeliveryQuietly() throws Exception {
		RawReceiver raw = raw((n) -> Behaviour.SILENT);
		Response endpoint = register(raw.url("/deleted"), "case.created");
		openCase(this.admin, "deleted");
		await().atMost(Duration.ofSeconds(5)).until(() -> raw.openConnections() == 1);
		String delivery = this.jdbc.queryForObject(
				"select id::text from webhook_deliveries where endpoint_id = ?::uuid", String.class,
				endpointId(endpoint));
		assertThat(this.admin.delete("/api/v1/webhook-endpoints/" + endpointId(endpoint)).status()).isEqualTo(204);
		// the attempt times out after the deletion: no attempt to record, no job left
		await().atMost(Duration.ofSeconds(10)).until(() -> raw.openConnections() == 0);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from scheduled_tasks where task_name = 'webhook-delivery' and task_instance = ?",
					Integer.class, delivery) == 0);
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_attempts where delivery_id = ?::uuid",
				Integer.class, delivery))
			.isZero();
	}

	// ---- helpers

	private RawReceiver raw(IntFunction<Behaviour> script) throws Exception {
		RawReceiver raw = new RawReceiver(script);
		this.rawReceivers.add(raw);
		return raw;
	}

	private Response register(String url, String eventType) {
		Response created = this.admin.post("/api/v1/webhook-endpoints",
				json("{'url': '%s', 'eventTypes': ['%s'], 'description': 'misbehaving'}", url, eventType));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.endpoints.add(endpointId(created));
		return created;
	}

	private JsonNode awaitDelivery(Response endpoint, String status) {
		String list = "/api/v1/webhook-endpoints/" + endpointId(endpoint) + "/deliveries?status=" + status;
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.admin.get(list).json().get("items").isEmpty());
		String deliveryId = this.admin.get(list).json().at("/items/0/id").asString();
		return this.admin.get("/api/v1/webhook-deliveries/" + deliveryId).json();
	}

}
