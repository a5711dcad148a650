package io.defuse.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.standardwebhooks.Webhook;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.InPlaceUpdates;
import io.defuse.IntegrationTest;
import io.defuse.casework.CaseInputs;
import io.defuse.casework.CaseService;
import io.defuse.shared.Actor;
import io.defuse.shared.MultiRowInsert;
import io.defuse.shared.Role;
import io.defuse.webhook.TestReceiver.Answer;
import io.defuse.webhook.TestReceiver.Received;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static io.defuse.webhook.WebhookFixture.endpointId;
import static io.defuse.webhook.WebhookFixture.openCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Outbound webhooks against a real HTTP receiver on loopback. */
@IntegrationTest
class OutboundWebhookTests {

	static TestReceiver receiver;

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CaseService cases;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	Scheduler scheduler;

	@Autowired
	CustomTask<Void> webhookDeliveryTask;

	@Autowired
	DataSource dataSource;

	@Autowired
	WebhookRetention retention;

	@Autowired
	WebhookOutbox outbox;

	final List<String> endpoints = new ArrayList<>();

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new TestReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@AfterEach
	void removeEndpoints() {
		this.endpoints.forEach((id) -> this.admin.delete("/api/v1/webhook-endpoints/" + id));
		if (this.scheduler.getSchedulerState().isPaused()) {
			this.scheduler.resume();
		}
	}

	@Test
	void deliversASignedStandardWebhookThatTheReferenceLibraryVerifies() throws Exception {
		String path = receiver.path("ok", (n) -> Answer.status(204));
		Response endpoint = register(path, "case.created");
		String secret = endpoint.json().get("secret").asString();
		assertThat(secret).startsWith("whsec_");

		String caseId = openCase(this.admin, "signed");
		Received got = awaitOne(path);

		assertThat(got.header("webhook-id")).startsWith("msg_");
		long timestamp = Long.parseLong(got.header("webhook-timestamp"));
		assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(30);
		new Webhook(secret).verify(got.body(),
				Map.of("webhook-id", List.of(got.header("webhook-id")), "webhook-timestamp",
						List.of(got.header("webhook-timestamp")), "webhook-signature",
						List.of(got.header("webhook-signature"))));
		JsonNode body = JSON.readTree(got.body());
		assertThat(body.get("type").asString()).isEqualTo("case.created");
		assertThat(body.get("timestamp").asString()).endsWith("Z");
		assertThat(body.at("/data/caseId").asString()).isEqualTo(caseId);
		assertThat(body.at("/data/sequence").asInt()).isEqualTo(1);
		assertThat(body.at("/data/step").asString()).isEqualTo("LISTEN");
		assertThat(body.at("/data/case/subject").asString()).isEqualTo("Subject signed");
		assertThat(got.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(20_000);

		String deliveries = "/api/v1/webhook-endpoints/" + endpointId(endpoint) + "/deliveries";
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "SUCCEEDED".equals(this.admin.get(deliveries).json().at("/items/0/status").asString()));
		assertThat(this.admin.get(deliveries + "?status=FAILED").json().get("items")).isEmpty();
	}

	@Test
	void secretIsShownOnlyWhenCreatedOrRotatedAndBothSecretsSignDuringTheGracePeriod() throws Exception {
		String path = receiver.path("rotated", (n) -> Answer.status(200));
		Response endpoint = register(path, "case.created");
		String oldSecret = endpoint.json().get("secret").asString();
		assertThat(this.admin.get("/api/v1/webhook-endpoints/" + endpointId(endpoint)).body())
			.doesNotContain(oldSecret);

		Response rotated = this.admin.post("/api/v1/webhook-endpoints/" + endpointId(endpoint) + "/secret-rotation",
				null);
		String newSecret = rotated.json().get("secret").asString();
		assertThat(newSecret).isNotEqualTo(oldSecret);
		assertThat(rotated.json().at("/endpoint/previousSecretExpiresAt").asString()).isNotBlank();

		openCase(this.admin, "rotation");
		Received got = awaitOne(path);
		String[] signatures = got.header("webhook-signature").split(" ");
		assertThat(signatures).hasSize(2);
		for (String secret : List.of(oldSecret, newSecret)) {
			new Webhook(secret).verify(got.body(),
					Map.of("webhook-id", List.of(got.header("webhook-id")), "webhook-timestamp",
							List.of(got.header("webhook-timestamp")), "webhook-signature",
							List.of(got.header("webhook-signature"))));
		}
	}

