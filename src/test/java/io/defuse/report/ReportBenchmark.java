package io.defuse.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.DefuseApplication;

/**
 * The report benchmark: seeds a million cases (with their step history, offers and
 * follow-ups) into the embedded PostgreSQL with SQL, then times the report endpoints over
 * HTTP, for a 30-day and a 365-day period, for one team (as its supervisor) and for every
 * team (as an admin), and prints {@code EXPLAIN (ANALYZE, BUFFERS)} of the main queries.
 * <p>
 * Run it with {@code ./mvnw -Preport-benchmark test}; options as system properties:
 * {@code -Dbenchmark.cases=1000000 -Dbenchmark.days=730 -Dbenchmark.teams=10
 * -Dbenchmark.runs=20 -Dbenchmark.dir=target/report-benchmark -Dbenchmark.sharedBuffers=1GB}
 * (PostgreSQL's buffer cache; the embedded server's default, 128 MB, when not given). The
 * seeded database is kept in {@code benchmark.dir} and reused by the next run with the
 * same size; delete the directory to seed afresh. Not a test, never run by
 * {@code verify}.
 */
public final class ReportBenchmark {

	static final String ADMIN_KEY = "report-benchmark-admin-key-0123456789";

	static final UUID TEAM = UUID.fromString("b0000000-0000-0000-0000-000000000001");

	private final int cases = Integer.getInteger("benchmark.cases", 1_000_000);

	private final int days = Integer.getInteger("benchmark.days", 730);

	private final int teams = Integer.getInteger("benchmark.teams", 10);

	private final int runs = Integer.getInteger("benchmark.runs", 20);

	private final Path dir = Path.of(System.getProperty("benchmark.dir", "target/report-benchmark"));

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final StringBuilder results = new StringBuilder();

	private ConfigurableApplicationContext app;

	private String baseUrl;

	public static void main(String[] args) throws Exception {
		new ReportBenchmark().run();
	}

	void run() throws Exception {
		Files.createDirectories(this.dir);
		this.app = start();
		try {
			JdbcTemplate jdbc = this.app.getBean(JdbcTemplate.class);
			seedUnlessSeeded(jdbc);
			if (setSharedBuffers(jdbc)) {
				this.app.close();
				this.app = start();
				jdbc = this.app.getBean(JdbcTemplate.class);
			}
			String supervisor = supervisorOf(TEAM);
			say("%n## Report benchmark: %,d cases over %d days in %d teams, %d runs each%n", count(jdbc, "cases"),
					this.days, this.teams, this.runs);
			say("%,d step stays, %,d offers, %,d follow-ups; PostgreSQL shared_buffers %s; Java %s, %d processors%n",
					count(jdbc, "case_step_stays"), count(jdbc, "case_offers"), count(jdbc, "case_follow_ups"),
					jdbc.queryForObject("show shared_buffers", String.class), System.getProperty("java.version"),
					Runtime.getRuntime().availableProcessors());
			say("%n| Request | Period | Scope | p50 ms | p99 ms | max ms |%n|---|---|---|--:|--:|--:|%n");
			for (int period : new int[] { 30, 365 }) {
				for (boolean all : new boolean[] { false, true }) {
					String key = all ? ADMIN_KEY : supervisor;
					String scope = all ? "all teams (admin)" : "one team (supervisor)";
					time("overview", period, scope, key, "/api/v1/reports/overview?" + period(period));
					for (String metric : Timeseries.Metric.names()) {
						String interval = (period == 30) ? "day" : "week";
						time("timeseries " + metric + " by " + interval, period, scope, key,
								"/api/v1/reports/timeseries?metric=" + metric + "&interval=" + interval + "&"
										+ period(period));
					}
				}
			}
			explain(jdbc);
			Files.writeString(this.dir.resolve("results.md"), this.results.toString());
			say("%nWritten to %s%n", this.dir.resolve("results.md"));
		}
		finally {
			this.app.close();
		}
	}

	private ConfigurableApplicationContext start() {
		// command-line arguments, so that they win over application.yml
		List<String> args = List.of("--server.port=0", "--defuse.bootstrap-admin-key=" + ADMIN_KEY,
				"--defuse.embedded-postgres.data-dir=" + this.dir.resolve("postgres").toAbsolutePath(),
				// throw-away data: seeding without fsync is several times faster
				"--defuse.embedded-postgres.durable=false",
				// the SLA watch would otherwise look at the seeded open cases every 15 s
				"--defuse.casework.sla-watch-interval=PT1H", "--defuse.rate-limit.enabled=false",
				"--logging.level.root=WARN");
		ConfigurableApplicationContext context = new SpringApplication(DefuseApplication.class)
			.run(args.toArray(String[]::new));
		this.baseUrl = "http://localhost:" + context.getBean(Environment.class).getProperty("local.server.port");
		return context;
	}

