package io.defuse.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.defuse.reliability.ClusterClient.Response;
import io.defuse.reliability.ClusterWorkload.Latency;
import io.defuse.reliability.ClusterWorkload.Pacer;
import io.defuse.reliability.ClusterWorkload.Recorder;

import static io.defuse.reliability.ClusterClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on one PostgreSQL, started as child JVMs, under load from
 * clients that send each request to the other instance in turn. Checks what a cluster
 * must guarantee without a crash: every event delivered to the webhook receiver exactly
 * once; each scheduled job (SLA warning and breach, follow-up due, the purges) done once
 * per due time, not once per instance; and every write acknowledged by one instance
 * visible at once on the other, with the same version and ETag. Measures the throughput
 * of one instance and of both, latency, webhook lag and the connections used; the figures
 * go to {@code target/reliability/cluster-summary.md}.
 */
@Tag("reliability")
class ClusterTests {

	private static final Path OUT = Path.of("target", "reliability");

	private static final String OLD_ENDPOINT = "00000000-0000-0000-0000-00000000e0e0";

	private final Duration phase = Duration.parse(System.getProperty("cluster.phase", "PT60S"));

	private final int clients = Integer.getInteger("cluster.clients", 8);

	private final int slaCases = Integer.getInteger("cluster.sla-cases", 6);

	@Test
	void twoInstancesDeliverEveryEventOnceRunEachJobOnceAndReadTheirWrites() throws Exception {
		Files.createDirectories(OUT);
		try (ClusterDatabase database = ClusterDatabase.start(OUT.resolve("cluster-postgres"));
				ClusterWebhookReceiver receiver = new ClusterWebhookReceiver()) {
			Flyway.configure()
				.dataSource(database.jdbcUrl(), "postgres", "")
				.locations("classpath:db/migration")
				.load()
				.migrate();
			seedExpiredDeliveryLog(database);

			Map<String, String> settings = Map.of("DEFUSE_RATE_LIMIT_ENABLED", "false",
					"DEFUSE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true", "DEFUSE_CASEWORK_SLA_WATCH_INTERVAL", "PT1S");
			try (ClusterNode a = ClusterNode.start("cluster-a", database.jdbcUrl(), settings, OUT);
					ClusterNode b = ClusterNode.start("cluster-b", database.jdbcUrl(), settings, OUT)) {
				a.awaitReady(Duration.ofMinutes(4));
				b.awaitReady(Duration.ofMinutes(4));
				run(database, receiver, a, b);
			}
		}
	}

	private void run(ClusterDatabase database, ClusterWebhookReceiver receiver, ClusterNode a, ClusterNode b)
			throws Exception {
		Response endpoint = a.admin()
			.post("/api/v1/webhook-endpoints",
					json("{'url': '%s', 'description': 'cluster receiver'}", receiver.url()));
		assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
		String endpointId = endpoint.field("/endpoint/id");
		Response policy = b.admin()
			.put("/api/v1/sla-policies/CRITICAL", json(
					"{'acknowledgeWithin': 'PT1M', 'respondWithin': 'PT1M', 'followUpDelay': 'PT1M', 'warnAtPercent': 50}"));
		assertThat(policy.status()).as(policy.body()).isEqualTo(200);
		// a key made on one instance works on the other at once
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < this.clients; i++) {
			keys.add(((i % 2 == 0) ? a : b).admin().newKey("AGENT"));
		}
		List<ClusterClient> pair = List.of(a.admin().as(keys.get(0)), b.admin().as(keys.get(0)));

		List<String> unacknowledged = new ArrayList<>();
		List<String> awaitingFollowUp = new ArrayList<>();
		for (int i = 0; i < this.slaCases; i++) {
			unacknowledged.add(openCriticalCase(pair.get(i % 2), "unacknowledged " + i));
			awaitingFollowUp.add(walkToFollowUp(pair, "follow-up " + i));
		}

		Recorder recorder = new Recorder();
		Sampler sampler = new Sampler(database, a, b);
		Thread sampling = new Thread(sampler, "cluster-sampler");
		sampling.start();
		Map<String, long[]> phases = new LinkedHashMap<>();
		phases.put("warm-up (both)", load(recorder, keys, List.of(a, b), Duration.ofSeconds(20)));
		phases.put("one instance", load(recorder, keys, List.of(a), this.phase));
		phases.put("two instances", load(recorder, keys, List.of(a, b), this.phase));
		sampler.stop.set(true);
		sampling.join();

