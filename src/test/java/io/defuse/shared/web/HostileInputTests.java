package io.defuse.shared.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.access.AccessPolicy;
import io.defuse.shared.Role;
import io.defuse.shared.web.HostileVariants.Baseline;
import io.defuse.shared.web.HostileVariants.Operation;
import io.defuse.shared.web.HostileVariants.Variant;
import io.defuse.webhook.WebhookSignature;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the live OpenAPI document, called by every kind of caller (each
 * role, no key, a bad key) with hostile variants of a valid request built from the
 * operation's schema (see {@link HostileVariants}). Every answer must be a 2xx or a
 * problem (RFC 9457, {@code application/problem+json}, status as sent, code, title,
 * correlation id), never a 5xx, never a stack trace; a refused request and every read
 * must leave the database as it was; hostile text that is accepted must be stored as
 * sent.
 * <p>
 * By default a seeded sample runs (every operation, every caller, a share of the
 * variants); {@code -Ddefuse.hostile.full=true} runs every variant for every caller, and
 * {@code -Ddefuse.hostile.seed=<n>} picks another sample. See
 * docs/reliability/hostile.md.
 */
@IntegrationTest
class HostileInputTests {

	static final boolean FULL = Boolean.getBoolean("defuse.hostile.full");

	static final long SEED = Long.getLong("defuse.hostile.seed", 20261124L);

	/** Share of the variants an allowed caller sends in the sample. */
	static final double ALLOWED_SHARE = 0.25;

	/** Variants a refused caller (wrong role, no key, bad key) sends in the sample. */
	static final int REFUSED_SAMPLE = 4;

	/** Words that only a stack trace or an exception's message would put in an answer. */
	static final List<String> LEAKS = List.of("Exception", "\tat ", "org.springframework", "java.lang", "java.util",
			"tools.jackson", "com.fasterxml", "org.hibernate", "org.postgresql", "org.apache", "SQLState", "PSQL");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final AtomicLong SENT = new AtomicLong();

	private static final AtomicLong SENDING = new AtomicLong();

	private static final AtomicLong CHECKING = new AtomicLong();

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	@Value("${local.server.port}")
	int port;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** The callers: the four roles, no key at all, and a key that is not one. */
	enum Caller {

		ANONYMOUS, BAD_KEY, AGENT, SUPERVISOR, INTEGRATION, ADMIN;

		Role role() {
			return (this == ANONYMOUS || this == BAD_KEY) ? null : Role.valueOf(name());
		}

	}

	@TestFactory
	Stream<DynamicNode> everyOperationAnswersHostileInputWithAProblemAndChangesNothingWhenItRefuses() {
		JsonNode doc = this.admin.get("/v3/api-docs").json();
		List<Operation> operations = Operation.from(doc);
		assertThat(operations).hasSizeGreaterThanOrEqualTo(AccessPolicy.RULES.size() - 1);
		Map<Caller, String> keys = new LinkedHashMap<>();
		for (Caller caller : Caller.values()) {
			if (caller.role() != null) {
				keys.put(caller, newKey(caller.role().name()));
			}
		}
		Random random = new Random(SEED);
		List<DynamicNode> containers = new ArrayList<>();
		for (Operation operation : operations) {
			Fixture fixture = new Fixture(operation, doc);
			long seed = random.nextLong();
			List<DynamicTest> tests = new ArrayList<>();
			for (Caller caller : Caller.values()) {
				tests.add(DynamicTest.dynamicTest(caller.name(),
						() -> run(operation, doc, fixture, caller, keys.get(caller), seed)));
			}
			tests.add(DynamicTest.dynamicTest("clean-up", fixture::cleanUp));
			containers.add(DynamicContainer.dynamicContainer(operation.id(), tests));
		}
		containers.add(DynamicTest.dynamicTest("figures", () -> {
			System.out.printf(
					"Hostile input: %d operations, %d requests sent (%s); %d ms sending, %d ms reading the database%n",
					operations.size(), SENT.get(), FULL ? "full matrix" : "sample, seed " + SEED,
					SENDING.get() / 1_000_000, CHECKING.get() / 1_000_000);
			STATUSES.forEach((kind, statuses) -> System.out.printf("  %-13s %s%n", kind, statuses));
			java.nio.file.Files.write(java.nio.file.Path.of("target", "hostile-accepted.txt"), ACCEPTED);
		}));
		return containers.stream();
	}