	private void seedUnlessSeeded(JdbcTemplate jdbc) throws IOException {
		long seeded = jdbc.queryForObject("select count(*) from cases where created_by = 'benchmark'", Long.class);
		if (seeded == this.cases) {
			System.out.printf("Reusing the %,d cases seeded in %s%n", seeded, this.dir);
			return;
		}
		if (seeded != 0) {
			throw new IllegalStateException("The database in " + this.dir + " holds " + seeded
					+ " benchmark cases, not " + this.cases + "; delete the directory to seed afresh");
		}
		String script;
		try (InputStream in = ReportBenchmark.class.getResourceAsStream("/benchmark/report-seed.sql")) {
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		script = script.replace("${cases}", Integer.toString(this.cases))
			.replace("${days}", Integer.toString(this.days))
			.replace("${teams}", Integer.toString(this.teams));
		System.out.printf("Seeding %,d cases (a few minutes for a million) ...%n", this.cases);
		long started = System.nanoTime();
		String seed = script;
		this.app.getBean(TransactionTemplate.class).executeWithoutResult((status) -> jdbc.execute(seed));
		jdbc.execute("vacuum analyze");
		System.out.printf("Seeded in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
	}

	/**
	 * Sets PostgreSQL's {@code shared_buffers} to {@code benchmark.sharedBuffers}, or
	 * back to the server's default when it is not given.
	 * @return whether the server must restart for it
	 */
	private boolean setSharedBuffers(JdbcTemplate jdbc) {
		String wanted = System.getProperty("benchmark.sharedBuffers", "");
		jdbc.execute(wanted.isBlank() ? "alter system reset shared_buffers"
				: "alter system set shared_buffers = '" + wanted.replaceAll("[^0-9A-Za-z]", "") + "'");
		jdbc.queryForObject("select pg_reload_conf()", Boolean.class);
		// the server rereads its configuration a moment later
		for (int i = 0; i < 50; i++) {
			if (jdbc.queryForObject("select pending_restart from pg_settings where name = 'shared_buffers'",
					Boolean.class)) {
				return true;
			}
			sleep(100);
		}
		return false;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A supervisor key for the team, made through the API. */
	private String supervisorOf(UUID team) {
		String name = "benchmark-supervisor-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> created = send("POST", "/api/v1/api-keys", ADMIN_KEY,
				"{\"principal\": \"" + name + "\", \"role\": \"SUPERVISOR\"}");
		send("PUT", "/api/v1/teams/" + team + "/members/" + name, ADMIN_KEY, null);
		send("DELETE", "/api/v1/teams/00000000-0000-0000-0000-000000000001/members/" + name, ADMIN_KEY, null);
		String body = created.body();
		int at = body.indexOf("\"key\":\"") + 7;
		return body.substring(at, body.indexOf('"', at));
	}

	private void time(String request, int period, String scope, String key, String path) {
		for (int i = 0; i < 3; i++) {
			check(send("GET", path, key, null));
		}
		long[] nanos = new long[this.runs];
		for (int i = 0; i < this.runs; i++) {
			long started = System.nanoTime();
			check(send("GET", path, key, null));
			nanos[i] = System.nanoTime() - started;
		}
		Arrays.sort(nanos);
		say("| %s | %d days | %s | %d | %d | %d |%n", request, period, scope, millis(percentile(nanos, 50)),
				millis(percentile(nanos, 99)), millis(nanos[nanos.length - 1]));
	}

	/**
	 * EXPLAIN (ANALYZE, BUFFERS) of each statement of the overview, for every team, 365
	 * days.
	 */
	private void explain(JdbcTemplate jdbc) {
		Instant now = Instant.now();
		List<UUID> all = jdbc.queryForList("select id from teams", UUID.class);
		MapSqlParameterSource params = new MapSqlParameterSource()
			.addValue("from", now.minus(365, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC))
			.addValue("to", now.atOffset(ZoneOffset.UTC))
			.addValue("now", now.atOffset(ZoneOffset.UTC))
			.addValue("teams", all.toArray(UUID[]::new))
			.addValue("grace", 86400L)
			.addValue("unit", "week")
			.addValue("step", "1 week");
		Map<String, String> statements = new LinkedHashMap<>();
		statements.put("opened", ReportSql.OPENED);
		statements.put("closed", ReportSql.CLOSED);
		statements.put("time in step", ReportSql.TIME_IN_STEP);
		statements.put("response and follow-up SLA", ReportSql.RESPONSE_AND_FOLLOW_UP_SLA);
		statements.put("ratings", ReportSql.RATINGS);
		statements.put("offers", ReportSql.OFFERS);
		statements.put("top products", ReportSql.TOP_PRODUCTS);
		statements.put("open by step", ReportSql.OPEN_BY_STEP);
		statements.put("timeseries sla_breaches by week", ReportSql.SERIES.formatted(ReportSql.SERIES_SLA_BREACHES));
		NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
		TransactionTemplate transaction = this.app.getBean(TransactionTemplate.class);
		say("%n## EXPLAIN (ANALYZE, BUFFERS), every team, 365 days%n");
		statements.forEach((name, sql) -> transaction.executeWithoutResult((status) -> {
			jdbc.queryForObject("select set_config('work_mem', ?, true)", String.class, ReportService.WORK_MEM);
			List<String> plan = named.queryForList("explain (analyze, buffers) " + sql, params, String.class);
			say("%n### %s%n%n```%n%s%n```%n", name, String.join("\n", plan));
		}));
	}

	private HttpResponse<String> send(String method, String path, String key, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofMinutes(2))
			.header("X-API-Key", key)
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
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

	private static void check(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
	}

	private static String period(int days) {
		Instant to = Instant.now();
		return "from=" + to.minus(days, ChronoUnit.DAYS) + "&to=" + to;
	}

	private static long count(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject("select count(*) from " + table, Long.class);
	}

	/** Nearest rank. */
	private static long percentile(long[] sorted, int percent) {
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	private static long millis(long nanos) {
		return Math.round(nanos / 1_000_000.0);
	}

	private void say(String format, Object... args) {
		String line = String.format(format, args);
		System.out.print(line);
		this.results.append(line);
	}

}
