package io.defuse.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.defuse.reliability.ClusterWorkload.Latency;
import io.defuse.reliability.ClusterWorkload.Pacer;
import io.defuse.reliability.ClusterWorkload.Recorder;

import static io.defuse.reliability.ClusterClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One instance under moderate, fixed-rate load for a long time (30 minutes unless
 * {@code -Dsoak.duration} says otherwise), sampled every 30 s: latency per window, heap
 * after a full GC, RSS, threads, open files, database connections and the webhook queue.
 * It must end as it started: p99 no more than 50 % worse, the heap not growing, threads
 * and files flat, every webhook delivered once. Samples go to
 * {@code target/reliability/soak-samples.csv}, the verdict to {@code soak-summary.md}.
 */
@Tag("reliability")
class SoakTests {

	private static final Path OUT = Path.of("target", "reliability");

	/** Allowed growth of the heap after GC, fitted over the steady windows. */
	static final double MAX_HEAP_SLOPE_MB_PER_MIN = 1.0;

	/** The last windows' p99 may be at most this much above the first steady windows'. */
	static final double MAX_P99_GROWTH = 0.5;

	/** Latency noise on a shared machine below which a p99 change means nothing. */
	static final double P99_FLOOR_MS = 10;

	/**
	 * Below this many steady minutes a fitted heap slope is noise (a few samples of a
	 * sawtooth), so short runs report it without judging it.
	 */
	static final double MIN_MINUTES_FOR_HEAP_FIT = 10;

	static final int MAX_THREAD_GROWTH = 5;

	static final int MAX_FILE_GROWTH = 10;

	record Sample(int window, double minutes, Latency latency, long serverErrors, double heapAfterGcMb, long rssMb,
			long threads, long openFiles, double poolActive, double poolPending, long dbConnections,
			long pendingDeliveries, long received, long late, double loadAverage) {
	}

	@Test
	void keepsLatencyHeapThreadsAndFilesSteadyUnderHoursOfModerateLoad() throws Exception {
		Duration duration = Duration.parse(System.getProperty("soak.duration", "PT30M"));
		Duration every = Duration.parse(System.getProperty("soak.sample", "PT30S"));
		int clients = Integer.getInteger("soak.clients", 16);
		int rate = Integer.getInteger("soak.rate", 60);
		Files.createDirectories(OUT);

		List<Sample> samples = new ArrayList<>();
		Recorder recorder = new Recorder();
		AtomicLong late = new AtomicLong();
		try (ClusterDatabase database = ClusterDatabase.start(OUT.resolve("soak-postgres"));
				ClusterWebhookReceiver receiver = new ClusterWebhookReceiver();
				ClusterNode node = ClusterNode
					.start("soak", database.jdbcUrl(),
							Map.of("DEFUSE_RATE_LIMIT_ENABLED", "false", "DEFUSE_WEBHOOKS_ALLOW_PRIVATE_TARGETS",
									"true"),
							OUT)
					.awaitReady(Duration.ofMinutes(3))) {
			ClusterClient admin = node.admin();
			assertThat(admin
				.post("/api/v1/webhook-endpoints",
						json("{'url': '%s', 'description': 'soak receiver'}", receiver.url()))
				.status()).isEqualTo(201);
			List<ClusterClient> agents = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				agents.add(admin.as(admin.newKey("AGENT")));
			}

			long interval = TimeUnit.SECONDS.toNanos(clients) / rate;
			long start = System.nanoTime();
			long end = start + duration.toNanos();
			ExecutorService pool = Executors.newFixedThreadPool(clients);
			for (int i = 0; i < clients; i++) {
				ClusterWorkload workload = new ClusterWorkload(List.of(agents.get(i)), recorder,
						Pacer.fixedRate(start + i * interval / clients, interval, late), 0);
				pool.submit(() -> workload.runCasesUntil(end));
			}
			long windowStart = start;
			int window = 0;
			while (windowStart < end) {
				long windowEnd = Math.min(end, windowStart + every.toNanos());
				ClusterNode.sleep(Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000));
				List<Recorder.Sample> inWindow = recorder.between(windowStart, windowEnd);
				ClusterNode.Metrics metrics = node.metrics();
				Sample sample = new Sample(window, (windowEnd - start) / 60e9, Latency.of(inWindow),
						inWindow.stream().filter(Recorder.Sample::serverError).count(), node.heapAfterGcBytes() / 1e6,
						node.rssKb() / 1024, node.threads(), node.openFiles(),
						metrics.sum("hikaricp_connections_active"), metrics.sum("hikaricp_connections_pending"),
						database.serviceConnections(),
						database.queryLong("select count(*) from webhook_deliveries where status = 'PENDING'"),
						receiver.count(), late.get(), loadAverage());
				samples.add(sample);
				System.out.println("soak " + sample);
				writeCsv(samples);
				windowStart = windowEnd;
				window++;
			}
			pool.shutdown();
			assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
			long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (database.queryLong("select count(*) from webhook_deliveries where status = 'PENDING'") > 0
					&& System.nanoTime() < drained) {
				ClusterNode.sleep(500);
			}
			long deliveries = database.queryLong("select count(*) from webhook_deliveries");
			long succeeded = database.queryLong("select count(*) from webhook_deliveries where status = 'SUCCEEDED'");
			long attempts = database.queryLong("select count(*) from webhook_attempts");
			List<ClusterWebhookReceiver.Received> received = receiver.received();
			Set<String> ids = new HashSet<>();
			long duplicates = received.stream().filter((r) -> !ids.add(r.webhookId())).count();
			Latency lag = Latency
				.ofMillis(received.stream().mapToLong(ClusterWebhookReceiver.Received::lagMillis).toArray());
			Verdict verdict = Verdict.of(samples);
			writeSummary(duration, clients, rate, samples, verdict, recorder, deliveries, succeeded, attempts,
					received.size(), duplicates, lag, late.get());

