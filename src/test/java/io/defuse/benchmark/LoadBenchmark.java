package io.defuse.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * The load benchmark: runs the packaged service (the jar, as users run it) on its
 * embedded PostgreSQL, seeds 10 k and 1 M cases, and measures in one run, on one machine:
 * <ul>
 * <li>start time and memory of the service at idle and under load;</li>
 * <li>{@code GET /api/v1/cases/{id}} and filtered list pages ({@code wrk});</li>
 * <li>one workflow step (an acknowledgement: load the case, check the guard, update it,
 * timeline events, outbox) at 8, 32 and 128 clients ({@code wrk}), and {@code pgbench}
 * replaying the very SQL the service issued for one such step, read from PostgreSQL's
 * statement log, on the same database;</li>
 * <li>webhook lag from commit to a local receiver at a steady 200 events/s, and how fast
 * a backlog of 50 k deliveries drains.</li>
 * </ul>
 * Run with {@code ./mvnw -Pload-benchmark verify} (see docs/BENCHMARKS.md for the
 * options); needs {@code wrk} and {@code pgbench} on the path. Not a test, never run by a
 * plain {@code verify}.
 */
public final class LoadBenchmark {

	static final String ADMIN_KEY = "load-benchmark-admin-key-0123456789abcdef";

	static final UUID TEAM = UUID.fromString("b0000000-0000-0000-0000-000000000001");

	static final Pattern STARTED = Pattern.compile("Started DefuseApplication in ([0-9.]+) seconds");

	static final Pattern RESULT = Pattern.compile("RESULT (.*)");

	static final int LAG_WARM_UP_SECONDS = 20;

	/**
	 * The backlog's deliveries per job, as the outbox writes a step's events to one
	 * endpoint: the acknowledgement's three.
	 */
	static final int DELIVERIES_PER_STEP = 3;

	static final String ACKNOWLEDGEMENT = "{\"message\": \"I understand how frustrating this is, and I am sorry you had to wait for us.\"}";

	/** The service's {@code defuse.access.key-cache-ttl}, its default. */
	private static final Duration KEY_CACHE_TTL = Duration.ofSeconds(2);

	private final List<Integer> sizes = ints(System.getProperty("benchmark.sizes", "10000,1000000"));

	private final List<Integer> clients = ints(System.getProperty("benchmark.clients", "8,32,128"));

	private final int seconds = Integer.getInteger("benchmark.seconds", 20);

	private final int lagSeconds = Integer.getInteger("benchmark.lagSeconds", 30);

	/**
	 * Unmeasured steps before each variant's runs, at 32 clients. The subscribed variant
	 * comes first, with the delivery code besides the step's: after 30 s the JIT
	 * compilers still took 27 % of the service's CPU in its measured run, 4 % after 90 s.
	 */
	private final int stepWarmUpSeconds = Integer.getInteger("benchmark.stepWarmUpSeconds", 90);

	/** Unmeasured reads over every read path before the read rows, at 32 clients. */
	private final int readWarmUpSeconds = Integer.getInteger("benchmark.readWarmUpSeconds", 30);

	private final int backlog = Integer.getInteger("benchmark.backlog", 50_000);

	/**
	 * What to measure, of start, reads, steps, statements, lag and drain (for a quicker
	 * partial run).
	 */
	private final List<String> phases = words(
			System.getProperty("benchmark.phases", "start reads steps statements lag drain").replace(',', ' '));

	private final Path dir = Path.of(System.getProperty("benchmark.dir", "target/load-benchmark")).toAbsolutePath();

	private final Path jar = Path.of(System.getProperty("benchmark.jar", "target/defuse-0.1.0-SNAPSHOT.jar"))
		.toAbsolutePath();

	private final String javaCommand = System.getProperty("benchmark.java", "java");

	/**
	 * The options we ship (pom.xml's defuse.jvm-options, passed by the load-benchmark
	 * profile).
	 */
	private final List<String> jvmOptions = words(Objects.requireNonNull(System.getProperty("benchmark.jvmOptions"),
			"benchmark.jvmOptions: run the benchmark with ./mvnw -Pload-benchmark verify"));

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final StringBuilder results = new StringBuilder();

	private final Receiver receiver = new Receiver();

	private final int httpPort = freePort();

	private final int dbPort = freePort();

	private Process service;

	private Path serviceLog;

	private int size;

	private Path sizeDir;

	/**
	 * The last copies made, not dropped yet: their first and last number; null when none.
	 */
	private long[] lastCopies;

	public static void main(String[] args) throws Exception {
		int status = 1;
		try {
			new LoadBenchmark().run();
			status = 0;
		}
		catch (Throwable ex) {
			// System.exit below would otherwise end the JVM before the failure is printed
			ex.printStackTrace();
		}
		finally {
			// the receiver's and the samplers' threads would keep the JVM alive
			System.exit(status);
		}
	}

	void run() throws Exception {
		Files.createDirectories(this.dir);
		say("# Load benchmark, %s%n%nJava for the service: %s %s; %d processors; wrk, pgbench %s; %d s per run%n",
				LocalDate.now(), this.javaCommand, String.join(" ", this.jvmOptions),
				Runtime.getRuntime().availableProcessors(), command("pgbench", "--version").strip(), this.seconds);
		this.receiver.start();
		try {
			for (int size : this.sizes) {
				this.size = size;
				this.sizeDir = this.dir.resolve("cases-" + size);
				Files.createDirectories(this.sizeDir);
				say("%n## %,d cases%n", size);
				prepare();
				if (this.phases.contains("start")) {
					startTimes();
				}
				else {
					start(List.of());
				}
				if (this.phases.contains("reads")) {
					reads();
				}
				if (this.phases.contains("steps")) {
					steps();
				}
				if (this.phases.contains("statements")) {
					statements();
				}
				if (this.phases.contains("steps") || this.phases.contains("statements")) {
					vacuumAfterSteps();
				}
				if (this.phases.contains("lag")) {
					webhookLag();
				}
				if (this.phases.contains("drain")) {
					backlogDrain();
				}
				stop();
			}
		}
		finally {
			stop();
			this.receiver.stop();
			Files.writeString(this.dir.resolve("results.md"), this.results.toString());
			System.out.printf("%nWritten to %s%n", this.dir.resolve("results.md"));
		}
	}

	// ---- the dataset