		// every due job has happened; the watch then runs on for a while so that a
		// second run of a due time would show
		await(Duration.ofSeconds(120), () -> count(database, "case.sla_breached", unacknowledged) == this.slaCases
				&& count(database, "case.follow_up_due", awaitingFollowUp) == this.slaCases);
		ClusterNode.sleep(10_000);
		await(Duration.ofSeconds(60),
				() -> database.queryLong(
						"select count(*) from webhook_deliveries where status = 'PENDING' and endpoint_id = ?::uuid",
						endpointId) == 0);

		List<ClusterWebhookReceiver.Received> received = receiver.received();
		Set<String> ids = new HashSet<>();
		List<String> duplicates = received.stream()
			.map(ClusterWebhookReceiver.Received::webhookId)
			.filter((id) -> !ids.add(id))
			.toList();
		List<String> messages = database
			.queryStrings("select message_id from webhook_deliveries where endpoint_id = ?::uuid", endpointId);
		Map<String, Double> deliveriesByNode = completions(a, b, "webhook-delivery");
		Map<String, Double> watchByNode = completions(a, b, "sla-watch");
		Map<String, Double> deliveryPurges = completions(a, b, "webhook-delivery-purge");
		Map<String, Double> idempotencyPurges = completions(a, b, "idempotency-key-purge");
		writeSummary(database, recorder, phases, sampler, received, messages.size(), duplicates.size(),
				deliveriesByNode, watchByNode, deliveryPurges, idempotencyPurges);

		assertThat(recorder.failures).as("requests that failed").isEmpty();
		assertThat(recorder.staleReads).as("reads on the other instance that missed an acknowledged write").isEmpty();
		assertThat(recorder.casesCompleted.get()).as("cases walked to the end").isPositive();

		assertThat(duplicates).as("webhook-ids received more than once").isEmpty();
		assertThat(ids).as("every message delivered").containsExactlyInAnyOrderElementsOf(messages);
		assertThat(database.queryLong("select count(*) from webhook_deliveries where endpoint_id = ?::uuid "
				+ "and (status <> 'SUCCEEDED' or attempts <> 1)", endpointId))
			.as("deliveries not succeeded at the first attempt")
			.isZero();
		assertThat(database.queryLong("select count(*) from case_events"))
			.as("every timeline event has its webhook message")
			.isEqualTo(database.queryLong("select count(*) from webhook_messages where case_id is not null"));
		assertThat(deliveriesByNode.values()).as("both instances delivered webhooks").allMatch((n) -> n > 0);