			assertThat(recorder.failures).as("requests that failed").isEmpty();
			assertThat(recorder.staleReads).as("reads that missed an acknowledged write").isEmpty();
			assertThat(deliveries).as("webhooks produced").isPositive();
			assertThat(succeeded).as("every webhook delivered").isEqualTo(deliveries);
			assertThat(attempts).as("each with one attempt").isEqualTo(deliveries);
			assertThat(received).as("and received once").hasSize((int) deliveries);
			assertThat(duplicates).as("no webhook-id twice").isZero();
			assertThat(verdict.lastP99())
				.as("p99 of the last windows against the first steady ones (%.1f ms)", verdict.firstP99())
				.isLessThanOrEqualTo(
						Math.max(verdict.firstP99() * (1 + MAX_P99_GROWTH), verdict.firstP99() + P99_FLOOR_MS));
			if (verdict.steadyMinutes() >= MIN_MINUTES_FOR_HEAP_FIT) {
				assertThat(verdict.heapSlopeMbPerMinute()).as("heap after GC, MB per minute")
					.isLessThan(MAX_HEAP_SLOPE_MB_PER_MIN);
			}
			else {
				System.out.printf("soak: %.1f steady minutes are too few to fit the heap's trend; not judged%n",
						verdict.steadyMinutes());
			}
			assertThat(verdict.lastThreads()).as("threads")
				.isLessThanOrEqualTo(verdict.firstThreads() + MAX_THREAD_GROWTH);
			assertThat(verdict.lastFiles()).as("open files")
				.isLessThanOrEqualTo(verdict.firstFiles() + MAX_FILE_GROWTH);
		}
	}

	/**
	 * The first window is the warm-up (JIT, pools filling); "first" are the next up to
	 * three windows, "last" the last up to three, never overlapping.
	 */
	record Verdict(int steadyFrom, int span, double steadyMinutes, double firstP99, double lastP99,
			double heapSlopeMbPerMinute, long firstThreads, long lastThreads, long firstFiles, long lastFiles) {

		static Verdict of(List<Sample> samples) {
			int n = samples.size();
			if (n < 3) {
				throw new IllegalStateException("a soak needs at least 3 windows, got " + n);
			}
			int span = Math.max(1, Math.min(3, (n - 1) / 2));
			List<Sample> first = samples.subList(1, 1 + span);
			List<Sample> last = samples.subList(n - span, n);
			List<Sample> steady = samples.subList(1, n);
			double minutes = samples.get(n - 1).minutes() - samples.get(0).minutes();
			return new Verdict(1, span, minutes, mergedP99(first), mergedP99(last), slope(steady),
					first.stream().mapToLong(Sample::threads).max().getAsLong(),
					last.stream().mapToLong(Sample::threads).max().getAsLong(),
					first.stream().mapToLong(Sample::openFiles).max().getAsLong(),
					last.stream().mapToLong(Sample::openFiles).max().getAsLong());
		}

		/** The windows' p99s weighted by their request counts. */
		private static double mergedP99(List<Sample> windows) {
			double weighted = 0;
			long count = 0;
			for (Sample window : windows) {
				weighted += window.latency().p99() * window.latency().count();
				count += window.latency().count();
			}
			return (count == 0) ? 0 : weighted / count;
		}

		/** Least-squares slope of heap after GC (MB) over time (minutes). */
		static double slope(List<Sample> samples) {
			int n = samples.size();
			if (n < 2) {
				return 0;
			}
			double mx = samples.stream().mapToDouble(Sample::minutes).average().orElse(0);
			double my = samples.stream().mapToDouble(Sample::heapAfterGcMb).average().orElse(0);
			double covariance = 0;
			double variance = 0;
			for (Sample sample : samples) {
				covariance += (sample.minutes() - mx) * (sample.heapAfterGcMb() - my);
				variance += (sample.minutes() - mx) * (sample.minutes() - mx);
			}
			return (variance == 0) ? 0 : covariance / variance;
		}

	}

	private static void writeCsv(List<Sample> samples) throws IOException {
		StringBuilder csv = new StringBuilder(
				"window,minutes,requests,p50_ms,p90_ms,p99_ms,max_ms,server_errors,heap_after_gc_mb,rss_mb,threads,"
						+ "open_files,pool_active,pool_pending,db_connections,pending_deliveries,webhooks_received,late_sends,"
						+ "load_average_1m\n");
		for (Sample s : samples) {
			csv.append(String.format(Locale.ROOT,
					"%d,%.2f,%d,%.1f,%.1f,%.1f,%.1f,%d,%.1f,%d,%d,%d,%.0f,%.0f,%d,%d,%d,%d,%.2f%n", s.window(),
					s.minutes(), s.latency().count(), s.latency().p50(), s.latency().p90(), s.latency().p99(),
					s.latency().max(), s.serverErrors(), s.heapAfterGcMb(), s.rssMb(), s.threads(), s.openFiles(),
					s.poolActive(), s.poolPending(), s.dbConnections(), s.pendingDeliveries(), s.received(), s.late(),
					s.loadAverage()));
		}
		Files.writeString(OUT.resolve("soak-samples.csv"), csv);
	}

	/** The machine's 1-minute load average: how much else was running. */
	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	private static void writeSummary(Duration duration, int clients, int rate, List<Sample> samples, Verdict verdict,
			Recorder recorder, long deliveries, long succeeded, long attempts, int received, long duplicates,
			Latency lag, long late) throws IOException {
		Latency all = Latency.of(List.copyOf(recorder.samples));
		double seconds = samples.get(samples.size() - 1).minutes() * 60;
		String summary = String.format(Locale.ROOT,
				"""
						# Soak run %s

						- duration %s, %d clients, target %d requests/s; %d requests (%.1f/s achieved), %d cases closed, %d sends late
						- latency over the run: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms
						- p99 first steady windows (%d) %.1f ms, last windows %.1f ms (allowed: +%.0f %%, at least +%.0f ms)
						- heap after full GC: first %.1f MB, last %.1f MB, fitted slope %.3f MB/min (allowed < %.1f)
						- RSS: first %d MB, last %d MB, max %d MB
						- threads: first steady %d, last %d; open files: first steady %d, last %d
						- DB connections of the service: max %d; pool pending max %.0f
						- webhooks: %d deliveries, %d succeeded, %d attempts, %d received, %d duplicate ids; lag p50 %.0f ms, p99 %.0f ms, max %.0f ms
						- failures: %d, stale reads: %d
						- machine load average (1 min, 2 cores): mean %.1f, max %.1f
						""",
				Instant.now(), duration, clients, rate, all.count(), all.count() / seconds,
				recorder.casesCompleted.get(), late, all.p50(), all.p90(), all.p99(), all.max(), verdict.span(),
				verdict.firstP99(), verdict.lastP99(), MAX_P99_GROWTH * 100, P99_FLOOR_MS,
				samples.get(1).heapAfterGcMb(), samples.get(samples.size() - 1).heapAfterGcMb(),
				verdict.heapSlopeMbPerMinute(), MAX_HEAP_SLOPE_MB_PER_MIN, samples.get(1).rssMb(),
				samples.get(samples.size() - 1).rssMb(), samples.stream().mapToLong(Sample::rssMb).max().getAsLong(),
				verdict.firstThreads(), verdict.lastThreads(), verdict.firstFiles(), verdict.lastFiles(),
				samples.stream().mapToLong(Sample::dbConnections).max().getAsLong(),
				samples.stream().mapToDouble(Sample::poolPending).max().getAsDouble(), deliveries, succeeded, attempts,
				received, duplicates, lag.p50(), lag.p99(), lag.max(), recorder.failureCount.get(),
				recorder.staleReads.size(), samples.stream().mapToDouble(Sample::loadAverage).average().orElse(0),
				samples.stream().mapToDouble(Sample::loadAverage).max().orElse(0));
		Files.writeString(OUT.resolve("soak-summary.md"),
				summary + "\nfailures (first 50): " + recorder.failures + "\n");
		System.out.println(summary);
	}

}