	private void prepare() throws Exception {
		start(List.of());
		try (Connection db = db()) {
			long seeded = queryLong(db, "select count(*) from cases where created_by = 'benchmark'");
			if (seeded == 0) {
				seed(db);
			}
			else if (seeded != this.size || Math.abs(queryDouble(db,
					"select extract(epoch from max(created_at)"
							+ " - min(created_at)) / 86400 from cases where created_by = 'benchmark'")
					- days()) > 0.1 || queryLong(db, "select count(*) from customer_teams") == 0) {
				throw new IllegalStateException("The database in " + this.sizeDir + " holds " + seeded
						+ " cases of another seed; delete the directory to seed afresh");
			}
			// PostgreSQL writes its log to a file, for the SQL of one step
			execute(db, "alter system set logging_collector = on");
			execute(db, "alter system set log_directory = 'log'");
			execute(db, "alter system set log_filename = 'postgresql.log'");
			execute(db, "alter system set log_statement = 'none'");
			execute(db, resource("pool.sql"));
			long dropped = queryLong(db, "select bench_reset()");
			this.lastCopies = null;
			if (dropped > 0) {
				System.out.printf("Removed %,d cases left by an earlier run%n", dropped);
			}
			long history = queryLong(db, "select bench_webhook_history()");
			if (history > 0) {
				System.out.printf("Added a webhook history of %,d delivered messages%n", history);
			}
			if (queryLong(db, "select (pg_total_relation_size('cases') > 8 * sum(pg_column_size(c.*)))::int "
					+ "from cases c") == 1) {
				// the table with its indexes far larger than its rows: the space of
				// copies made and dropped since it was seeded (hand runs on the
				// dataset, an interrupted run), which a plain vacuum keeps in the
				// indexes, slowed the reads of the next run (a database of 2.1 GB, the
				// cases' indexes 1.2 GB, for 10,000 cases)
				execute(db, "vacuum (full, analyze)");
				System.out.printf("Vacuumed in full: the cases' table and indexes took more than eight times "
						+ "its rows' size%n");
			}
			else if (dropped > 0 || history > 0) {
				execute(db, "vacuum analyze");
			}
			say("Dataset: %,d cases, %,d customers, %,d step stays, %,d offers, %,d follow-ups, %,d delivered webhooks; database %s%n",
					queryLong(db, "select count(*) from cases"), queryLong(db, "select count(*) from customers"),
					queryLong(db, "select count(*) from case_step_stays"),
					queryLong(db, "select count(*) from case_offers"),
					queryLong(db, "select count(*) from case_follow_ups"),
					queryLong(db, "select count(*) from webhook_deliveries"),
					queryString(db, "select pg_size_pretty(pg_database_size(current_database()))"));
		}
		stop();
	}

	/**
	 * The days the seeded cases span: every size at the same rate, 1 M cases in two years
	 * (1,370 a day), so that a smaller dataset is the same business with a shorter
	 * history. Its teams then have as many open cases as at 1 M, and list pages by step
	 * carry the same number of cases at every size (over two years, 10 k cases left a
	 * team almost none).
	 */
	private double days() {
		return 730.0 * this.size / 1_000_000;
	}