	private void run(Operation operation, JsonNode doc, Fixture fixture, Caller caller, String key, long seed) {
		boolean allowed = allowed(operation, caller);
		List<Variant> variants = HostileVariants.of(operation, doc, fixture::baseline);
		List<Variant> chosen = choose(variants, operation, caller, seed);
		List<String> failures = new ArrayList<>();
		Snapshot before = snapshot(fixture);
		int sequence = 0;
		for (Variant variant : chosen) {
			long xid = nextTransactionId();
			long start = System.nanoTime();
			Answer answer = send(operation, fixture, caller, key, variant, sequence++);
			SENDING.addAndGet(System.nanoTime() - start);
			STATUSES.computeIfAbsent(variant.kind(), (kind) -> new java.util.TreeMap<>())
				.merge(answer.status(), 1, Integer::sum);
			String what = caller + " " + variant.method() + " " + abbreviate(variant.path()) + " [" + variant.describe()
					+ "] -> " + answer.status();
			check(answer, what, failures);
			if (!allowed && answer.successful()) {
				failures.add(what + ": the access policy refuses this caller");
			}
			if (answer.successful() && !variant.kind().equals("baseline")) {
				ACCEPTED.add(variant.kind() + ": " + variant.name().replaceAll("[0-9a-f-]{36}", "{id}") + " -> "
						+ answer.status());
			}
			if (answer.successful() && operation.changes()) {
				checkStored(variant, answer, what, failures);
				before = snapshot(fixture);
			}
			else if (nextTransactionId() != xid) {
				// something wrote (or tried to): compare with the last state known good
				Snapshot after = snapshot(fixture);
				List<String> changed = before.differences(after);
				changed.removeIf((change) -> answer.successful()
						&& RECORDED_READS.getOrDefault(operation.id(), Set.of()).contains(change.split(" ")[0]));
				if (!changed.isEmpty()) {
					failures.add(what + ": " + (answer.successful() ? "a read" : "a refused request")
							+ " changed the database: " + changed);
				}
				before = after;
			}
		}
		fixture.restore(operation);
		assertThat(failures).as("%d of %d variants answered wrongly", failures.size(), chosen.size()).isEmpty();
	}

	/** Reads that record something on purpose, and the tables they write to. */
	static final Map<String, Set<String>> RECORDED_READS = Map.of("GET /api/v1/customers/{id}/export",
			Set.of("audit_log"));

	/** The hostile variants some operation accepted, for the figures. */
	static final Set<String> ACCEPTED = new java.util.concurrent.ConcurrentSkipListSet<>();

	/** Answers by kind of variant and status, for the figures. */
	static final Map<String, Map<Integer, Integer>> STATUSES = new java.util.concurrent.ConcurrentSkipListMap<>();

	/**
	 * The id the next transaction that writes will get: unchanged across a request, no
	 * transaction wrote anything (nor tried to), so the database is as it was.
	 */
	private long nextTransactionId() {
		long start = System.nanoTime();
		Long xid = this.jdbc.queryForObject("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint", Long.class);
		CHECKING.addAndGet(System.nanoTime() - start);
		return xid;
	}

	/**
	 * The answer must be a 2xx, or a complete problem that leaks nothing; never a 5xx.
	 */
	private static void check(Answer answer, String what, List<String> failures) {
		int status = answer.status();
		if (status >= 500) {
			failures.add(what + ": a server error " + abbreviate(answer.body()));
			return;
		}
		for (String leak : LEAKS) {
			if (answer.body().contains(leak)) {
				failures.add(what + ": the answer mentions '" + leak + "': " + abbreviate(answer.body()));
			}
		}
		if (answer.successful()) {
			return;
		}
		String type = String.valueOf(answer.header("Content-Type"));
		if (!type.startsWith("application/problem+json")) {
			failures.add(what + ": Content-Type " + type + " " + abbreviate(answer.body()));
			return;
		}
		JsonNode problem;
		try {
			problem = HostileVariants.JSON.readTree(answer.body());
		}
		catch (RuntimeException ex) {
			failures.add(what + ": the problem is not JSON: " + abbreviate(answer.body()));
			return;
		}
		String code = problem.path("code").asString("");
		if (code.isBlank() || !problem.path("type").asString("").equals(Problems.TYPE_PREFIX + code)
				|| problem.path("title").asString("").isBlank() || problem.path("status").asInt() != status
				|| problem.path("correlationId").asString("").isBlank()
				|| !problem.path("correlationId").asString("").equals(answer.header("X-Request-Id"))) {
			failures.add(what + ": an incomplete problem " + abbreviate(answer.body()));
		}
	}

