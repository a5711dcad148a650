package io.defuse.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.reliability.Workload.Answer;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the service in the middle of a burst of workflow changes, then a
 * start on the same database: nothing acknowledged is lost, nothing is half-written, and
 * every committed event reaches the webhook receiver at least once, a redelivery always
 * under the message id of its first attempt.
 * <p>
 * Runs with {@code ./mvnw -Preliability test} (about two minutes: two service starts, and
 * db-scheduler's dead-execution detection of about a minute before the deliveries the
 * killed process had in flight are attempted again).
 */
@Tag("reliability")
class CrashRecoveryTests {

	private static final Duration START = Duration.ofMinutes(3);

	@TempDir
	Path dir;

	@Test
	void killMinus9MidBurstLosesNoAcknowledgedWriteAndNoEventAndRedeliversUnderTheSameId() throws Exception {
		try (ControlledPostgres postgres = ControlledPostgres.start(this.dir.resolve("postgres"));
				WebhookCollector receiver = new WebhookCollector(300);
				ServiceProcess service = new ServiceProcess(postgres.jdbcUrl(),
						Path.of("target", "reliability", "crash-recovery.log"), Map.of())) {
			Duration firstStart = service.start().awaitReady(START);
			ApiClient admin = service.admin();
			Response endpoint = admin.post("/api/v1/webhook-endpoints",
					json("{'url': '%s', 'description': 'every event'}", receiver.url()));
			assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
			ApiClient agent = admin.withNewPrincipal("AGENT");

			Workload burst = new Workload(agent, 50).start(6);
			await().atMost(Duration.ofMinutes(2)).until(() -> burst.acknowledgedWrites() >= 300);
			Instant killedAt = Instant.now();
			service.kill();
			burst.stop();
			List<Answer> answers = burst.answers();
			long acknowledged = answers.stream().filter(Answer::acknowledgedWrite).count();
			long receivedBeforeRestart = receiver.received().size();

			Duration restart = service.start().awaitReady(START);
			StoredState stored = new StoredState(postgres.jdbc());

			assertThat(stored.lostAcknowledgedWrites(answers)).as("acknowledged changes missing after kill -9")
				.isEmpty();
			assertThat(stored.timelinesWithGaps()).as("cases whose timeline has gaps").isEmpty();
			assertThat(stored.outboxMismatches()).as("half-written changes").isEmpty();

			Set<String> messages = stored.messageIds();
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> stored.deliveriesNotSucceeded() == 0 && receiver.ids().containsAll(messages));
			Instant allDelivered = Instant.now();
			assertThat(receiver.ids()).as("only ids of stored messages arrive").isEqualTo(stored.messageIds());
			Map<String, Set<String>> idsByEvent = receiver.idsByEvent();
			assertThat(idsByEvent.values()).as("every event under one message id, however often sent")
				.allSatisfy((ids) -> assertThat(ids).hasSize(1));
			Set<String> redelivered = receiver.redelivered();
			assertThat(redelivered).as("deliveries in flight at the kill were sent again").isNotEmpty();
			Instant firstRedelivery = receiver.received()
				.stream()
				.filter((got) -> redelivered.contains(got.webhookId()) && got.at().isAfter(killedAt))
				.map(WebhookCollector.Received::at)
				.min(Instant::compareTo)
				.orElseThrow();

			Response afterwards = agent.get("/api/v1/cases?limit=1");
			assertThat(afterwards.status()).isEqualTo(200);

			System.out.printf(
					"RESULT crash-recovery: first start %d ms; answers %d (by status %s); acknowledged writes %d; "
							+ "cases %d; timeline events %d; messages %d; received before restart %d; "
							+ "requests received %d; redelivered ids %d; restart to ready %d ms; "
							+ "kill to first redelivery %d ms; kill to all delivered %d ms%n",
					firstStart.toMillis(), answers.size(), burst.byStatus(), acknowledged, stored.cases(),
					stored.timelineEvents(), messages.size(), receivedBeforeRestart, receiver.received().size(),
					redelivered.size(), restart.toMillis(), Duration.between(killedAt, firstRedelivery).toMillis(),
					Duration.between(killedAt, allDelivered).toMillis());
		}
	}

}