	private void seed(Connection db) throws Exception {
		String script = resource("../report-seed.sql").replace("${cases}", Integer.toString(this.size))
			.replace("${days}", String.format(Locale.ROOT, "%.3f", days()))
			.replace("${teams}", "10");
		System.out.printf("Seeding %,d cases ...%n", this.size);
		long started = System.nanoTime();
		db.setAutoCommit(false);
		execute(db, script);
		db.commit();
		db.setAutoCommit(true);
		execute(db, "vacuum analyze");
		System.out.printf("Seeded in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
	}

	// ---- start time and memory

	private void startTimes() throws Exception {
		say("%n### Start on an initialised database, and memory%n%n| Run | Started in (s) | ready after (s) | RSS idle (MB) |%n|--:|--:|--:|--:|%n");
		for (int run = 1; run <= 3; run++) {
			long began = System.nanoTime();
			start(List.of());
			double ready = (System.nanoTime() - began) / 1e9;
			Thread.sleep(5_000);
			say("| %d | %s | %.1f | %d |%n", run, started(), ready, rssMb());
			if (run < 3) {
				stop();
			}
		}
	}

	// ---- reads

	private void reads() throws Exception {
		String reader = newKey("benchmark-reader-" + shortId(), "AGENT", TEAM);
		List<String> gets = new ArrayList<>();
		List<String> byCustomer = new ArrayList<>();
		List<String> lists = new ArrayList<>();
		try (Connection db = db()) {
			try (PreparedStatement select = db.prepareStatement(
					"select id from cases where team_id = ? and created_by = 'benchmark' order by md5(id::text) limit 5000")) {
				select.setObject(1, TEAM);
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						gets.add("/api/v1/cases/" + rows.getString(1));
					}
				}
			}
			try (PreparedStatement select = db.prepareStatement(
					"select customer_id from customer_teams where team_id = ? order by md5(customer_id::text) limit 500")) {
				select.setObject(1, TEAM);
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						byCustomer.add("/api/v1/cases?customer=" + rows.getString(1));
					}
				}
			}
		}
		for (String step : List.of("LISTEN", "GATHER", "OFFER", "RESPOND", "FOLLOW_UP", "CLOSED")) {
			lists.add("/api/v1/cases?step=" + step);
			lists.add("/api/v1/cases?step=" + step + "&limit=50");
		}
		for (String severity : List.of("LOW", "MEDIUM", "HIGH", "CRITICAL")) {
			lists.add("/api/v1/cases?severity=" + severity);
		}
		lists.add("/api/v1/cases?escalated=true");
		lists.add("/api/v1/cases?overdue=true");
		lists.add("/api/v1/cases?step=OFFER&escalated=true");
		lists.add("/api/v1/cases");
		// second pages, by the cursor of the first
		for (String first : List.of("/api/v1/cases?step=CLOSED", "/api/v1/cases?escalated=true",
				"/api/v1/cases?severity=HIGH", "/api/v1/cases")) {
			String body = send("GET", first, reader, null).body();
			Matcher cursor = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
			if (cursor.find()) {
				lists.add(first + (first.contains("?") ? "&" : "?") + "cursor=" + cursor.group(1));
			}
		}
		// warm-up, not counted: the service has just started, and on two cores the JIT
		// compilers work on the read paths for longer than a row's own 5 s of warm-up;
		// measured cold, the first row swung from 0.9x to 1.4x between the sizes
		List<String> all = new ArrayList<>(gets);
		all.addAll(byCustomer);
		all.addAll(lists);
		Path warmUp = this.sizeDir.resolve("reads-warm-up.txt");
		Files.write(warmUp, all);
		wrk("reads.lua", 32, this.readWarmUpSeconds, Map.of("BENCH_PATHS", warmUp.toString(), "BENCH_KEY", reader));
		say("%n### Reads (32 clients, %d s each, as an agent of one team)%n%n", this.seconds);
		say("The comparison between sizes holds for pages of equal contents: the cases a page carries on average are counted.%n%n");
		say("| Request | pages | cases a page | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | socket errors |%n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|%n");
		read("GET /api/v1/cases/{id}", "gets.txt", gets, reader);
		read("GET /api/v1/cases?customer=…", "customer-lists.txt", byCustomer, reader);
		read("GET /api/v1/cases?… (step, severity, escalated, overdue; second pages)", "lists.txt", lists, reader);
	}

	/**
	 * One row of reads: a warm-up over the paths, then the measured run. A list's pages
	 * are read once first, to count the cases they carry.
	 */
	private void read(String request, String fileName, List<String> paths, String reader) throws Exception {
		String perPage = "1";
		if (!paths.get(0).startsWith("/api/v1/cases/")) {
			Pattern caseOnPage = Pattern.compile("\"number\":");
			long cases = 0;
			for (String path : paths) {
				cases += caseOnPage.matcher(check(send("GET", path, reader, null), path)).results().count();
			}
			perPage = String.format(Locale.ROOT, "%.1f", (double) cases / paths.size());
		}
		Path file = this.sizeDir.resolve(fileName);
		Files.write(file, paths);
		Map<String, String> env = Map.of("BENCH_PATHS", file.toString(), "BENCH_KEY", reader);
		wrk("reads.lua", 32, 5, env);
		say(row(request + " | " + paths.size() + " | " + perPage, wrk("reads.lua", 32, this.seconds, env)));
	}

	// ---- a workflow step against pgbench

	/**
	 * The step twice: with a webhook endpoint subscribed (outbox rows in the step, and
	 * three deliveries per step, which pgbench does not do), and without one (the step
	 * alone; pgbench runs the SQL of that variant). The subscribed runs start on an empty
	 * delivery queue and end when the deliveries they caused are made: their rate is what
	 * the service sustains with its webhooks, not a burst that leaves a backlog behind.
	 */
	private void steps() throws Exception {
		String agent = newKey("benchmark-agent-" + shortId(), "AGENT", null);
		UUID template = templateCase(agent);
		String endpoint = webhookEndpoint();
		say("%n### A workflow step: `POST /api/v1/cases/{id}/acknowledgement` against pgbench with its SQL%n%n");
		say("Each request acknowledges a case of its own (copied from one made through the API). pgbench runs the service's statements for one step, read from PostgreSQL's log, each transaction on a fresh case too.%n");
		stepRuns(agent, template, "subscribed",
				"a webhook endpoint subscribed: the step writes its outbox rows, and the service delivers three webhooks per step to a local receiver (work pgbench does not do). Each run starts on an empty delivery queue and lasts until the deliveries it caused are made: the rate counts the run's steps over its 20 s and the time its backlog took to drain after them (the column 'drained'), and so does the CPU per step",
				true);
		deleteEndpoint(endpoint);
		stepRuns(agent, template, "unsubscribed", "no webhook endpoint: the step alone, no outbox rows, no deliveries",
				false);
	}

	/**
	 * A customer's statement on a case in LISTEN, at 32 clients: the most frequent write,
	 * and one that leaves the case in its step, so that its update can stay on the case's
	 * page (a heap-only tuple; BENCHMARKS.md, change 24). Its WAL per statement and the
	 * share of the updates of cases made in place, from PostgreSQL's statistics. No
	 * pgbench: the bars are the step's.
	 */
	private void statements() throws Exception {
		String agent = newKey("benchmark-agent-" + shortId(), "AGENT", null);
		UUID template = templateCase(agent);
		say("%n### A customer statement: `POST /api/v1/cases/{id}/statements`, the case staying in LISTEN%n%n");
		say("No webhook endpoint. WAL from `pg_stat_wal`; the updates of `cases` made in place (heap-only) from `pg_stat_user_tables`.%n%n");
		say("| Clients | service 2xx/s | p50 ms | p90 ms | p99 ms | errors | CPU ms/statement: service, PostgreSQL | WAL kB and full-page images per statement | updates of cases in place |%n|--:|--:|--:|--:|--:|--:|--:|--:|--:|%n");
		// warm-up, not counted: as long as the step's, for the phase run on its own on a
		// service just started
		statementRun(agent, statementCases(template, this.stepWarmUpSeconds), this.stepWarmUpSeconds);
		// the cases are copied before the counters are read: the copying is not the run's
		Path cases = statementCases(template, this.seconds);
		// WAL bytes and full-page images since the server started; the updates of cases,
		// and of them those made in place
		String walWritten = "select wal_bytes, wal_fpi from pg_stat_wal";
		String caseUpdates = "select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname = 'cases'";
		try (Connection db = db()) {
			long[] wal = queryLongs(db, walWritten);
			long[] updates = queryLongs(db, caseUpdates);
			long service = serviceCpuMs();
			long postgres = postgresCpuMs();
			Map<String, Long> run = statementRun(agent, cases, this.seconds);
			long serviceMs = serviceCpuMs() - service;
			long postgresMs = postgresCpuMs() - postgres;
			long[] walAfter = queryLongs(db, walWritten);
			// each session reports its statistics at most once a second, and within 10 s
			// when idle
			Thread.sleep(11_000);
			long[] updatesAfter = queryLongs(db, caseUpdates);
			long answered = run.get("requests") - errors(run);
			long all = updatesAfter[0] - updates[0];
			say("| 32 | %.0f | %s | %s | %s | %d | %.2f, %.2f | %.1f, %.2f | %.0f %% of %d |%n",
					answered / (run.get("duration_us") / 1e6), ms(run.get("p50_us")), ms(run.get("p90_us")),
					ms(run.get("p99_us")), errors(run), (double) serviceMs / answered, (double) postgresMs / answered,
					(walAfter[0] - wal[0]) / 1024.0 / answered, (double) (walAfter[1] - wal[1]) / answered,
					100.0 * (updatesAfter[1] - updates[1]) / Math.max(1, all), all);
		}
	}

	/** Enough cases for a run of statements, their ids in a file. */
	private Path statementCases(UUID template, int seconds) throws Exception {
		Path file = this.sizeDir.resolve("statement-ids.txt");
		Files.write(file, pool(template, 2_500 * (seconds + 2)));
		return file;
	}

	private Map<String, Long> statementRun(String agent, Path cases, int seconds) throws Exception {
		return wrk("step.lua", 32, seconds, Map.of("BENCH_IDS", cases.toString(), "BENCH_KEY", agent, "BENCH_THREADS",
				"2", "BENCH_ACTION", "statements"));
	}

	private void stepRuns(String agent, UUID template, String variant, String description, boolean delivering)
			throws Exception {
		StepSql.Script script = captureStepSql(agent, template, variant);
		say("%n#### %s%n%nWith %s. SQL: %s, its bound values in %s%n%n",
				variant.substring(0, 1).toUpperCase() + variant.substring(1), description, scriptFile(variant),
				definesFile(variant));
		say("CPU per step: the service's process, and all of PostgreSQL's (ms of CPU time over the run, from /proc, per 2xx step or per pgbench transaction).%n%n");
		say("pgbench runs right before and right after each run of the service, and the ratio is against the mean of the two: the machine's speed drifts within minutes.%n%n");
		say("| Clients | service 2xx/s | p50 ms | p90 ms | p99 ms | errors | drained (s) | pgbench tps before / after | pgbench avg ms | service/pgbench | RSS max MB | CPU ms/step: service, PostgreSQL | PostgreSQL per pgbench tx |%n|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|%n");
		// warm-up, not counted: on two cores the JIT compilers are still busy with the
		// step's code for more than a minute after its first requests
		runSteps(agent, template, 32, this.stepWarmUpSeconds, delivering);
		// what autovacuum works on during the runs is noted every 5 s, so that a run far
		// off the others can be told from one that met it (BENCHMARKS.md, change 38)
		List<String> autovacuum = new CopyOnWriteArrayList<>();
		for (int count : this.clients) {
			double[] before = pgbench(variant, script, template, count, "before");
			long[] rss = { 0 };
			ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2);
			sampler.scheduleAtFixedRate(() -> rss[0] = Math.max(rss[0], rssMb()), 0, 1, TimeUnit.SECONDS);
			sampler.scheduleAtFixedRate(
					() -> autovacuumNow().forEach((work) -> autovacuum.add(count + " clients: " + work)), 0, 5,
					TimeUnit.SECONDS);
			Map<String, Long> service = runSteps(agent, template, count, this.seconds, delivering);
			sampler.shutdownNow();
			double[] after = pgbench(variant, script, template, count, "after");
			double tps = (before[0] + after[0]) / 2;
			// answered 2xx only: refusals (503 when the bulkhead is full) are counted as
			// errors
			long answered = service.get("requests") - errors(service);
			double rps = answered / ((service.get("duration_us") + service.get("drain_us")) / 1e6);
			say("| %d | %.0f | %s | %s | %s | %d | %s | %.0f / %.0f | %.2f | **%.0f %%** | %d | %.2f, %.2f | %.2f |%n",
					count, rps, ms(service.get("p50_us")), ms(service.get("p90_us")), ms(service.get("p99_us")),
					errors(service), delivering ? String.format("%.1f", service.get("drain_us") / 1e6) : "–", before[0],
					after[0], (before[1] + after[1]) / 2, 100 * rps / tps, rss[0],
					(double) service.get("service_cpu_ms") / answered,
					(double) service.get("postgres_cpu_ms") / answered, (before[2] + after[2]) / 2);
		}
		say("%nAutovacuum during the runs, every 5 s: %s%n",
				autovacuum.isEmpty() ? "none seen" : "%n%n```%n%s%n```".formatted(String.join("\n", autovacuum)));
	}

	/** What autovacuum works on now, with the time; nothing when it cannot be asked. */
	private List<String> autovacuumNow() {
		try (Connection db = db()) {
			return strings(db, """
					select to_char(now(), 'HH24:MI:SS') || ' ' || query from pg_stat_activity
					where backend_type = 'autovacuum worker' and query <> ''""");
		}
		catch (SQLException ex) {
			return List.of();
		}
	}

	/**
	 * One run of steps; when {@code delivering}, from an empty delivery queue until the
	 * deliveries the run caused are made ({@code drain_us}: how long that took after the
	 * last step), with the CPU of both.
	 */
	private Map<String, Long> runSteps(String agent, UUID template, int count, int seconds, boolean delivering)
			throws Exception {
		// enough cases for 2,500 steps a second
		int needed = 2_500 * (seconds + 2);
		List<String> ids = pool(template, needed);
		Path file = this.sizeDir.resolve("step-ids.txt");
		Files.write(file, ids);
		if (delivering) {
			waitUntilNoDeliveryPending();
		}
		long service = serviceCpuMs();
		long postgres = postgresCpuMs();
		Map<String, Long> run = new LinkedHashMap<>(wrk("step.lua", count, seconds,
				Map.of("BENCH_IDS", file.toString(), "BENCH_KEY", agent, "BENCH_THREADS", "2")));
		long drainStarted = System.nanoTime();
		if (delivering) {
			waitUntilNoDeliveryPending();
		}
		run.put("drain_us", delivering ? (System.nanoTime() - drainStarted) / 1_000 : 0);
		run.put("service_cpu_ms", serviceCpuMs() - service);
		run.put("postgres_cpu_ms", postgresCpuMs() - postgres);
		return run;
	}

	/** Copies the template case {@code count} times; their ids, in order. */
	private List<String> pool(UUID template, int count) throws SQLException {
		long first = copies(template, count);
		List<String> ids = new ArrayList<>(count);
		try (Connection db = db();
				Statement statement = db.createStatement();
				ResultSet rows = statement.executeQuery("select md5('bench-pool-' || n)::uuid from generate_series("
						+ first + ", " + (first + count - 1) + ") n")) {
			while (rows.next()) {
				ids.add(rows.getString(1));
			}
		}
		return ids;
	}

	/**
	 * Copies the template case {@code count} times, numbered from the value returned. The
	 * copies made before (by the last call: each call drops the ones before it), whose
	 * run is over, are dropped first, so that each run works on the seeded dataset and
	 * its own copies (BENCHMARKS.md, change 27).
	 */
	private long copies(UUID template, int count) throws SQLException {
		try (Connection db = db()) {
			if (this.lastCopies != null) {
				execute(db, "select bench_drop(" + this.lastCopies[0] + ", " + this.lastCopies[1] + ")");
				// the webhook tables too: a subscribed run fills them, and the next run
				// is not to meet autovacuum of what it left (BENCHMARKS.md, change 38)
				execute(db, "vacuum cases, case_events, case_statements, case_step_stays, webhook_messages, "
						+ "webhook_deliveries, webhook_attempts");
			}
			long first = queryLong(db, "select nextval('bench_pool_seq')");
			long last = first + count - 1;
			execute(db, "select setval('bench_pool_seq', " + last + ")");
			try (PreparedStatement copy = db.prepareStatement("select bench_pool(?, ?, ?, ?)")) {
				copy.setObject(1, template);
				copy.setLong(2, first);
				copy.setLong(3, last);
				copy.setInt(4, Math.max(1, this.size / 3));
				copy.execute();
			}
			this.lastCopies = new long[] { first, last };
			execute(db, "analyze cases");
			return first;
		}
	}

	private UUID templateCase(String agent) {
		String customer = send("POST", "/api/v1/customers", agent,
				"{\"displayName\": \"Template Customer\", \"language\": \"en\"}")
			.body();
		String customerId = field(customer, "id");
		String created = check(send("POST", "/api/v1/cases", agent, "{\"customerId\": \"" + customerId
				+ "\", \"channel\": \"PHONE\", \"subject\": \"Kettle stopped heating\", \"severity\": \"MEDIUM\", "
				+ "\"statement\": \"I bought this kettle three weeks ago and it already stopped working. I'm really annoyed.\"}"),
				"new case");
		return UUID.fromString(field(created, "id"));
	}

	/**
	 * Acknowledges one copied case with PostgreSQL logging every statement, and turns
	 * what the service sent into a pgbench script: the values bound as the service bound
	 * them, the case taken from a sequence of copied cases, and the ids of new rows
	 * derived from it.
	 */
	private StepSql.Script captureStepSql(String agent, UUID template, String variant) throws Exception {
		List<String> cases = pool(template, 2);
		String warm = cases.get(0);
		check(send("POST", "/api/v1/cases/" + warm + "/acknowledgement", agent, ACKNOWLEDGEMENT), "warm-up step");
		String caseId = cases.get(1);
		Path log = this.sizeDir.resolve("postgres/log/postgresql.log");
		try (Connection db = db()) {
			execute(db, "alter system set log_statement = 'all'");
			execute(db, "select pg_reload_conf()");
			// under load the service reads the agent's key once per key-cache interval,
			// not once per step: a request after the interval has passed, outside the
			// captured part, reads it again, so that it is remembered for the step as it
			// is for nearly every step under load
			Thread.sleep(KEY_CACHE_TTL.toMillis() + 500);
			check(send("GET", "/api/v1/cases/" + warm, agent, null), "read before the step");
			Thread.sleep(200);
			long from = Files.size(log);
			check(send("POST", "/api/v1/cases/" + caseId + "/acknowledgement", agent, ACKNOWLEDGEMENT), "step");
			Thread.sleep(500);
			execute(db, "alter system set log_statement = 'none'");
			execute(db, "select pg_reload_conf()");
			String text;
			try (InputStream in = Files.newInputStream(log)) {
				in.skip(from);
				text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Files.writeString(this.sizeDir.resolve("step-" + variant + "-sql.log"), text);
			List<String> known = new ArrayList<>();
			try (ResultSet rows = db.createStatement()
				.executeQuery("select id::text from customers union all select id::text from teams union all "
						+ "select id::text from accounts union all select id::text from webhook_endpoints")) {
				while (rows.next()) {
					known.add(rows.getString(1));
				}
			}
			List<StepSql.Sent> statements = StepSql.parse(text, caseId, sha256(agent));
			if (statements.stream().anyMatch((sent) -> sent.sql().contains(" api_keys "))) {
				throw new IllegalStateException("The captured step read its API key, which a step under load "
						+ "does not: was the capture slower than the key-cache interval? " + statements);
			}
			StepSql.Script script = StepSql.toPgbench(statements, caseId, known::contains);
			Files.writeString(this.sizeDir.resolve(scriptFile(variant)), script.text());
			Files.writeString(this.sizeDir.resolve(definesFile(variant)), script.definesText());
			say("%nSQL of one step, %s: %d statements, written to %s (the %d distinct values it bound, as pgbench variables: %s)%n",
					variant, statements.size(), scriptFile(variant), script.values().size(), definesFile(variant));
			return script;
		}
	}

	private static String scriptFile(String variant) {
		return "step-" + variant + ".pgbench.sql";
	}

	private static String definesFile(String variant) {
		return "step-" + variant + ".pgbench.defines";
	}

	private double[] pgbench(String variant, StepSql.Script script, UUID template, int count, String when)
			throws Exception {
		// the script takes the next value of the sequence: the copies come next
		int needed = 4_000 * (this.seconds + 2);
		long first = copies(template, needed);
		try (Connection db = db()) {
			execute(db, "select setval('bench_pool_seq', " + (first - 1) + ")");
		}
		long postgres = postgresCpuMs();
		List<String> pgbench = new ArrayList<>(
				List.of("pgbench", "-h", "localhost", "-p", Integer.toString(this.dbPort), "-U", "postgres", "-n", "-M",
						"prepared", "-c", Integer.toString(count), "-j", "2", "-T", Integer.toString(this.seconds),
						"-f", this.sizeDir.resolve(scriptFile(variant)).toString()));
		pgbench.addAll(script.defines());
		pgbench.add("defuse");
		String out = command(pgbench.toArray(String[]::new));
		postgres = postgresCpuMs() - postgres;
		Files.writeString(this.sizeDir.resolve("pgbench-" + variant + "-" + when + "-" + count + ".txt"), out);
		try (Connection db = db()) {
			execute(db, "select setval('bench_pool_seq', greatest((select last_value from bench_pool_seq), "
					+ (first + needed - 1) + "))");
			execute(db, "delete from scheduled_tasks where execution_time = '" + StepSql.NOT_DUE + "'");
		}
		Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
		Matcher latency = Pattern.compile("latency average = ([0-9.]+) ms").matcher(out);
		Matcher failed = Pattern.compile("number of failed transactions: ([0-9]+)").matcher(out);
		Matcher processed = Pattern.compile("number of transactions actually processed: ([0-9]+)").matcher(out);
		if (!tps.find() || !latency.find() || !processed.find() || (failed.find() && !failed.group(1).equals("0"))
				|| out.contains("aborted")) {
			throw new IllegalStateException("pgbench failed:\n" + out);
		}
		return new double[] { Double.parseDouble(tps.group(1)), Double.parseDouble(latency.group(1)),
				(double) postgres / Long.parseLong(processed.group(1)) };
	}

	// ---- webhooks

	private String webhookEndpoint() {
		String created = check(send("POST", "/api/v1/webhook-endpoints", ADMIN_KEY,
				"{\"url\": \"http://127.0.0.1:" + this.receiver.port() + "/hook\", \"description\": \"benchmark\"}"),
				"webhook endpoint");
		return field(created, "id");
	}

	/**
	 * Acknowledgements at a steady rate: three events each (statement, acknowledged,
	 * step).
	 */
	private void webhookLag() throws Exception {
		String agent = newKey("benchmark-lag-" + shortId(), "AGENT", null);
		UUID template = templateCase(agent);
		String endpoint = webhookEndpoint();
		int perSecond = 200 / 3;
		List<String> ids = pool(template, perSecond * (LAG_WARM_UP_SECONDS + this.lagSeconds + 4));
		waitUntilNoDeliveryPending();
		// warm-up, not counted: run on its own (-Dbenchmark.phases=lag), a cold service
		// takes seconds per delivery at first while the JIT compilers catch up
		AtomicLong next = new AtomicLong();
		acknowledgeSteadily(agent, ids, next, perSecond, LAG_WARM_UP_SECONDS);
		waitUntilNoDeliveryPending();
		this.receiver.clear();
		long failures = acknowledgeSteadily(agent, ids, next, perSecond, this.lagSeconds);
		Thread.sleep(3_000);
		Map<String, Long> received = this.receiver.snapshot();
		List<Long> lags = new ArrayList<>();
		try (Connection db = db();
				PreparedStatement select = db.prepareStatement(
						"select m.id, (extract(epoch from m.created_at) * 1000)::bigint from webhook_messages m "
								+ "join webhook_deliveries d on d.message_id = m.id where d.endpoint_id = ?::uuid")) {
			select.setString(1, endpoint);
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					Long at = received.get(rows.getString(1));
					if (at != null) {
						lags.add(at - rows.getLong(2));
					}
				}
			}
		}
		long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
		say("%n### Webhook lag at a steady rate%n%n%d acknowledgements a second for %d s (%d failed), %,d events delivered to a local receiver (%.0f events/s); lag from the change's write to the receiver: p50 %d ms, p99 %d ms, max %d ms%n",
				perSecond, this.lagSeconds, failures, sorted.length, sorted.length / (double) this.lagSeconds,
				percentile(sorted, 50), percentile(sorted, 99), (sorted.length > 0) ? sorted[sorted.length - 1] : -1);
		deleteEndpoint(endpoint);
	}

	/**
	 * Acknowledges the next cases of the pool at the given rate for the given time.
	 * @return how many were not answered 200
	 */
	private long acknowledgeSteadily(String agent, List<String> ids, AtomicLong next, int perSecond, int seconds)
			throws InterruptedException {
		ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
		ExecutorService senders = Executors.newFixedThreadPool(16);
		AtomicLong failures = new AtomicLong();
		ticker.scheduleAtFixedRate(() -> senders.execute(() -> {
			String id = ids.get((int) next.getAndIncrement());
			if (send("POST", "/api/v1/cases/" + id + "/acknowledgement", agent, ACKNOWLEDGEMENT).statusCode() != 200) {
				failures.incrementAndGet();
			}
		}), 0, 1_000_000L / perSecond, TimeUnit.MICROSECONDS);
		Thread.sleep(seconds * 1000L);
		ticker.shutdownNow();
		senders.shutdown();
		senders.awaitTermination(30, TimeUnit.SECONDS);
		return failures.get();
	}

	/**
	 * Waits for an empty delivery queue (to a tenth of a second): the lag is measured on
	 * one, not behind what the step runs left, and a subscribed step run lasts until its
	 * deliveries are made. A pending delivery has its job: the job table is small where
	 * the deliveries' is not.
	 */
	private void waitUntilNoDeliveryPending() throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
		try (Connection db = db()) {
			while (queryLong(db,
					"select count(*) from (select 1 from scheduled_tasks where task_name = 'webhook-delivery' limit 1) t") > 0) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Deliveries still pending after 15 minutes");
				}
				Thread.sleep(100);
			}
		}
	}

	/**
	 * The step runs update a hundred thousand and more copied cases; at 1 M cases that is
	 * about when autovacuum takes on the cases table, and it did so during the next
	 * phases (the backlog drain ran at half its rate while it worked on cases). Vacuumed
	 * here, so the phases after the steps measure the service, not the clean-up of the
	 * steps' rows.
	 */
	private void vacuumAfterSteps() throws SQLException {
		long started = System.nanoTime();
		try (Connection db = db()) {
			execute(db, "vacuum analyze");
		}
		say("%nVacuumed after the step runs in %.1f s%n", (System.nanoTime() - started) / 1e9);
	}

	/**
	 * A backlog of deliveries (copies of one delivered message, in jobs of three as steps
	 * leave them) written not yet due, made due all at once after a restart, then the
	 * time until none is pending.
	 */
	private void backlogDrain() throws Exception {
		String endpoint = webhookEndpoint();
		// the backlog copies a message the service wrote: one of its own, so that the
		// phase can run alone (-Dbenchmark.phases=drain)
		String agent = newKey("benchmark-drain-" + shortId(), "AGENT", null);
		String acknowledged = pool(templateCase(agent), 1).get(0);
		check(send("POST", "/api/v1/cases/" + acknowledged + "/acknowledgement", agent, ACKNOWLEDGEMENT),
				"the step whose message the backlog copies");
		try (Connection db = db(); PreparedStatement copy = db.prepareStatement("""
				with template as (select * from webhook_messages order by created_at desc limit 1),
				messages as (
				  insert into webhook_messages (id, type, occurred_at, case_id, sequence, body, created_at)
				  select 'msg_b' || md5(n || '-' || random()), t.type, t.occurred_at, t.case_id, t.sequence,
				         t.body, now()
				  from template t, generate_series(1, ?) n
				  returning id),
				deliveries as (
				  insert into webhook_deliveries (id, message_id, endpoint_id, status, next_attempt_at, created_at)
				  select gen_random_uuid(), id, ?::uuid, 'PENDING', now(), now() from messages
				  returning id),
				jobs as (select id, (row_number() over () - 1) / ? as job from deliveries)
				insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version)
				select 'webhook-delivery', string_agg(id::text, ','), now() + interval '1 day', false, 1
				from jobs group by job""")) {
			copy.setInt(1, this.backlog);
			copy.setString(2, endpoint);
			copy.setInt(3, DELIVERIES_PER_STEP);
			copy.executeUpdate();
		}
		stop();
		start(List.of());
		this.receiver.clear();
		long began;
		long pending;
		// autovacuum of a big table halved the drain's rate in two runs: what it works on
		// meanwhile is noted every 10 s
		List<String> autovacuum = new ArrayList<>();
		try (Connection db = db();
				PreparedStatement count = db.prepareStatement(
						"select count(*) from webhook_deliveries where endpoint_id = ?::uuid and status = 'PENDING'")) {
			execute(db, "update scheduled_tasks set execution_time = now() where task_name = 'webhook-delivery' "
					+ "and execution_time > now() + interval '1 hour'");
			began = System.nanoTime();
			count.setString(1, endpoint);
			int polls = 0;
			do {
				Thread.sleep(250);
				try (ResultSet rows = count.executeQuery()) {
					rows.next();
					pending = rows.getLong(1);
				}
				if (++polls % 40 == 0) {
					autovacuum.addAll(autovacuumNow());
				}
			}
			while (pending > 0 && System.nanoTime() - began < TimeUnit.MINUTES.toNanos(10));
		}
		double took = (System.nanoTime() - began) / 1e9;
		say("%n### Backlog drain%n%n%,d deliveries due at once: drained in %.1f s = **%.0f deliveries/s** (%,d requests at the receiver, %,d distinct ids; %d left pending)%n",
				this.backlog, took, this.backlog / took, this.receiver.requests(), this.receiver.snapshot().size(),
				pending);
		say("%nAutovacuum during the drain, every 10 s: %s%n",
				autovacuum.isEmpty() ? "none seen" : "%n%n```%n%s%n```".formatted(String.join("\n", autovacuum)));
		deleteEndpoint(endpoint);
	}

	// ---- the service

	private void start(List<String> extra) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(this.javaCommand);
		command.addAll(this.jvmOptions);
		command.add("-jar");
		command.add(this.jar.toString());
		command.addAll(List.of("--server.port=" + this.httpPort, "--defuse.bootstrap-admin-key=" + ADMIN_KEY,
				"--defuse.embedded-postgres.data-dir=" + this.sizeDir.resolve("postgres"),
				"--defuse.embedded-postgres.port=" + this.dbPort,
				// one principal sends thousands of requests a second: no per-client
				// limits here
				"--defuse.rate-limit.enabled=false", "--defuse.webhooks.allow-private-targets=true",
				// the SLA watch would otherwise look at the seeded open cases every 15 s
				"--defuse.casework.sla-watch-interval=PT1H", "--logging.level.io.defuse.accesslog=WARN"));
		command.addAll(extra);
		this.serviceLog = this.sizeDir.resolve("service.log");
		ProcessBuilder builder = new ProcessBuilder(command);
		// as scripts/fast-start.sh and spring-boot:run start it
		builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
		this.service = builder.redirectErrorStream(true).redirectOutput(this.serviceLog.toFile()).start();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (System.nanoTime() < deadline) {
			if (!this.service.isAlive()) {
				throw new IllegalStateException("The service stopped; see " + this.serviceLog);
			}
			try {
				if (this.http
					.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness")).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("The service did not become ready; see " + this.serviceLog);
	}

	private void stop() throws InterruptedException {
		if (this.service != null && this.service.isAlive()) {
			this.service.destroy();
			if (!this.service.waitFor(60, TimeUnit.SECONDS)) {
				this.service.destroyForcibly().waitFor();
			}
		}
		this.service = null;
	}

	private String started() throws IOException {
		Matcher matcher = STARTED.matcher(Files.readString(this.serviceLog));
		return matcher.find() ? matcher.group(1) : "?";
	}

	private long rssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + this.service.pid() + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// gone
		}
		return -1;
	}

	/** The service's CPU time so far (user and system), in ms. */
	private long serviceCpuMs() {
		return cpuMs(this.service.pid(), false);
	}

	/**
	 * PostgreSQL's CPU time so far, in ms: the postmaster, every process it started, and
	 * those that ended (a backend's time is added to the postmaster's children's when it
	 * exits).
	 */
	private long postgresCpuMs() throws IOException {
		long postmaster = Long
			.parseLong(Files.readAllLines(this.sizeDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
		long total = cpuMs(postmaster, true);
		try (var processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.filter((p) -> p.getFileName().toString().matches("[0-9]+")).toList()) {
				String[] stat = stat(process);
				if (stat != null && Long.parseLong(stat[1]) == postmaster) {
					total += cpuMs(stat, true);
				}
			}
		}
		return total;
	}

	private static long cpuMs(long pid, boolean withChildren) {
		String[] stat = stat(Path.of("/proc", Long.toString(pid)));
		return (stat != null) ? cpuMs(stat, withChildren) : 0;
	}

	/**
	 * From {@code /proc/<pid>/stat}'s fields after the command's name: utime, stime, and
	 * the children's cutime and cstime, in clock ticks of 10 ms (Linux's
	 * {@code CLK_TCK}).
	 */
	private static long cpuMs(String[] stat, boolean withChildren) {
		long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
		if (withChildren) {
			ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
		}
		return ticks * 10;
	}

	/** The fields of {@code /proc/<pid>/stat} from the state on; null once gone. */
	private static String[] stat(Path process) {
		try {
			String line = Files.readString(process.resolve("stat"));
			return line.substring(line.lastIndexOf(')') + 2).split(" ");
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private String base() {
		return "http://localhost:" + this.httpPort;
	}

	private Connection db() throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + this.dbPort + "/defuse", "postgres", "");
	}

	private String newKey(String principal, String role, UUID team) {
		String created = check(send("POST", "/api/v1/api-keys", ADMIN_KEY,
				"{\"principal\": \"" + principal + "\", \"role\": \"" + role + "\"}"), "api key");
		if (team != null) {
			check(send("PUT", "/api/v1/teams/" + team + "/members/" + principal, ADMIN_KEY, null), "membership");
			check(send("DELETE", "/api/v1/teams/00000000-0000-0000-0000-000000000001/members/" + principal, ADMIN_KEY,
					null), "membership");
		}
		return field(created, "key");
	}

	private HttpResponse<String> send(String method, String path, String key, String json) {
		return send(method, path, key, json, Duration.ofSeconds(30));
	}

	private HttpResponse<String> send(String method, String path, String key, String json, Duration timeout) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
			.timeout(timeout)
			.header("X-API-Key", key);
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Deletes a webhook endpoint with what it has not delivered (after the step runs, the
	 * tens of thousands of deliveries pgbench's script wrote, whose jobs were never due).
	 */
	private void deleteEndpoint(String endpoint) throws Exception {
		long pending;
		try (Connection db = db()) {
			pending = queryLong(db, "select count(*) from webhook_deliveries where status = 'PENDING'");
		}
		long started = System.nanoTime();
		// once it took 161 s where it takes about a second: what the database is doing
		// is noted every 10 s, and shown when it takes that long again
		List<String> activity = new CopyOnWriteArrayList<>();
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		sampler.scheduleAtFixedRate(() -> activity.addAll(activity()), 10, 10, TimeUnit.SECONDS);
		try {
			check(send("DELETE", "/api/v1/webhook-endpoints/" + endpoint, ADMIN_KEY, null, Duration.ofMinutes(5)),
					"endpoint deleted");
		}
		finally {
			sampler.shutdownNow();
			sampler.awaitTermination(10, TimeUnit.SECONDS);
		}
		say("%nWebhook endpoint deleted with %,d deliveries pending, in %.1f s%n", pending,
				(System.nanoTime() - started) / 1e9);
		if (!activity.isEmpty()) {
			say("%nWhat the database was doing meanwhile, every 10 s (pg_stat_activity):%n%n```%n%s%n```%n",
					String.join("\n", activity));
		}
	}

	/** The database's busy sessions: how long in their transaction, what they wait on. */
	private List<String> activity() {
		try (Connection db = db()) {
			return strings(db,
					"""
							select to_char(now(), 'HH24:MI:SS') || ' pid ' || pid || ' ' || state || ' '
							       || coalesce(wait_event_type || '/' || wait_event, 'on CPU')
							       || ' in transaction for ' || coalesce(round(extract(epoch from now() - xact_start))::text, '-')
							       || ' s, blocked by ' || coalesce(nullif(pg_blocking_pids(pid)::text, '{}'), 'nobody')
							       || ': ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 120)
							from pg_stat_activity
							where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
							order by xact_start""");
		}
		catch (SQLException ex) {
			return List.of("pg_stat_activity not read: " + ex.getMessage());
		}
	}

	private static String check(HttpResponse<String> response, String what) {
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(what + ": " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + name + " in " + json);
		}
		return matcher.group(1);
	}

	// ---- wrk

	private Map<String, Long> wrk(String script, int connections, int seconds, Map<String, String> env)
			throws Exception {
		Path lua = this.dir.resolve(script);
		Files.writeString(lua, resource(script));
		ProcessBuilder builder = new ProcessBuilder("wrk", "-t", "2", "-c", Integer.toString(connections), "-d",
				seconds + "s", "--timeout", "10s", "-s", lua.toString(), base())
			.redirectErrorStream(true);
		builder.environment().putAll(env);
		Process wrk = builder.start();
		String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		wrk.waitFor();
		Matcher result = RESULT.matcher(out);
		if (!result.find()) {
			throw new IllegalStateException("wrk: " + out);
		}
		Map<String, Long> values = new LinkedHashMap<>();
		for (String pair : result.group(1).trim().split(" ")) {
			String[] kv = pair.split("=");
			values.put(kv[0], Long.parseLong(kv[1]));
		}
		return values;
	}

	private static String row(String request, Map<String, Long> wrk) {
		return String.format("| %s | %.0f | %s | %s | %s | %s | %d | %d |%n", request, rate(wrk), ms(wrk.get("p50_us")),
				ms(wrk.get("p90_us")), ms(wrk.get("p99_us")), ms(wrk.get("max_us")), wrk.get("errors_status"),
				errors(wrk) - wrk.get("errors_status"));
	}

	private static double rate(Map<String, Long> wrk) {
		return wrk.get("requests") / (wrk.get("duration_us") / 1e6);
	}

	private static long errors(Map<String, Long> wrk) {
		return wrk.get("errors_status") + wrk.get("errors_connect") + wrk.get("errors_read") + wrk.get("errors_write")
				+ wrk.get("errors_timeout");
	}

	private static String ms(long micros) {
		return String.format("%.1f", micros / 1000.0);
	}

	// ---- helpers

	private void say(String format, Object... args) {
		String text = String.format(format, args);
		System.out.print(text);
		this.results.append(text);
	}

	private static String resource(String name) throws IOException {
		try (InputStream in = LoadBenchmark.class.getResourceAsStream("/benchmark/load/" + name)) {
			if (in == null) {
				throw new IllegalStateException("No resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String command(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return out;
	}

	private static void execute(Connection db, String sql) throws SQLException {
		try (Statement statement = db.createStatement()) {
			statement.execute(sql);
		}
	}

	private static List<String> strings(Connection db, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

	private static long queryLong(Connection db, String sql) throws SQLException {
		return Long.parseLong(queryString(db, sql));
	}

	/** The first row's columns. */
	private static long[] queryLongs(Connection db, String sql) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			long[] values = new long[rows.getMetaData().getColumnCount()];
			for (int i = 0; i < values.length; i++) {
				values[i] = rows.getLong(i + 1);
			}
			return values;
		}
	}

	private static double queryDouble(Connection db, String sql) throws SQLException {
		return Double.parseDouble(queryString(db, sql));
	}

	private static String queryString(Connection db, String sql) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static long percentile(long[] sorted, int percent) {
		if (sorted.length == 0) {
			return -1;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
	}

	private static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String shortId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Integer> ints(String list) {
		return Arrays.stream(list.split(",")).map(String::strip).map(Integer::valueOf).toList();
	}

	private static List<String> words(String text) {
		return text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
	}

	/** A webhook receiver that answers 204 at once and notes when each message came. */
	static final class Receiver {

		private final Map<String, Long> received = new ConcurrentHashMap<>();

		private final AtomicLong requests = new AtomicLong();

		private HttpServer server;

		void start() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
			this.server.setExecutor(Executors.newFixedThreadPool(32));
			this.server.createContext("/", (exchange) -> {
				long now = System.currentTimeMillis();
				exchange.getRequestBody().readAllBytes();
				this.requests.incrementAndGet();
				String id = exchange.getRequestHeaders().getFirst("webhook-id");
				if (id != null) {
					this.received.putIfAbsent(id, now);
				}
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			this.server.start();
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		void clear() {
			this.received.clear();
			this.requests.set(0);
		}

		long requests() {
			return this.requests.get();
		}

		Map<String, Long> snapshot() {
			return Map.copyOf(this.received);
		}

		void stop() {
			this.server.stop(0);
		}

	}

}