	/**
	 * Hostile text that was accepted must come back as sent wherever the answer shows the
	 * field.
	 */
	private static void checkStored(Variant variant, Answer answer, String what, List<String> failures) {
		boolean longest = variant.kind().equals("length") && variant.name().contains("of maxLength ");
		if (variant.value() == null || variant.field() == null
				|| !(variant.kind().equals("text") || variant.kind().equals("unstorable") || longest)
				|| answer.body().isEmpty()) {
			return;
		}
		if (variant.kind().equals("unstorable")) {
			failures.add(what + ": text that cannot be stored as sent was accepted");
			return;
		}
		JsonNode body = HostileVariants.JSON.readTree(answer.body());
		List<String> shown = new ArrayList<>();
		collect(body, variant.field(), shown);
		if (!shown.isEmpty() && !shown.contains(variant.value())) {
			failures
				.add(what + ": stored " + abbreviate(shown.toString()) + " instead of " + abbreviate(variant.value()));
		}
	}

	private static void collect(JsonNode node, String field, List<String> values) {
		if (node.isObject()) {
			node.properties().forEach((entry) -> {
				if (entry.getKey().equals(field) && entry.getValue().isString()) {
					values.add(entry.getValue().asString());
				}
				collect(entry.getValue(), field, values);
			});
		}
		else if (node.isArray()) {
			node.forEach((item) -> collect(item, field, values));
		}
	}

	/**
	 * Everything in the full run. In the sample, each variant goes with probability
	 * {@link #ALLOWED_SHARE} to one allowed caller, drawn with the operation's seed (so
	 * the callers share the variants out), and each refused caller sends
	 * {@link #REFUSED_SAMPLE} variants; every caller sends the valid request.
	 */
	private static List<Variant> choose(List<Variant> variants, Operation operation, Caller caller, long seed) {
		if (FULL) {
			return variants;
		}
		Random random = new Random(seed);
		List<Caller> allowed = allowedCallers(operation);
		List<Variant> chosen = new ArrayList<>();
		chosen.add(variants.get(0));
		if (allowed.contains(caller)) {
			for (int i = 1; i < variants.size(); i++) {
				boolean taken = random.nextDouble() < ALLOWED_SHARE;
				Caller sender = allowed.get(random.nextInt(allowed.size()));
				if (taken && sender == caller) {
					chosen.add(variants.get(i));
				}
			}
			return chosen;
		}
		Random own = new Random(seed ^ caller.ordinal());
		for (int i = 0; i < REFUSED_SAMPLE; i++) {
			chosen.add(variants.get(1 + own.nextInt(variants.size() - 1)));
		}
		return chosen;
	}

	// ---- callers and the access policy

	private static boolean allowed(Operation operation, Caller caller) {
		AccessPolicy.Rule rule = rule(operation);
		if (rule.isPublic()) {
			// signed with the integration's secret: every caller with a role
			return caller.role() != null;
		}
		return caller.role() != null && rule.roles().contains(caller.role());
	}

	private static List<Caller> allowedCallers(Operation operation) {
		List<Caller> callers = new ArrayList<>();
		for (Caller caller : Caller.values()) {
			if (caller.role() != null && allowed(operation, caller)) {
				callers.add(caller);
			}
		}
		return callers;
	}

