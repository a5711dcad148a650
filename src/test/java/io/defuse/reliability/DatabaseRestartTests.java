package io.defuse.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

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
 * PostgreSQL stopped in immediate mode while clients read and write, kept down for five
 * seconds and started again on the same port and data: during the outage readiness is
 * DOWN, liveness stays UP, and every request is answered 503 problem+json with
 * {@code Retry-After} within a few seconds; afterwards the service recovers by itself, no
 * acknowledged write is lost, and the jobs (webhook deliveries) resume.
 * <p>
 * Runs with {@code ./mvnw -Preliability test} (a minute or two: one service start, and
 * db-scheduler's dead-execution detection of about a minute for deliveries cut off by the
 * outage).
 */
@Tag("reliability")
class DatabaseRestartTests {

	/**
	 * Hikari's connection-timeout (2 s) is what a request waits for a connection at most;
	 * the rest is headroom for a small machine shared with other builds, where even a
	 * normal request now and then takes seconds.
	 */
	private static final Duration UNAVAILABLE_BOUND = Duration.ofSeconds(6);

	/** No request hangs: every one is answered within this, outage or not. */
	private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);

	private static final Duration OUTAGE = Duration.ofSeconds(5);

	@TempDir
	Path dir;

	record Probe(Instant at, int readiness, int liveness, Duration took) {
	}

	@Test
	void immediateDatabaseRestartUnderLoadIsAnOutageOf503sThatHealsWithoutLosingWrites() throws Exception {
		try (ControlledPostgres postgres = ControlledPostgres.start(this.dir.resolve("postgres"));
				WebhookCollector receiver = new WebhookCollector(50);
				ServiceProcess service = new ServiceProcess(postgres.jdbcUrl(),
						Path.of("target", "reliability", "database-restart.log"), Map.of())) {
			service.start().awaitReady(Duration.ofMinutes(3));
			ApiClient admin = service.admin();
			Response endpoint = admin.post("/api/v1/webhook-endpoints",
					json("{'url': '%s', 'description': 'every event'}", receiver.url()));
			assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
			ApiClient agent = admin.withNewPrincipal("AGENT");

			Queue<Probe> probes = new ConcurrentLinkedQueue<>();
			AtomicBoolean probing = new AtomicBoolean(true);
			Thread prober = new Thread(() -> {
				while (probing.get()) {
					long started = System.nanoTime();
					Instant at = Instant.now();
					int readiness = service.probe("/actuator/health/readiness");
					int liveness = service.probe("/actuator/health/liveness");
					probes.add(new Probe(at, readiness, liveness, Duration.ofNanos(System.nanoTime() - started)));
					sleep(250);
				}
			}, "prober");
			prober.setDaemon(true);
			prober.start();

			Workload load = new Workload(agent, 200).start(4);
			await().atMost(Duration.ofMinutes(1)).until(() -> load.acknowledgedWrites() >= 50);
			postgres.stopImmediately();
			Instant downAt = Instant.now();
			Thread.sleep(OUTAGE.toMillis());
			Instant restartedAt = Instant.now();
			postgres.startAgain();
			Instant databaseUp = Instant.now();
			await().atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> service.probe("/actuator/health/readiness") == 200);
			Instant readyAgain = Instant.now();
			await().atMost(Duration.ofMinutes(1))
				.until(() -> load.answers()
					.stream()
					.anyMatch((answer) -> answer.acknowledgedWrite() && answer.startedAt().isAfter(readyAgain)));
			Instant writingAgain = load.answers()
				.stream()
				.filter((answer) -> answer.acknowledgedWrite() && answer.startedAt().isAfter(readyAgain))
				.map((answer) -> answer.startedAt().plus(answer.took()))
				.min(Instant::compareTo)
				.orElseThrow();
			Thread.sleep(5000);
			load.stop();
			probing.set(false);
			prober.join();
			List<Answer> answers = load.answers();

			assertThat(answers).as("every request answered, none cut off").allSatisfy((answer) -> {
				assertThat(answer.status()).as(answer.toString()).isIn(200, 201, 503);
				assertThat(answer.took()).as(answer.toString()).isLessThan(ANSWER_BOUND);
			});
			List<Answer> unavailable = answers.stream().filter((answer) -> answer.status() == 503).toList();
			assertThat(unavailable).as("503s").isNotEmpty().allSatisfy((answer) -> {
				assertThat(answer.contentType()).startsWith("application/problem+json");
				assertThat(answer.code()).isEqualTo("unavailable");
				assertThat(answer.retryAfter()).isNotBlank();
				assertThat(answer.took()).isLessThan(UNAVAILABLE_BOUND);
			});
			List<Answer> duringOutage = answers.stream()
				.filter((answer) -> answer.startedAt().isAfter(downAt)
						&& answer.startedAt().plus(answer.took()).isBefore(restartedAt))
				.toList();
			assertThat(duringOutage).as("requests sent while the database was down")
				.isNotEmpty()
				.allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(503));
			assertThat(answers.stream().filter((answer) -> answer.startedAt().isAfter(readyAgain.plusSeconds(1))))
				.as("answers once ready again")
				.isNotEmpty()
				.allSatisfy((answer) -> assertThat(answer.status()).as(answer.toString()).isBetween(200, 201));

			assertThat(probes).as("liveness never depends on the database")
				.allSatisfy((probe) -> assertThat(probe.liveness()).as(probe.toString()).isEqualTo(200));
			List<Probe> probesDuringOutage = probes.stream()
				.filter((probe) -> probe.at().isAfter(downAt) && probe.at().isBefore(restartedAt))
				.toList();
			assertThat(probesDuringOutage).as("readiness while the database was down")
				.isNotEmpty()
				.allSatisfy((probe) -> assertThat(probe.readiness()).as(probe.toString()).isEqualTo(503));
			assertThat(probes).allSatisfy((probe) -> assertThat(probe.took()).isLessThan(ANSWER_BOUND.multipliedBy(2)));

			StoredState stored = new StoredState(postgres.jdbc());
			assertThat(stored.lostAcknowledgedWrites(answers)).as("acknowledged changes missing after the restart")
				.isEmpty();
			assertThat(stored.timelinesWithGaps()).isEmpty();
			assertThat(stored.outboxMismatches()).isEmpty();

			Set<String> messages = stored.messageIds();
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> stored.deliveriesNotSucceeded() == 0 && receiver.ids().containsAll(messages));
			Instant allDelivered = Instant.now();
			assertThat(receiver.idsByEvent().values()).allSatisfy((ids) -> assertThat(ids).hasSize(1));
			assertThat(service.probe("/actuator/health/readiness")).as("the job scheduler is healthy too")
				.isEqualTo(200);

			Map<Integer, Long> outageByStatus = duringOutage.stream()
				.collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
			System.out
				.printf("RESULT database-restart: answers %d (by status %s); during the outage %d (by status %s); "
						+ "slowest answer %d ms; slowest 503 %d ms; readiness probes during the outage %d, all 503; "
						+ "acknowledged writes %d; cases %d; timeline events %d; messages %d; requests received %d; "
						+ "redelivered ids %d; database start %d ms; database up to ready %d ms; "
						+ "database up to first acknowledged write %d ms; database up to all delivered %d ms%n",
						answers.size(), load.byStatus(), duringOutage.size(), outageByStatus,
						answers.stream().map(Answer::took).max(Duration::compareTo).orElseThrow().toMillis(),
						unavailable.stream().map(Answer::took).max(Duration::compareTo).orElseThrow().toMillis(),
						probesDuringOutage.size(), load.acknowledgedWrites(), stored.cases(), stored.timelineEvents(),
						messages.size(), receiver.received().size(), receiver.redelivered().size(),
						Duration.between(restartedAt, databaseUp).toMillis(),
						Duration.between(databaseUp, readyAgain).toMillis(),
						Duration.between(databaseUp, writingAgain).toMillis(),
						Duration.between(databaseUp, allDelivered).toMillis());
		}
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