	@Test
	void retriesAfterA500WithTheSameWebhookId() {
		String path = receiver.path("flaky",
				(n) -> (n == 1) ? new Answer(500, Map.of(), "{\"error\":\"boom\"}", 0) : Answer.status(200));
		Response endpoint = register(path, "case.created");
		openCase(this.admin, "flaky");
		await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received(path).size() == 2);
		List<Received> got = receiver.received(path);
		assertThat(got.get(1).header("webhook-id")).isEqualTo(got.get(0).header("webhook-id"));

		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		JsonNode attempts = delivery.get("attempts");
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(0).get("statusCode").asInt()).isEqualTo(500);
		assertThat(attempts.get(0).get("responseExcerpt").asString()).contains("boom");
		assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(200);
	}

	@Test
	void deletingAnEndpointRemovesTheJobsOfItsPendingDeliveries() {
		String path = receiver.path("deleted-with-retries", (n) -> Answer.status(500));
		Response endpoint = register(path, "case.created");
		openCase(this.admin, "deleted-with-retries");
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 1);
		String jobs = """
				select count(*) from scheduled_tasks where task_name = 'webhook-delivery'
				  and task_instance in (select id::text from webhook_deliveries where endpoint_id = ?::uuid)""";
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.jdbc.queryForObject(jobs, Long.class, endpointId(endpoint)) == 1);
		List<String> deliveries = this.jdbc.queryForList(
				"select id::text from webhook_deliveries where endpoint_id = ?::uuid", String.class,
				endpointId(endpoint));

		assertThat(this.admin.delete("/api/v1/webhook-endpoints/" + endpointId(endpoint)).status()).isEqualTo(204);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from scheduled_tasks where task_name = 'webhook-delivery' and task_instance = ?",
				Long.class, deliveries.get(0)))
			.isZero();
	}

	/**
	 * An attempt being recorded holds its delivery, then marks the endpoint failing; a
	 * delete that held the endpoint first and then waited for the delivery would deadlock
	 * with it. The delivery's job is either waiting for its next try or already picked by
	 * another instance (the attempt in progress); then, as on a quiet system, no delivery
	 * job is left waiting at all (that instance picked them all).
	 */
	@ParameterizedTest(name = "job picked: {0}")
	@ValueSource(booleans = { false, true })
	void deletingAnEndpointWaitsForAnAttemptBeingRecordedInsteadOfDeadlockingWithIt(boolean picked) throws Exception {
		String path = receiver.path("deleted-mid-attempt-" + picked, (n) -> Answer.status(500));
		Response endpoint = register(path, "case.created");
		openCase(this.admin, "deleted-mid-attempt-" + picked);
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 1);
		String delivery = this.jdbc.queryForObject(
				"select id::text from webhook_deliveries where endpoint_id = ?::uuid", String.class,
				endpointId(endpoint));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from scheduled_tasks where task_name = 'webhook-delivery' and task_instance = ? and not picked",
					Long.class, delivery) == 1);
		if (picked) {
			this.jdbc.update("""
					update scheduled_tasks set picked = true, picked_by = 'another-instance', last_heartbeat = now()
					where task_name = 'webhook-delivery' and not picked""");
			// with the jobs' statistics fresh, the planner reads the (now empty) waiting
			// jobs before the deliveries to lock
			this.jdbc.execute("analyze scheduled_tasks");
		}
		try (Connection attempt = this.dataSource.getConnection()) {
			attempt.setAutoCommit(false);
			try (PreparedStatement lock = attempt
				.prepareStatement("select 1 from webhook_deliveries where id = ?::uuid for update")) {
				lock.setString(1, delivery);
				lock.executeQuery().close();
			}
			CompletableFuture<Integer> deleted = CompletableFuture
				.supplyAsync(() -> this.admin.delete("/api/v1/webhook-endpoints/" + endpointId(endpoint)).status());
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.jdbc.queryForObject(
						"select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
						Long.class) == 1);
			try (PreparedStatement failing = attempt
				.prepareStatement("update webhook_endpoints set failing_since = now() where id = ?::uuid")) {
				failing.setString(1, endpointId(endpoint));
				failing.executeUpdate();
			}
			attempt.commit();
			assertThat(deleted.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		}
		finally {
			// the other instance gives back what it held; its job of the deleted delivery
			// would find nothing to do
			this.jdbc.update("delete from scheduled_tasks where task_name = 'webhook-delivery' and task_instance = ?",
					delivery);
			this.jdbc.update("""
					update scheduled_tasks set picked = false, picked_by = null, last_heartbeat = null
					where task_name = 'webhook-delivery' and picked_by = 'another-instance'""");
		}
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_deliveries where id = ?::uuid", Long.class,
				delivery))
			.isZero();
	}

	/**
	 * The outbox writes a transaction's messages, deliveries and jobs in one statement up
	 * to a number of rows; beyond it, in as many statements as it takes, none lost.
	 */
	@Test
	void aTransactionWithMoreMessagesThanOneStatementCarriesDeliversThemAll() {
		String path = receiver.path("many-in-one-transaction", (n) -> Answer.status(204));
		Response endpoint = register(path, WebhookEventTypes.CUSTOMER_ERASED);
		// a message and its delivery are two rows: one message more than fits
		int messages = MultiRowInsert.MAX_ROWS / 2 + 1;
		this.transaction.executeWithoutResult((status) -> {
			for (int i = 0; i < messages; i++) {
				this.outbox.customerErased(UUID.randomUUID(), List.of(), Instant.now());
			}
		});

		assertThat(this.jdbc.queryForObject(
				"select count(distinct message_id) from webhook_deliveries where endpoint_id = ?::uuid", Long.class,
				endpointId(endpoint)))
			.isEqualTo(messages);
		await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received(path).size() >= messages);
		assertThat(receiver.received(path).stream().map((got) -> got.header("webhook-id")).distinct())
			.hasSize(messages);
	}

	@Test
	void retriesAfterATimeout() {
		String path = receiver.path("slow",
				(n) -> (n == 1) ? new Answer(200, Map.of(), "", 3_000) : Answer.status(200));
		Response endpoint = register(path, "case.created");
		openCase(this.admin, "slow");
		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		assertThat(delivery.at("/attempts/0/error").asString()).contains("timeout");
		assertThat(delivery.at("/attempts/1/statusCode").asInt()).isEqualTo(200);
	}

	@Test
	void aFailedAttemptMarksTheEndpointFailingAndTheNextSuccessClearsTheMark() {
		String path = receiver.path("flaky", (n) -> (n == 1) ? Answer.status(503) : Answer.status(200));
		Response endpoint = register(path, "case.created");
		openCase(this.admin, "flaky");
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !this.admin.get("/api/v1/webhook-endpoints/" + endpointId(endpoint))
				.json()
				.get("failingSince")
				.isNull());
		JsonNode delivery = awaitDelivery(endpoint, "SUCCEEDED");
		assertThat(delivery.at("/attempts/0/statusCode").asInt()).isEqualTo(503);
		JsonNode recovered = this.admin.get("/api/v1/webhook-endpoints/" + endpointId(endpoint)).json();
		assertThat(recovered.get("failingSince").isNull()).isTrue();
		assertThat(recovered.get("enabled").asBoolean()).isTrue();
	}

	@Test
	void honoursRetryAfter() {
		String path = receiver.path("busy",
				(n) -> (n == 1) ? new Answer(429, Map.of("Retry-After", "3"), "", 0) : Answer.status(200));
		register(path, "case.created");
		openCase(this.admin, "busy");
		await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received(path).size() == 2);
		List<Received> got = receiver.received(path);
		assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
	}

	@Test
	void deliversWhileTheApiRequestsHoldEveryConnectionOfTheirPool() throws Exception {
		String path = receiver.path("own-connections", (n) -> Answer.status(204));
		Response endpoint = caseOpenedWhileNotDelivering(path, "own-connections");
		HikariDataSource requests = this.dataSource.unwrap(HikariDataSource.class);
		List<Connection> taken = new ArrayList<>();
		try {
			while (taken.size() < requests.getMaximumPoolSize()) {
				taken.add(requests.getConnection());
			}
			deliverAgain();
			awaitOne(path);
			try (PreparedStatement status = taken.get(0)
				.prepareStatement("select status from webhook_deliveries where endpoint_id = ?::uuid")) {
				status.setString(1, endpointId(endpoint));
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					try (var rows = status.executeQuery()) {
						return rows.next() && "SUCCEEDED".equals(rows.getString(1));
					}
				});
			}
		}
		finally {
			for (Connection connection : taken) {
				connection.close();
			}
		}
	}

	@Test
	void goneDisablesTheEndpointAtOnce() {
		String path = receiver.path("gone", (n) -> Answer.status(410));
		Response endpoint = register(path, "case.created");
		openCase(this.admin, "gone");
		awaitDelivery(endpoint, "FAILED");
		JsonNode disabled = this.admin.get("/api/v1/webhook-endpoints/" + endpointId(endpoint)).json();
		assertThat(disabled.get("enabled").asBoolean()).isFalse();
		assertThat(disabled.get("disabledReason").asString()).contains("410");
		openCase(this.admin, "gone-again");
		sleep(1_500);
		assertThat(receiver.received(path)).hasSize(1);
	}

	@Test
	void neverFollowsARedirectAndMarksTheDeliveryFailedWhenRetriesRunOut() {
		String target = receiver.path("target", (n) -> Answer.status(200));
		String path = receiver.path("moved", (n) -> new Answer(302, Map.of("Location", receiver.url(target)), "", 0));
		Response endpoint = register(path, "case.created");
		openCase(this.admin, "moved");
		JsonNode delivery = awaitDelivery(endpoint, "FAILED");
		assertThat(delivery.get("attempts")).hasSize(3);
		assertThat(delivery.at("/attempts/0/error").asString()).contains("redirect not followed");
		assertThat(receiver.received(target)).isEmpty();
		assertThat(delivery.at("/delivery/status").asString()).isEqualTo("FAILED");
	}

	@Test
	void aStepsEventsToAnEndpointAreOneJobAndArriveInTheirOrder() {
		String caseId = openCase(this.admin, "one-job");
		String path = receiver.path("one-job", (n) -> Answer.status(204));
		Response endpoint = registerForAll(path);
		this.scheduler.pause();

		acknowledge(caseId);

		List<String> deliveries = deliveriesInOrder(endpoint);
		assertThat(deliveries).as("the acknowledgement's events").hasSizeGreaterThanOrEqualTo(2);
		assertThat(jobsNaming(endpoint)).containsExactly(String.join(",", deliveries));
		deliverAgain();
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == deliveries.size());
		assertThat(receiver.received(path)).extracting((got) -> JSON.readTree(got.body()).at("/data/sequence").asInt())
			.isSorted()
			.doesNotHaveDuplicates();
		await().atMost(Duration.ofSeconds(5)).until(() -> jobsNaming(endpoint).isEmpty());
		assertThat(this.jdbc.queryForList("""
				select d.status || ' ' || count(a.id) from webhook_deliveries d
				left join webhook_attempts a on a.delivery_id = d.id
				where d.endpoint_id = ?::uuid group by d.id""", String.class, endpointId(endpoint)))
			.as("each recorded with its attempt")
			.containsOnly("SUCCEEDED 1")
			.hasSize(deliveries.size());
	}

	@Test
	void aDeliveryToBeTriedAgainHoldsBackTheLaterOnesOfItsJob() {
		String caseId = openCase(this.admin, "held-back");
		String path = receiver.path("held-back", (n) -> (n == 1) ? Answer.status(503) : Answer.status(204));
		Response endpoint = registerForAll(path);

		acknowledge(caseId);

		List<String> deliveries = deliveriesInOrder(endpoint);
		await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received(path).size() == deliveries.size() + 1);
		List<String> ids = receiver.received(path).stream().map((got) -> got.header("webhook-id")).toList();
		assertThat(ids.get(1)).as("the failed one, again, before any later one").isEqualTo(ids.get(0));
		assertThat(ids.subList(1, ids.size())).doesNotHaveDuplicates().hasSize(deliveries.size());
		assertThat(receiver.received(path)).extracting((got) -> JSON.readTree(got.body()).at("/data/sequence").asInt())
			.isSorted();
		await().atMost(Duration.ofSeconds(5)).until(() -> jobsNaming(endpoint).isEmpty());
		assertThat(this.jdbc.queryForObject("select failing_since from webhook_endpoints where id = ?::uuid",
				java.sql.Timestamp.class, endpointId(endpoint)))
			.as("failing since the failure, until the successes after it")
			.isNull();
	}

	@Test
	void aGoneAnswerEndsTheRestOfItsJobWithoutAnAttempt() {
		String caseId = openCase(this.admin, "gone-mid-job");
		String path = receiver.path("gone-mid-job", (n) -> (n == 2) ? Answer.status(410) : Answer.status(204));
		Response endpoint = registerForAll(path);

		acknowledge(caseId);

		List<String> deliveries = deliveriesInOrder(endpoint);
		assertThat(deliveries).hasSizeGreaterThanOrEqualTo(3);
		await().atMost(Duration.ofSeconds(10)).until(() -> jobsNaming(endpoint).isEmpty());
		assertThat(this.jdbc.queryForList("""
				select d.status || ' ' || coalesce(d.last_error, '') || ' ' || count(a.id)
				from webhook_deliveries d join webhook_messages m on m.id = d.message_id
				left join webhook_attempts a on a.delivery_id = d.id
				where d.endpoint_id = ?::uuid group by d.id, m.sequence order by m.sequence""", String.class,
				endpointId(endpoint)))
			.startsWith("SUCCEEDED  1", "FAILED  1", "FAILED endpoint disabled 0");
		assertThat(receiver.received(path)).hasSize(2);
		assertThat(
				this.admin.get("/api/v1/webhook-endpoints/" + endpointId(endpoint)).json().get("enabled").asBoolean())
			.isFalse();
	}

	@Test
	void aDeliveryRetriedByHandIsSentByItsOwnJobAndNotAgainByTheJobThatNamesIt() {
		String caseId = openCase(this.admin, "retried-in-job");
		// slow enough that both jobs have read their deliveries before either is recorded
		String path = receiver.path("retried-in-job", (n) -> new Answer(204, Map.of(), "", 300));
		Response endpoint = registerForAll(path);
		this.scheduler.pause();
		acknowledge(caseId);
		List<String> deliveries = deliveriesInOrder(endpoint);
		String second = deliveries.get(1);

		assertThat(this.admin.post("/api/v1/webhook-deliveries/" + second + "/retry", null).status()).isEqualTo(202);
		assertThat(jobsNaming(endpoint)).containsExactlyInAnyOrder(String.join(",", deliveries), second);
		deliverAgain();

		await().atMost(Duration.ofSeconds(10)).until(() -> jobsNaming(endpoint).isEmpty());
		sleep(500);
		assertThat(receiver.received(path)).hasSize(deliveries.size())
			.extracting((got) -> got.header("webhook-id"))
			.doesNotHaveDuplicates();
	}

	@Test
	void aPendingDeliveryIsNotRetriedByHandWhileAJobOfSeveralIsSendingIt() {
		String caseId = openCase(this.admin, "being-sent");
		String path = receiver.path("being-sent", (n) -> Answer.status(204));
		Response endpoint = registerForAll(path);
		this.scheduler.pause();
		acknowledge(caseId);
		List<String> deliveries = deliveriesInOrder(endpoint);
		String job = String.join(",", deliveries);
		// as while another instance sends them
		this.jdbc.update("""
				update scheduled_tasks set picked = true, picked_by = 'another-instance', last_heartbeat = now()
				where task_name = 'webhook-delivery' and task_instance = ?""", job);
		try {
			problem(this.admin.post("/api/v1/webhook-deliveries/" + deliveries.get(1) + "/retry", null), 409,
					"delivery-in-progress");
			assertThat(jobsNaming(endpoint)).containsExactly(job);
		}
		finally {
			this.jdbc.update("""
					update scheduled_tasks set picked = false, picked_by = null, last_heartbeat = null
					where task_name = 'webhook-delivery' and task_instance = ?""", job);
		}
	}

	@Test
	void retryAndRecoverSendFailedDeliveriesAgain() {
		String path = receiver.path("recovering", (n) -> (n <= 3) ? Answer.status(503) : Answer.status(200));
		Response endpoint = register(path, "case.created");
		Instant before = Instant.now().minusSeconds(1);
		openCase(this.admin, "recover");
		JsonNode failed = awaitDelivery(endpoint, "FAILED");
		String deliveryId = failed.at("/delivery/id").asString();

		Response recovered = this.admin
			.post("/api/v1/webhook-endpoints/" + endpointId(endpoint) + "/recover?since=" + before, null);
		assertThat(recovered.status()).isEqualTo(202);
		assertThat(recovered.json().get("requeued").asInt()).isEqualTo(1);
		JsonNode succeeded = awaitDelivery(endpoint, "SUCCEEDED");
		assertThat(succeeded.at("/delivery/id").asString()).isEqualTo(deliveryId);
		assertThat(receiver.received(path)).extracting((r) -> r.header("webhook-id"))
			.containsOnly(receiver.received(path).get(0).header("webhook-id"));

		Response retried = this.admin.post("/api/v1/webhook-deliveries/" + deliveryId + "/retry", null);
		assertThat(retried.status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 5);
	}

	@Test
	void aRolledBackChangeSendsNothing() {
		String path = receiver.path("rollback", (n) -> Answer.status(200));
		register(path, "case.note_added");
		String caseId = openCase(this.admin, "rollback");
		Actor agent = agent();
		this.transaction.executeWithoutResult((status) -> {
			this.cases.addNote(UUID.fromString(caseId), new CaseInputs.Note("never happened"), null, agent);
			status.setRollbackOnly();
		});
		sleep(1_500);
		assertThat(receiver.received(path)).isEmpty();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from webhook_messages where case_id = ?::uuid and type = 'case.note_added'",
				Integer.class, caseId))
			.isZero();
	}

	@Test
	void aDeliveryJobIsNeverSeenBeforeTheChangeThatCausedItCommits() throws Exception {
		String path = receiver.path("with-the-change", (n) -> Answer.status(200));
		register(path, "case.note_added");
		String caseId = openCase(this.admin, "with-the-change");
		Actor agent = agent();
		try (Connection outside = this.dataSource.getConnection();
				PreparedStatement jobsWithoutDelivery = outside.prepareStatement("""
						select count(*) from scheduled_tasks s where s.task_name = 'webhook-delivery'
						and not exists (select 1 from webhook_deliveries d where d.id::text = s.task_instance)""")) {
			this.transaction.executeWithoutResult((status) -> {
				this.cases.addNote(UUID.fromString(caseId), new CaseInputs.Note("scheduled with the note"), null,
						agent);
				// what the commit does first; a job seen now would run
				// before the change commits, and find no delivery
				this.outbox.writePending();
				assertThat(count(jobsWithoutDelivery)).isZero();
			});
		}
		awaitOne(path);
	}

	@Test
	void aMigrationGivesAPendingDeliveryWhoseJobWasLostItsJobBack() throws Exception {
		String path = receiver.path("orphaned", (n) -> Answer.status(204));
		Response endpoint = caseOpenedWhileNotDelivering(path, "orphaned");
		assertThat(this.jdbc.update("""
				delete from scheduled_tasks where task_name = 'webhook-delivery' and task_instance in
				  (select id::text from webhook_deliveries where endpoint_id = ?::uuid)""", endpointId(endpoint)))
			.isOne();

		this.jdbc.execute(new org.springframework.core.io.ClassPathResource(
				"db/migration/webhook/V20__webhook_orphaned_deliveries_requeued.sql")
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
		deliverAgain();

		awaitOne(path);
		awaitDelivery(endpoint, "SUCCEEDED");
	}

	/**
	 * An endpoint for {@code case.created} at the path, and a case opened while this
	 * instance's scheduler is paused: its delivery waits.
	 */
	private Response caseOpenedWhileNotDelivering(String path, String subject) {
		Response endpoint = register(path, "case.created");
		this.scheduler.pause();
		openCase(this.admin, subject);
		return endpoint;
	}

	/** This instance's scheduler resumed and polling at once. */
	private void deliverAgain() {
		this.scheduler.resume();
		this.scheduler.triggerCheckForDueExecutions();
	}

	private static Actor agent() {
		return new Actor(UUID.randomUUID(), "test-agent", Role.AGENT,
				java.util.Set.of(io.defuse.shared.TeamScope.DEFAULT_TEAM));
	}

	private static long count(PreparedStatement query) {
		try (var rows = query.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void pendingDeliveriesAreDeliveredByTheNextInstanceToStart() {
		String path = receiver.path("restart", (n) -> Answer.status(200));
		caseOpenedWhileNotDelivering(path, "while-down");
		sleep(1_500);
		assertThat(receiver.received(path)).isEmpty();

		Scheduler next = otherInstance("restarted");
		try {
			awaitOne(path);
		}
		finally {
			next.stop();
		}
	}

	@Test
	void twoInstancesDeliverEachEventOnce() {
		String path = receiver.path("two", (n) -> Answer.status(200));
		register(path, "case.created");
		this.scheduler.pause();
		int events = 30;
		for (int i = 0; i < events; i++) {
			openCase(this.admin, "two-" + i);
		}
		Scheduler first = otherInstance("first");
		Scheduler second = otherInstance("second");
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(path).size() >= events);
			sleep(1_000);
			List<String> ids = receiver.received(path).stream().map((r) -> r.header("webhook-id")).toList();
			assertThat(ids).hasSize(events);
			assertThat(new HashSet<>(ids)).hasSize(events);
		}
		finally {
			first.stop();
			second.stop();
		}
	}

	@Test
	void anEndpointFailingForFiveDaysWithoutASuccessIsDisabled() {
		String path = receiver.path("down", (n) -> Answer.status(503));
		Response endpoint = register(path, "case.created");
		this.jdbc.update(
				"update webhook_endpoints set failing_since = now() - interval '5 days 1 minute' where id = ?::uuid",
				endpointId(endpoint));
		openCase(this.admin, "down");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !this.admin.get("/api/v1/webhook-endpoints/" + endpointId(endpoint))
				.json()
				.get("enabled")
				.asBoolean());
		assertThat(this.admin.get("/api/v1/webhook-endpoints/" + endpointId(endpoint)).field("disabledReason"))
			.contains("5 days");
	}

	@Test
	void anAttemptMovesItsDeliveryOnWithoutWritingTheDeliveriesIndexes() {
		InPlaceUpdates.assertPossible(this.jdbc, "webhook_deliveries", 80, "status", "attempts", "next_attempt_at",
				"last_attempt_at", "last_status_code", "last_error", "completed_at");
		long before = InPlaceUpdates.counted(this.jdbc, "webhook_deliveries");
		String path = receiver.path("hot", (n) -> Answer.status(204));
		Response endpoint = register(path, "case.created");
		openCase(this.admin, "hot");
		awaitDelivery(endpoint, "SUCCEEDED");
		// the statistics arrive when the worker's session next reports them
		await().atMost(Duration.ofSeconds(30))
			.until(() -> InPlaceUpdates.counted(this.jdbc, "webhook_deliveries") > before);
	}

	@Test
	void finishedDeliveriesArePurgedAfterTheRetentionPeriodPendingOnesNever() {
		String path = receiver.path("purge", (n) -> Answer.status(200));
		Response endpoint = register(path, "case.created");
		openCase(this.admin, "purge-old");
		awaitDelivery(endpoint, "SUCCEEDED");
		String old = this.admin.get("/api/v1/webhook-endpoints/" + endpointId(endpoint) + "/deliveries")
			.field("nextCursor");
		assertThat(old).isNull();
		this.jdbc.update(
				"""
						update webhook_deliveries set completed_at = now() - interval '31 days', created_at = now() - interval '31 days'
						where endpoint_id = ?::uuid""",
				endpointId(endpoint));
		this.jdbc.update("""
				update webhook_messages set created_at = now() - interval '31 days'
				where id in (select message_id from webhook_deliveries where endpoint_id = ?::uuid)""",
				endpointId(endpoint));
		this.jdbc.update("""
				insert into webhook_deliveries (id, message_id, endpoint_id, status, created_at)
				select gen_random_uuid(), message_id, endpoint_id, 'PENDING', now() - interval '40 days'
				from webhook_deliveries where endpoint_id = ?::uuid""", endpointId(endpoint));
		assertThat(this.retention.purge()).isGreaterThanOrEqualTo(1);
		assertThat(this.jdbc.queryForList("select status from webhook_deliveries where endpoint_id = ?::uuid",
				String.class, endpointId(endpoint)))
			.containsExactly("PENDING");
	}

	@Test
	void pingReachesTheEndpointWhateverItSubscribedTo() {
		String path = receiver.path("ping", (n) -> Answer.status(204));
		Response endpoint = register(path, "customer.updated");
		Response ping = this.admin.post("/api/v1/webhook-endpoints/" + endpointId(endpoint) + "/test", null);
		assertThat(ping.status()).isEqualTo(202);
		assertThat(JSON.readTree(awaitOne(path).body()).get("type").asString()).isEqualTo("ping");
	}

	@Test
	void subscriptionsFilterEventTypes() {
		String closedOnly = receiver.path("closed-only", (n) -> Answer.status(200));
		String all = receiver.path("all", (n) -> Answer.status(200));
		register(closedOnly, "case.closed");
		Response everything = this.admin.post("/api/v1/webhook-endpoints",
				json("{'url': '%s', 'description': 'everything'}", receiver.url(all)));
		this.endpoints.add(endpointId(everything));
		String caseId = openCase(this.admin, "filter");
		this.admin.post("/api/v1/cases/" + caseId + "/notes", json("{'text': 'hello'}"));
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(all).size() >= 3);
		Set<String> types = new HashSet<>();
		receiver.received(all).forEach((r) -> types.add(JSON.readTree(r.body()).get("type").asString()));
		assertThat(types).contains("case.created", "case.statement_added", "case.note_added");
		assertThat(receiver.received(closedOnly)).isEmpty();
	}

	@Test
	void customerChangesAreSentToo() {
		String path = receiver.path("customers", (n) -> Answer.status(200));
		register(path, "customer.created");
		String ref = "CRM-" + UUID.randomUUID();
		this.admin.post("/api/v1/customers", json("{'displayName': 'Eva Svobodová', 'externalRef': '%s'}", ref));
		JsonNode body = JSON.readTree(awaitOne(path).body());
		assertThat(body.at("/data/externalRef").asString()).isEqualTo(ref);
		assertThat(body.at("/data/displayName").asString()).isEqualTo("Eva Svobodová");
	}

	@Test
	void registrationRefusesBadUrlsAndUnknownEventTypes() {
		problem(this.admin.post("/api/v1/webhook-endpoints", json("{'url': 'ftp://example.com/x'}")), 400,
				"validation-failed");
		problem(this.admin.post("/api/v1/webhook-endpoints", json("{'url': 'https://user:pw@example.com/x'}")), 400,
				"validation-failed");
		Response unknownType = this.admin.post("/api/v1/webhook-endpoints",
				json("{'url': '%s', 'eventTypes': ['case.exploded']}", receiver.url("/x")));
		problem(unknownType, 400, "validation-failed");
		assertThat(unknownType.fieldErrors()).containsExactly("eventTypes[0]");
		ApiClient agent = this.admin.withNewPrincipal("AGENT");
		problem(agent.get("/api/v1/webhook-endpoints"), 403, "forbidden");
	}

	// ---- helpers

	private Response register(String path, String eventType) {
		Response created = this.admin.post("/api/v1/webhook-endpoints",
				json("{'url': '%s', 'eventTypes': ['%s'], 'description': 'test'}", receiver.url(path), eventType));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.endpoints.add(endpointId(created));
		return created;
	}

	/** An endpoint at the path for every event type. */
	private Response registerForAll(String path) {
		Response created = this.admin.post("/api/v1/webhook-endpoints",
				json("{'url': '%s', 'description': 'test'}", receiver.url(path)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.endpoints.add(endpointId(created));
		return created;
	}

	private void acknowledge(String caseId) {
		Response acknowledged = this.admin.post("/api/v1/cases/" + caseId + "/acknowledgement",
				json("{'message': 'I am so sorry about this.'}"));
		assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
	}

	/** The endpoint's deliveries in the order of their messages. */
	private List<String> deliveriesInOrder(Response endpoint) {
		return this.jdbc.queryForList("""
				select d.id::text from webhook_deliveries d join webhook_messages m on m.id = d.message_id
				where d.endpoint_id = ?::uuid order by m.sequence""", String.class, endpointId(endpoint));
	}

	/** The delivery jobs naming a delivery of the endpoint. */
	private List<String> jobsNaming(Response endpoint) {
		return this.jdbc.queryForList("""
				select task_instance from scheduled_tasks where task_name = 'webhook-delivery'
				  and string_to_array(task_instance, ',')
				      && array(select id::text from webhook_deliveries where endpoint_id = ?::uuid)""", String.class,
				endpointId(endpoint));
	}

	private static Received awaitOne(String path) {
		await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received(path).isEmpty());
		return receiver.received(path).get(0);
	}

	private JsonNode awaitDelivery(Response endpoint, String status) {
		String list = "/api/v1/webhook-endpoints/" + endpointId(endpoint) + "/deliveries?status=" + status;
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.admin.get(list).json().get("items").isEmpty());
		String deliveryId = this.admin.get(list).json().at("/items/0/id").asString();
		return this.admin.get("/api/v1/webhook-deliveries/" + deliveryId).json();
	}

	/**
	 * Another service instance's scheduler on the same database, as after a restart or
	 * scale-out.
	 */
	private Scheduler otherInstance(String name) {
		Scheduler other = Scheduler.create(this.dataSource, this.webhookDeliveryTask)
			.schedulerName(new SchedulerName.Fixed(name))
			.pollingInterval(Duration.ofMillis(200))
			.pollUsingLockAndFetch(0.5, 1.0)
			.threads(4)
			.build();
		other.start();
		return other;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