	private static AccessPolicy.Rule rule(Operation operation) {
		return AccessPolicy.RULES.stream()
			.filter((rule) -> rule.method().name().equals(operation.method())
					&& rule.path().equals(operation.template()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("not in the access policy: " + operation.id()));
	}

	private String newKey(String role) {
		String name = "hostile-" + role.toLowerCase(java.util.Locale.ROOT) + "-"
				+ UUID.randomUUID().toString().substring(0, 8);
		Response created = this.admin.post("/api/v1/api-keys", json("{'principal': '%s', 'role': '%s'}", name, role));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.field("key");
	}

	private static final List<String> BAD_KEYS = List.of("garbage", "dfs_" + "A".repeat(43), "", "' or 1=1--",
			"k".repeat(5000), "dfs_\u00e9\u00e8");

	// ---- sending

	record Answer(int status, Map<String, List<String>> headers, String body) {

		boolean successful() {
			return this.status >= 200 && this.status < 300;
		}

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

	private Answer send(Operation operation, Fixture fixture, Caller caller, String key, Variant variant,
			int sequence) {
		URI uri;
		try {
			uri = URI.create("http://localhost:" + this.port + variant.path());
		}
		catch (IllegalArgumentException notAUri) {
			return sendRaw(caller, key, variant);
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.method(variant.method(),
					(variant.body() != null) ? BodyPublishers.ofByteArray(variant.body()) : BodyPublishers.noBody());
		if (caller == Caller.BAD_KEY) {
			String bad = BAD_KEYS.get(sequence % BAD_KEYS.size());
			if (!bad.chars().allMatch((c) -> c < 128)) {
				request.header("Authorization", "Bearer not.a.jwt");
			}
			else {
				request.header("X-API-Key", bad);
			}
		}
		else if (key != null) {
			request.header("X-API-Key", key);
		}
		if (variant.contentType() != null) {
			request.header("Content-Type", variant.contentType());
		}
		for (int i = 0; i + 1 < variant.headers().size(); i += 2) {
			request.header(variant.headers().get(i), variant.headers().get(i + 1));
		}
		if (operation.template().startsWith("/api/v1/inbound/") && caller != Caller.ANONYMOUS) {
			String messageId = "msg_hostile_" + UUID.randomUUID();
			long now = Instant.now().getEpochSecond();
			byte[] signed = (variant.body() != null) ? variant.body() : new byte[0];
			String secret = (caller == Caller.BAD_KEY) ? WebhookSignature.newSecret() : fixture.integrationSecret;
			request.header(WebhookSignature.ID_HEADER, messageId)
				.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
				.header(WebhookSignature.SIGNATURE_HEADER,
						(secret != null) ? WebhookSignature.sign(secret, messageId, now, signed) : "v1,none");
		}
		SENT.incrementAndGet();
		try {
			HttpResponse<byte[]> response = sendTolerantOfEarlyClose(request.build());
			return new Answer(response.statusCode(), response.headers().map(),
					new String(response.body(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(variant.describe(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Tomcat answers an oversized request and closes the connection while the client may
	 * still be sending it; the reset then loses the answer on the client's side (seen
	 * twice in a row for a 12,000-byte header). Up to three tries; an answer is what is
	 * checked.
	 */
	private HttpResponse<byte[]> sendTolerantOfEarlyClose(HttpRequest request)
			throws IOException, InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				return this.http.send(request, BodyHandlers.ofByteArray());
			}
			catch (IOException closed) {
				if (attempt == 3) {
					throw closed;
				}
			}
		}
	}

	/**
	 * Sends what {@link URI} refuses to build (a malformed percent-encoding) as bytes on
	 * a socket, as an attacker's client would.
	 */
	private Answer sendRaw(Caller caller, String key, Variant variant) {
		SENT.incrementAndGet();
		try (java.net.Socket socket = new java.net.Socket("localhost", this.port)) {
			socket.setSoTimeout(30000);
			StringBuilder head = new StringBuilder(variant.method() + " " + variant.path() + " HTTP/1.0\r\n");
			head.append("Host: localhost\r\n");
			if (key != null && caller != Caller.BAD_KEY) {
				head.append("X-API-Key: ").append(key).append("\r\n");
			}
			if (variant.contentType() != null) {
				head.append("Content-Type: ").append(variant.contentType()).append("\r\n");
			}
			byte[] body = (variant.body() != null) ? variant.body() : new byte[0];
			head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
			socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().write(body);
			socket.getOutputStream().flush();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int end = answer.indexOf("\r\n\r\n");
			String[] lines = answer.substring(0, end).split("\r\n");
			Map<String, List<String>> headers = new LinkedHashMap<>();
			boolean chunked = false;
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				String name = lines[i].substring(0, colon).trim();
				String value = lines[i].substring(colon + 1).trim();
				headers.put(name, List.of(value));
				chunked |= name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked");
			}
			String content = answer.substring(end + 4);
			if (chunked) {
				StringBuilder joined = new StringBuilder();
				int at = 0;
				while (true) {
					int lineEnd = content.indexOf("\r\n", at);
					int size = Integer.parseInt(content.substring(at, lineEnd).trim(), 16);
					if (size == 0) {
						break;
					}
					joined.append(content, lineEnd + 2, lineEnd + 2 + size);
					at = lineEnd + 2 + size + 2;
				}
				content = joined.toString();
			}
			return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(variant.describe(), ex);
		}
	}

	private static String abbreviate(String text) {
		String flat = text.replaceAll("\\p{Cntrl}", "?");
		return (flat.length() > 300) ? flat.substring(0, 300) + "…(" + flat.length() + ")" : flat;
	}

	// ---- the database before and after

	/**
	 * Row counts of every table, and checksums of the rows of the operation's objects.
	 */
	record Snapshot(Map<String, String> tables) {

		List<String> differences(Snapshot other) {
			List<String> changed = new ArrayList<>();
			Set<String> names = new TreeSet<>(this.tables.keySet());
			names.addAll(other.tables.keySet());
			for (String name : names) {
				if (!String.valueOf(this.tables.get(name)).equals(String.valueOf(other.tables.get(name)))) {
					changed.add(name + " " + this.tables.get(name) + " -> " + other.tables.get(name));
				}
			}
			return changed;
		}

	}

	/** Tables that jobs change in the background, whatever the requests do. */
	private static final Set<String> BACKGROUND = Set.of("scheduled_tasks", "webhook_attempts",
			"flyway_schema_history");

	private List<String> tables;

	private Snapshot snapshot(Fixture fixture) {
		if (this.tables == null) {
			this.tables = this.jdbc
				.queryForList("select table_name from information_schema.tables where table_schema = current_schema() "
						+ "and table_type = 'BASE TABLE' order by table_name", String.class)
				.stream()
				.filter((table) -> !BACKGROUND.contains(table))
				.toList();
		}
		long start = System.nanoTime();
		StringBuilder sql = new StringBuilder();
		for (String table : this.tables) {
			union(sql, "'" + table + "'", "count(*)::text", table + " t", "true");
		}
		String cases = ids(fixture.cases);
		union(sql, "'cases*'", rows("t"), "cases t", "id = any(" + cases + ")");
		for (String child : List.of("case_events", "case_statements", "case_offers", "case_responses",
				"case_follow_ups", "case_step_stays")) {
			union(sql, "'" + child + "*'", rows("t"), child + " t", "case_id = any(" + cases + ")");
		}
		union(sql, "'customers*'", rows("t"), "customers t", "id = any(" + ids(fixture.customers) + ")");
		union(sql, "'customer_teams*'", rows("t"), "customer_teams t",
				"customer_id = any(" + ids(fixture.customers) + ")");
		union(sql, "'teams*'", rows("t"), "teams t", "id = any(" + ids(fixture.teams) + ")");
		union(sql, "'account_teams*'", rows("t"), "account_teams t", "team_id = any(" + ids(fixture.teams) + ")");
		union(sql, "'webhook_endpoints*'", rows("to_jsonb(t) - 'failing_since'"), "webhook_endpoints t",
				"id = any(" + ids(fixture.endpoints) + ")");
		union(sql, "'integrations*'", rows("t"), "integrations t", "id = any(" + ids(fixture.integrations) + ")");
		union(sql, "'api_keys*'", rows("to_jsonb(t) - 'last_used_at'"), "api_keys t",
				"id = any(" + ids(fixture.keys) + ")");
		union(sql, "'sla_policies*'", rows("t"), "sla_policies t", "true");
		union(sql, "'guidance_texts*'", rows("t"), "guidance_texts t", "true");
		Map<String, String> tables = new LinkedHashMap<>();
		this.jdbc.query(sql.toString(), (row) -> {
			tables.put(row.getString(1), row.getString(2));
		});
		CHECKING.addAndGet(System.nanoTime() - start);
		return new Snapshot(tables);
	}

	private static String rows(String row) {
		return "count(*)::text || ':' || coalesce(sum(hashtextextended((" + row + ")::text, 0)), 0)::text";
	}

	private static void union(StringBuilder sql, String name, String value, String from, String where) {
		if (!sql.isEmpty()) {
			sql.append(" union all ");
		}
		sql.append("select ")
			.append(name)
			.append(", ")
			.append(value)
			.append(" from ")
			.append(from)
			.append(" where ")
			.append(where);
	}

	private static String ids(Set<String> ids) {
		return "'{" + String.join(",", ids) + "}'::uuid[]";
	}

	// ---- the objects an operation's valid request names

	/**
	 * The real objects behind an operation's path, created on first use so that hostile
	 * requests reach the validation of their bodies instead of a 404, and valid bodies.
	 */
	final class Fixture {

		private final Operation operation;

		private final JsonNode doc;

		final Set<String> cases = new TreeSet<>();

		final Set<String> customers = new TreeSet<>();

		final Set<String> teams = new TreeSet<>();

		final Set<String> endpoints = new TreeSet<>();

		final Set<String> integrations = new TreeSet<>();

		final Set<String> keys = new TreeSet<>();

		private String path;

		private String caseId;

		private String offerId;

		private String customerId;

		String integrationSecret;

		private String keyPrincipal;

		private JsonNode restorable;

		Fixture(Operation operation, JsonNode doc) {
			this.operation = operation;
			this.doc = doc;
		}

		Baseline baseline(Operation operation) {
			if (this.path == null) {
				this.path = concretePath();
				this.restorable = readRestorable();
			}
			Map<String, String> query = new LinkedHashMap<>();
			if (operation.template().equals("/api/v1/reports/timeseries")) {
				query.put("metric", "cases_opened");
			}
			if (operation.template().endsWith("/recover")) {
				query.put("since", Instant.now().minus(Duration.ofHours(1)).toString());
			}
			ObjectNode body = (operation.bodySchema() != null) ? body(operation.bodySchema()) : null;
			return new Baseline(this.path, query, body, List.of());
		}

		private String concretePath() {
			String template = this.operation.template();
			String resource = template.split("/")[3];
			String concrete = template;
			if (concrete.contains("{id}")) {
				String id = switch (resource) {
					case "cases" -> caseFor(template);
					case "customers" -> customer();
					case "teams" -> team();
					case "webhook-endpoints" -> endpoint();
					case "webhook-deliveries" -> delivery();
					case "integrations" -> integration();
					case "api-keys" -> key();
					case "audit" -> auditEntry();
					default -> throw new AssertionError("no object for " + template);
				};
				concrete = concrete.replace("{id}", id);
			}
			return concrete.replace("{offerId}", String.valueOf(this.offerId))
				.replace("{integrationId}", template.contains("{integrationId}") ? integration() : "")
				.replace("{principal}", template.contains("{principal}") ? principal() : "")
				.replace("{severity}", "LOW")
				.replace("{step}", "LISTEN")
				.replace("{lang}", "en");
		}

		private String caseFor(String template) {
			String suffix = template.substring("/api/v1/cases/{id}".length());
			if (suffix.equals("/acknowledgement") || suffix.isEmpty() || !template.startsWith("/api/v1/cases/{id}")) {
				return openCase(0);
			}
			return switch (suffix) {
				case "/details" -> openCase(1);
				case "/details/confirmation" -> openCase(2);
				case "/offers" -> openCase(3);
				case "/offers/{offerId}/approval" -> openCase(4);
				case "/offers/{offerId}", "/offers/{offerId}/acceptance", "/offers/{offerId}/rejection" -> openCase(5);
				case "/response" -> openCase(6);
				case "/follow-ups" -> openCase(7);
				case "/reopening" -> openCase(8);
				default -> openCase(0);
			};
		}

		/**
		 * A case walked to a stage: 0 listen, 1 gather, 2 details complete, 3 offer, 4 an
		 * offer waiting for approval, 5 an open offer, 6 respond, 7 follow-up, 8 closed.
		 */
		private String openCase(int stage) {
			Response opened = ok(HostileInputTests.this.admin.post("/api/v1/cases",
					json("{'customerId': '%s', 'channel': 'PHONE', 'subject': 'Hostile fixture', 'severity': 'LOW', "
							+ "'statement': 'The kettle broke after a week.'}", customer())));
			this.caseId = opened.field("id");
			this.cases.add(this.caseId);
			String path = "/api/v1/cases/" + this.caseId;
			ApiClient admin = HostileInputTests.this.admin;
			if (stage >= 1) {
				ok(admin.post(path + "/acknowledgement", json("{'message': 'I understand, and I am sorry.'}")));
			}
			if (stage >= 2) {
				ok(admin.put(path + "/details", json("{'category': 'DEFECTIVE_PRODUCT', 'product': 'Kettle', "
						+ "'orderRef': 'ORD-1', 'purchaseDate': '2026-10-02'}")));
			}
			if (stage >= 3) {
				ok(admin.post(path + "/details/confirmation", null));
			}
			if (stage == 4) {
				Response offered = ok(admin.post(path + "/offers",
						json("{'type': 'REFUND', 'amount': 500, 'currency': 'EUR', 'description': 'Full refund'}")));
				this.offerId = offered.json().at("/offers/0/id").asString();
			}
			if (stage >= 5) {
				Response offered = ok(
						admin.post(path + "/offers", json("{'type': 'REPAIR', 'description': 'Repair'}")));
				this.offerId = offered.json().at("/offers/0/id").asString();
			}
			if (stage >= 6) {
				ok(admin.post(path + "/offers/" + this.offerId + "/acceptance", null));
			}
			if (stage >= 7) {
				ok(admin.post(path + "/response", json("{'action': 'REPAIR_BOOKED', 'reference': 'R-1'}")));
			}
			if (stage >= 8) {
				ok(admin.post(path + "/follow-ups", json("{'reached': true, 'satisfaction': 5}")));
			}
			return this.caseId;
		}

		private String customer() {
			if (this.customerId == null) {
				Response created = ok(HostileInputTests.this.admin.post("/api/v1/customers",
						json("{'displayName': 'Hostile Fixture', 'externalRef': '%s'}", unique("hostile"))));
				this.customerId = created.field("id");
				this.customers.add(this.customerId);
			}
			return this.customerId;
		}

		private String team() {
			String id = ok(
					HostileInputTests.this.admin.post("/api/v1/teams", json("{'name': '%s'}", unique("Hostile team"))))
				.field("id");
			this.teams.add(id);
			return id;
		}

		private String endpoint() {
			String id = ok(HostileInputTests.this.admin.post("/api/v1/webhook-endpoints",
					json("{'url': 'http://127.0.0.1:9/hostile', 'eventTypes': ['case.reopened']}")))
				.json()
				.at("/endpoint/id")
				.asString();
			this.endpoints.add(id);
			return id;
		}

		private String delivery() {
			String endpoint = endpoint();
			ok(HostileInputTests.this.admin.post("/api/v1/webhook-endpoints/" + endpoint + "/test", null));
			Response deliveries = ok(
					HostileInputTests.this.admin.get("/api/v1/webhook-endpoints/" + endpoint + "/deliveries"));
			return deliveries.json().at("/items/0/id").asString();
		}

		private String integration() {
			Response created = ok(HostileInputTests.this.admin.post("/api/v1/integrations",
					json("{'name': '%s'}", unique("hostile-crm"))));
			this.integrations.add(created.field("id"));
			this.integrationSecret = created.field("secret");
			return created.field("id");
		}

		private String key() {
			this.keyPrincipal = unique("hostile-key");
			Response created = ok(HostileInputTests.this.admin.post("/api/v1/api-keys",
					json("{'principal': '%s', 'role': 'AGENT'}", this.keyPrincipal)));
			this.keys.add(created.field("id"));
			return created.field("id");
		}

		private String principal() {
			if (this.keyPrincipal == null) {
				key();
			}
			return this.keyPrincipal;
		}

		private String auditEntry() {
			return ok(HostileInputTests.this.admin.get("/api/v1/audit?limit=1")).json().at("/items/0/id").asString();
		}

		/**
		 * A valid body of the schema: its examples, made unique and pointed at the
		 * fixture.
		 */
		private ObjectNode body(String schemaName) {
			JsonNode schema = this.doc.at("/components/schemas/" + schemaName);
			ObjectNode body = NODES.objectNode();
			for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
				JsonNode field = property.getValue();
				String ref = field.path("$ref").asString("");
				if (!ref.isEmpty()) {
					body.set(property.getKey(), body(ref.substring(ref.lastIndexOf('/') + 1)));
				}
				else if (field.has("example")) {
					body.set(property.getKey(), field.get("example").deepCopy());
				}
				else if (field.has("enum")) {
					body.set(property.getKey(), field.get("enum").get(0).deepCopy());
				}
				else {
					body.set(property.getKey(), switch (field.path("type").asString("")) {
						case "boolean" -> NODES.booleanNode(true);
						case "integer", "number" -> NODES.numberNode(field.path("minimum").asInt(1));
						case "array" -> NODES.arrayNode();
						case "object" -> NODES.objectNode();
						default -> NODES.stringNode("Hostile");
					});
				}
			}
			switch (schemaName) {
				case "NewCase" -> {
					body.remove("customer");
					body.remove("teamId");
					body.put("customerId", customer());
				}
				case "Assignment" -> body.remove("teamId");
				case "NewIntegration" -> {
					body.remove("teamId");
					body.put("name", unique("hostile-crm"));
				}
				case "CreateApiKeyRequest" -> body.put("principal", unique("hostile-key"));
				case "NewTeam", "TeamChange" -> body.put("name", unique("Hostile team"));
				case "NewCustomer", "InlineCustomer" -> body.put("externalRef", unique("hostile"));
				case "CustomerMergePatch" -> body.remove("externalRef");
				case "NewEndpoint", "EndpointChange" -> {
					body.put("url", "http://127.0.0.1:9/hostile");
					body.set("eventTypes", NODES.arrayNode().add("case.reopened"));
				}
				case "InboundPayload" -> {
					body.put("type", "complaint.created");
					body.put("timestamp", Instant.now().toString());
					ObjectNode data = body.putObject("data");
					data.putObject("customer").put("externalRef", unique("hostile")).put("displayName", "Hostile");
					data.put("channel", "PHONE").put("subject", "Hostile inbound").put("statement", "It broke.");
				}
				default -> {
				}
			}
			return body;
		}

		/**
		 * What an operation changes for everyone (an SLA policy, guidance texts), read
		 * before.
		 */
		private JsonNode readRestorable() {
			if (this.operation.method().equals("PUT")
					&& (this.path.startsWith("/api/v1/sla-policies/") || this.path.startsWith("/api/v1/guidance/"))) {
				return ok(HostileInputTests.this.admin.get(this.path)).json();
			}
			return null;
		}

		/** Puts back what the operation changed for everyone. */
		void restore(Operation operation) {
			if (this.restorable == null) {
				return;
			}
			ObjectNode original;
			if (this.path.startsWith("/api/v1/sla-policies/")) {
				original = NODES.objectNode();
				for (String field : List.of("acknowledgeWithin", "respondWithin", "followUpDelay", "warnAtPercent")) {
					original.set(field, this.restorable.get(field));
				}
			}
			else {
				original = (ObjectNode) this.restorable.get("texts").deepCopy();
			}
			ok(HostileInputTests.this.admin.put(this.path, original.toString()));
		}

		/** Deletes the webhook endpoints, so no later change is delivered to them. */
		void cleanUp() {
			List<String> ours = new ArrayList<>(this.endpoints);
			String cursor = "";
			do {
				JsonNode page = ok(HostileInputTests.this.admin.get("/api/v1/webhook-endpoints?limit=100" + cursor))
					.json();
				for (JsonNode endpoint : page.path("items")) {
					if (endpoint.path("url").asString("").startsWith("http://127.0.0.1:9/")) {
						ours.add(endpoint.get("id").asString());
					}
				}
				String next = page.path("nextCursor").asString("");
				cursor = next.isEmpty() ? null : "&cursor=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8);
			}
			while (cursor != null);
			for (String id : ours) {
				HostileInputTests.this.admin.delete("/api/v1/webhook-endpoints/" + id);
			}
		}

	}

	private static Response ok(Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 299);
		return response;
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
	}

}