		for (String id : unacknowledged) {
			assertOnce(database, received, id, "case.sla_warning", "case.sla_breached", "case.escalated");
		}
		for (String id : awaitingFollowUp) {
			assertOnce(database, received, id, "case.follow_up_due");
			assertThat(types(database, id)).as("case %s met its clocks", id)
				.doesNotContain("case.sla_warning", "case.sla_breached");
		}
		assertThat(sum(deliveryPurges)).as("delivery log purges after both instances started within the hour")
			.isEqualTo(1);
		assertThat(sum(idempotencyPurges)).as("idempotency key purges").isEqualTo(1);
		assertThat(database.queryLong(
				"select count(*) from webhook_deliveries where endpoint_id = ?::uuid " + "and status = 'SUCCEEDED'",
				OLD_ENDPOINT))
			.as("finished deliveries past the retention purged")
			.isZero();
		assertThat(database.queryLong(
				"select count(*) from webhook_deliveries where endpoint_id = ?::uuid " + "and status = 'PENDING'",
				OLD_ENDPOINT))
			.as("pending deliveries kept however old")
			.isEqualTo(1);
	}

	/** Clients on the given nodes for a while, as fast as answers come. */
	private long[] load(Recorder recorder, List<String> keys, List<ClusterNode> nodes, Duration duration)
			throws InterruptedException {
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			List<ClusterClient> clients = nodes.stream().map((node) -> node.admin().as(key)).toList();
			ClusterWorkload workload = new ClusterWorkload(clients, recorder, Pacer.NONE, i);
			pool.submit(() -> workload.runCasesUntil(end));
		}
		pool.shutdown();
		assertThat(pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS)).isTrue();
		// each client finishes the case it is in
		return new long[] { start, System.nanoTime() };
	}

	private static String openCriticalCase(ClusterClient agent, String name) {
		String ref = "SLA-" + UUID.randomUUID();
		Response opened = agent.post("/api/v1/cases", json("""
				{'channel': 'PHONE', 'subject': 'Parcel lost (%s)', 'severity': 'CRITICAL',
				 'statement': 'My parcel has not arrived yet.',
				 'customer': {'externalRef': '%s', 'displayName': 'Customer %s', 'language': 'en'}}""", name, ref,
				ref));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened.field("/id");
	}

	/**
	 * A critical case acknowledged and answered at once, each step on the other instance:
	 * its clocks are met and its follow-up falls due a minute later.
	 */
	private static String walkToFollowUp(List<ClusterClient> pair, String name) {
		String id = openCriticalCase(pair.get(0), name);
		String path = "/api/v1/cases/" + id;
		Response step = pair.get(1)
			.post(path + "/acknowledgement", json("{'message': 'I understand this is frustrating and I am sorry.'}"));
		assertThat(step.status()).as(step.body()).isEqualTo(200);
		step = pair.get(0).put(path + "/details", json("{'category': 'MISSING_ITEM', 'orderRef': 'ORD-%s'}", name));
		assertThat(step.status()).as(step.body()).isEqualTo(200);
		step = pair.get(1).post(path + "/details/confirmation", null);
		assertThat(step.status()).as(step.body()).isEqualTo(200);
		step = pair.get(0).post(path + "/offers", json("{'type': 'GOODWILL', 'description': 'Resend the parcel'}"));
		assertThat(step.status()).as(step.body()).isEqualTo(201);
		String offer = step.field("/offers/0/id");
		step = pair.get(1).post(path + "/offers/" + offer + "/acceptance", null);
		assertThat(step.status()).as(step.body()).isEqualTo(200);
		step = pair.get(0)
			.post(path + "/response", json("{'action': 'GOODWILL_GIVEN', 'reference': 'RS-1', 'note': 'Resent'}"));
		assertThat(step.status()).as(step.body()).isEqualTo(200);
		assertThat(step.field("/step")).isEqualTo("FOLLOW_UP");
		return id;
	}

	/** Each type exactly once on the case's timeline and exactly once at the receiver. */
	private static void assertOnce(ClusterDatabase database, List<ClusterWebhookReceiver.Received> received,
			String caseId, String... types) {
		List<String> timeline = types(database, caseId);
		for (String type : types) {
			assertThat(timeline.stream().filter(type::equals)).as("%s on the timeline of %s", type, caseId).hasSize(1);
			assertThat(received.stream().filter((r) -> type.equals(r.type()) && caseId.equals(r.caseId())))
				.as("%s webhooks for %s", type, caseId)
				.hasSize(1);
		}
	}

	private static List<String> types(ClusterDatabase database, String caseId) {
		return database.queryStrings("select type from case_events where case_id = ?::uuid order by seq", caseId);
	}

	private static long count(ClusterDatabase database, String type, List<String> caseIds) {
		return database.queryLong("select count(distinct case_id) from case_events where type = ? "
				+ "and case_id = any(string_to_array(?, ',')::uuid[])", type, String.join(",", caseIds));
	}

	private static Map<String, Double> completions(ClusterNode a, ClusterNode b, String task) {
		Map<String, Double> byNode = new LinkedHashMap<>();
		for (ClusterNode node : List.of(a, b)) {
			byNode.put(node.name(), node.metrics()
				.sum("dbscheduler_task_completions_total", (labels) -> labels.contains("task=\"" + task + "\"")));
		}
		return byNode;
	}

	private static double sum(Map<String, Double> byNode) {
		return byNode.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	/**
	 * A finished delivery and a pending one, both 40 days old, on an endpoint that is
	 * switched off: the purge must remove the first and keep the second.
	 */
	private static void seedExpiredDeliveryLog(ClusterDatabase database) {
		Timestamp old = Timestamp.from(Instant.now().minus(Duration.ofDays(40)));
		database.update("""
				insert into webhook_endpoints (id, url, enabled, secret, created_at, updated_at, version)
				values (?::uuid, 'http://127.0.0.1:9/old', false, 'whsec_old', ?, ?, 0)""", OLD_ENDPOINT, old, old);
		for (String status : List.of("SUCCEEDED", "PENDING")) {
			String message = "msg_old_" + status;
			database.update("""
					insert into webhook_messages (id, type, occurred_at, body, created_at)
					values (?, 'customer.created', ?, '{}', ?)""", message, old, old);
			database.update(
					"""
							insert into webhook_deliveries (id, message_id, endpoint_id, status, attempts, created_at, completed_at)
							values (?::uuid, ?, ?::uuid, ?, 1, ?, ?)""",
					UUID.randomUUID().toString(), message, OLD_ENDPOINT, status, old,
					"SUCCEEDED".equals(status) ? old : null);
		}
	}

	private static void await(Duration timeout, java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not within " + timeout);
			}
			ClusterNode.sleep(500);
		}
	}

	/** Every 2 s: the service's connections to PostgreSQL and each pool's use. */
	static final class Sampler implements Runnable {

		final AtomicBoolean stop = new AtomicBoolean();

		private final ClusterDatabase database;

		private final List<ClusterNode> nodes;

		long maxConnections;

		final Map<String, Double> maxActive = new LinkedHashMap<>();

		final Map<String, Double> maxPending = new LinkedHashMap<>();

		final Map<String, Double> timeouts = new LinkedHashMap<>();

		Sampler(ClusterDatabase database, ClusterNode... nodes) {
			this.database = database;
			this.nodes = List.of(nodes);
		}

		@Override
		public void run() {
			while (!this.stop.get()) {
				try {
					this.maxConnections = Math.max(this.maxConnections, this.database.serviceConnections());
					for (ClusterNode node : this.nodes) {
						ClusterNode.Metrics metrics = node.metrics();
						this.maxActive.merge(node.name(), metrics.sum("hikaricp_connections_active"), Math::max);
						this.maxPending.merge(node.name(), metrics.sum("hikaricp_connections_pending"), Math::max);
						this.timeouts.put(node.name(), metrics.sum("hikaricp_connections_timeout_total"));
					}
				}
				catch (RuntimeException ex) {
					// a missed sample
				}
				ClusterNode.sleep(2000);
			}
		}

	}

	private void writeSummary(ClusterDatabase database, Recorder recorder, Map<String, long[]> phases, Sampler sampler,
			List<ClusterWebhookReceiver.Received> received, int messages, int duplicates,
			Map<String, Double> deliveriesByNode, Map<String, Double> watchByNode, Map<String, Double> deliveryPurges,
			Map<String, Double> idempotencyPurges) throws Exception {
		StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "# Cluster run %s%n%n", Instant.now()));
		summary.append(String.format(Locale.ROOT,
				"%d clients, closed loop (next request when the answer is in); phases of %s; load average now %.1f%n%n",
				this.clients, this.phase, SoakTests.loadAverage()));
		summary.append(
				"| phase | requests | requests/s | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
		for (Map.Entry<String, long[]> entry : phases.entrySet()) {
			List<Recorder.Sample> samples = recorder.between(entry.getValue()[0], entry.getValue()[1]);
			Latency latency = Latency.of(samples);
			double seconds = (entry.getValue()[1] - entry.getValue()[0]) / 1e9;
			summary.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
					entry.getKey(), latency.count(), latency.count() / seconds, latency.p50(), latency.p90(),
					latency.p99(), latency.max()));
			if (entry.getKey().startsWith("two")) {
				for (int node = 0; node < 2; node++) {
					int index = node;
					Latency one = Latency.of(samples.stream().filter((s) -> s.node() == index).toList());
					summary.append(String.format(Locale.ROOT,
							"| … on instance %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", (node == 0) ? "a" : "b",
							one.count(), one.count() / seconds, one.p50(), one.p90(), one.p99(), one.max()));
				}
			}
		}
		Latency lag = Latency
			.ofMillis(received.stream().mapToLong(ClusterWebhookReceiver.Received::lagMillis).toArray());
		summary.append(String.format(Locale.ROOT,
				"""

						- cases walked to the end: %d; failures %d; stale reads on the other instance: %d
						- webhooks: %d messages, %d received, %d duplicate ids; lag event → receiver p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms
						- deliveries attempted per instance: %s
						- SLA watch runs per instance (every 1 s, one at a time in the cluster): %s
						- purges per instance: webhook deliveries %s, idempotency keys %s
						- connections of the service to PostgreSQL (pg_stat_activity): max %d of max_connections %d
						- Hikari per instance: max active %s, max pending %s, timeouts %s
						""",
				recorder.casesCompleted.get(), recorder.failureCount.get(), recorder.staleReads.size(), messages,
				received.size(), duplicates, lag.p50(), lag.p90(), lag.p99(), lag.max(), deliveriesByNode, watchByNode,
				deliveryPurges, idempotencyPurges, sampler.maxConnections, database.maxConnections(), sampler.maxActive,
				sampler.maxPending, sampler.timeouts));
		summary.append("\nfailures (first 50): ").append(recorder.failures).append('\n');
		summary.append("stale reads: ")
			.append(recorder.staleReads.stream().limit(20).collect(Collectors.joining("; ")))
			.append('\n');
		Files.writeString(OUT.resolve("cluster-summary.md"), summary);
		System.out.println(summary);
	}

}
