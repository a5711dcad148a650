package io.defuse.casework;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients at once on the same cases: optimistic locking (If-Match), idempotent
 * creates, and a property-style run of random concurrent work whose end state must be a
 * legal case with a complete, gap-free history. See docs/reliability/concurrency.md.
 * <p>
 * The random run is driven by seeded {@link Random}s: each run tries {@value #SEEDS}
 * fresh seeds (named in the test's display name and in every failure message);
 * {@code -Ddefuse.concurrency.seed=<seed>} runs one seed again. The seed fixes every
 * client's choice of actions; the interleaving of the clients is the machine's.
 */
@IntegrationTest
class ConcurrencyTests {

	static final String SEED_PROPERTY = "defuse.concurrency.seed";

	static final int SEEDS = 3;

	static final int CASES = 4;

	static final int AGENTS = 3;

	static final int ACTIONS_PER_CLIENT = 60;

	/** Refusals a client may get in the random run: (status, problem code). */
	static final Set<String> EXPECTED_REFUSALS = Set.of("409 workflow-refused", "412 stale-version", "403 forbidden");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static HttpServer receiver;

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient agent;

	@BeforeAll
	static void startReceiver() throws IOException {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.setExecutor(Executors.newFixedThreadPool(4));
		receiver.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop(0);
	}

	@BeforeEach
	void agent() {
		this.agent = this.admin.withNewPrincipal("AGENT");
	}

	// ---- If-Match

	@Test
	void fiftyParallelChangesWithTheSameIfMatchLetExactlyOneThroughAndTheRestAre412() throws Exception {
		Response opened = open("race", "MEDIUM");
		String etag = opened.header("ETag");
		List<Response> answers = inParallel(50,
				(i) -> this.agent.post(path(opened, "/notes"), json("{'text': 'note %d'}", i), "If-Match", etag));

		List<Response> through = answers.stream().filter((a) -> a.status() == 200).toList();
		assertThat(through).hasSize(1);
		answers.stream().filter((a) -> a.status() != 200).forEach((a) -> {
			problem(a, 412, "stale-version");
			assertThat(a.json().get("currentVersion").asLong()).isEqualTo(version(opened) + 1);
		});
		assertThat(answers).filteredOn((a) -> a.status() == 412).hasSize(49);

		Response after = this.agent.get(path(opened, ""));
		assertThat(version(after)).isEqualTo(version(opened) + 1);
		assertThat(after.header("ETag")).isEqualTo(through.get(0).header("ETag"));
		List<JsonNode> timeline = timeline(this.agent, opened.field("id"));
		List<JsonNode> notes = timeline.stream()
			.filter((e) -> e.get("type").asString().equals("case.note_added"))
			.toList();
		assertThat(notes).hasSize(1);
		assertThat(notes.get(0).at("/data/text").asString()).matches("note \\d+");
		assertThat(timeline).extracting((e) -> e.get("sequence").asInt())
			.containsExactly(
					java.util.stream.IntStream.rangeClosed(1, timeline.size()).boxed().toArray(Integer[]::new));
	}

	@Test
	void parallelChangesWithoutIfMatchAllApplyOneAfterTheOther() throws Exception {
		Response opened = open("serial", "MEDIUM");
		List<Response> answers = inParallel(20,
				(i) -> this.agent.post(path(opened, "/notes"), json("{'text': 'note %d'}", i)));
		assertThat(answers).extracting(Response::status).containsOnly(200);
		// each change saw the one before it: twenty different versions, one after the
		// other
		assertThat(answers).extracting((a) -> version(a))
			.containsExactlyInAnyOrder(
					LongStream.rangeClosed(version(opened) + 1, version(opened) + 20).boxed().toArray(Long[]::new));
		Response after = this.agent.get(path(opened, ""));
		assertThat(version(after)).isEqualTo(version(opened) + 20);
		assertThat(timeline(this.agent, opened.field("id"))).hasSize(2 + 20);
	}

	// ---- Idempotency-Key

	@Test
	void twentyParallelCreatesWithOneIdempotencyKeyOpenOneCaseAndAreAllReplaysOrInFlight() throws Exception {
		String key = UUID.randomUUID().toString();
		String subject = "parallel-" + key;
		String body = json("{'customerId': '%s', 'channel': 'WEB', 'subject': '%s', 'statement': 'Hi'}", customer(),
				subject);
		List<Response> answers = inParallel(20, (i) -> this.agent.post("/api/v1/cases", body, "Idempotency-Key", key));

		List<String> ids = this.jdbc.queryForList("select id::text from cases where subject = ?", String.class,
				subject);
		assertThat(ids).hasSize(1);
		List<Response> created = answers.stream().filter((a) -> a.status() == 201).toList();
		assertThat(created).isNotEmpty();
		assertThat(created).allSatisfy((a) -> {
			assertThat(a.field("id")).isEqualTo(ids.get(0));
			assertThat(a.header("Location")).isEqualTo("/api/v1/cases/" + ids.get(0));
		});
		// one answer ran the request; every other 201 is its replay
		assertThat(created).filteredOn((a) -> !"true".equals(a.header("Idempotent-Replayed"))).hasSize(1);
		answers.stream().filter((a) -> a.status() != 201).forEach((a) -> {
			problem(a, 409, "idempotency-key-in-flight");
			assertThat(a.header("Retry-After")).isEqualTo("1");
		});
		Response replay = this.agent.post("/api/v1/cases", body, "Idempotency-Key", key);
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.field("id")).isEqualTo(ids.get(0));
		assertThat(this.jdbc.queryForObject("select count(*) from case_events where case_id = ?::uuid and seq = 1",
				Integer.class, ids.get(0)))
			.isEqualTo(1);
	}

	// ---- random concurrent work

	static Stream<Long> seeds() {
		String fixed = System.getProperty(SEED_PROPERTY);
		if (fixed != null && !fixed.isBlank()) {
			return Stream.of(Long.parseLong(fixed.strip()));
		}
		Random seeds = new Random();
		return Stream.generate(seeds::nextLong).limit(SEEDS);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void randomConcurrentWorkLeavesEveryCaseLegalWithAGapFreeHistoryThatReplaysToIt(long seed) throws Exception {
		String endpoint = this.admin
			.post("/api/v1/webhook-endpoints",
					json("{'url': 'http://127.0.0.1:%d/all', 'description': 'concurrency'}",
							receiver.getAddress().getPort()))
			.json()
			.at("/endpoint/id")
			.asString();
		try {
			new RandomRun(seed).run();
		}
		catch (AssertionError ex) {
			throw new AssertionError(
					"seed " + seed + " (run again with -D" + SEED_PROPERTY + "=" + seed + "): " + ex.getMessage(), ex);
		}
		finally {
			this.admin.delete("/api/v1/webhook-endpoints/" + endpoint);
		}
	}

	/** One run: clients acting at random on a few cases at once, then the checks. */
	final class RandomRun {

		final long seed;

		final List<String> cases = new ArrayList<>();

		final Map<String, Long> initialVersions = new HashMap<>();

		final Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();

		/** Versions answered by successful changes, per case. */
		final Map<String, Queue<Long>> answeredVersions = new ConcurrentHashMap<>();

		final Queue<String> violations = new ConcurrentLinkedQueue<>();

		final Map<String, AtomicInteger> tally = new ConcurrentHashMap<>();

		RandomRun(long seed) {
			this.seed = seed;
		}

		void run() throws Exception {
			ApiClient opener = ConcurrencyTests.this.agent;
			for (int i = 0; i < CASES; i++) {
				Response opened = open("random-" + this.seed + "-" + i, "MEDIUM");
				String id = opened.field("id");
				this.cases.add(id);
				this.initialVersions.put(id, version(opened));
				this.changes.put(id, new AtomicInteger());
				this.answeredVersions.put(id, new ConcurrentLinkedQueue<>());
			}
			List<Client> clients = new ArrayList<>();
			for (int i = 0; i < AGENTS; i++) {
				clients.add(new Client("agent" + i, ConcurrencyTests.this.admin.withNewPrincipal("AGENT"), false,
						new Random(this.seed + i)));
			}
			clients.add(new Client("supervisor", ConcurrencyTests.this.admin.withNewPrincipal("SUPERVISOR"), true,
					new Random(this.seed + AGENTS)));
			for (Client client : clients) {
				for (String id : this.cases) {
					client.seen.put(id, opener.get("/api/v1/cases/" + id).json());
				}
			}
			ExecutorService pool = Executors.newFixedThreadPool(clients.size());
			CountDownLatch start = new CountDownLatch(1);
			try {
				List<Future<?>> running = new ArrayList<>();
				for (Client client : clients) {
					running.add(pool.submit(() -> {
						start.await();
						for (int step = 0; step < ACTIONS_PER_CLIENT; step++) {
							client.act();
						}
						return null;
					}));
				}
				start.countDown();
				for (Future<?> done : running) {
					done.get(2, TimeUnit.MINUTES);
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(this.violations).as("answers that were not a success or a 4xx problem").isEmpty();
			List<String> steps = new ArrayList<>();
			for (String id : this.cases) {
				steps.add(checkCase(id));
			}
			System.out.printf("concurrency seed %d: %d clients x %d actions on %d cases; answers %s; final steps %s%n",
					this.seed, clients.size(), ACTIONS_PER_CLIENT, CASES, new java.util.TreeMap<>(this.tally), steps);
			// the run must have exercised the workflow, not only refusals
			assertThat(this.tally.keySet()).as("outcomes seen: " + this.tally)
				.contains("2xx", "409 workflow-refused", "412 stale-version");
		}

		/**
		 * A principal acting on the cases at random, with its own (possibly stale) view.
		 */
		final class Client {

			final String name;

			final ApiClient api;

			final boolean supervisor;

			final Random random;

			final Map<String, JsonNode> seen = new HashMap<>();

			int assignments;

			Client(String name, ApiClient api, boolean supervisor, Random random) {
				this.name = name;
				this.api = api;
				this.supervisor = supervisor;
				this.random = random;
			}

			void act() {
				String id = RandomRun.this.cases.get(this.random.nextInt(RandomRun.this.cases.size()));
				JsonNode view = this.seen.get(id);
				// mostly what the case suggests (as last seen), sometimes anything at all
				List<Action> suggested = Action.suggested(view);
				boolean guided = !suggested.isEmpty() && this.random.nextInt(10) < 6;
				Action action = guided ? Action.pick(this.random, suggested) : Action.pick(this.random);
				Request request = request(action, view, guided);
				boolean ifMatch = this.random.nextBoolean();
				String[] headers = ifMatch ? new String[] { "If-Match", "\"" + view.get("version").asLong() + "\"" }
						: new String[0];
				Response answer = this.api.send(request.method(), "/api/v1/cases/" + id + request.path(),
						request.body(), (request.body() != null) ? "application/json" : null, headers);
				judge(id, request, answer);
				if (answer.status() / 100 == 2 && answer.json().has("version") && answer.json().has("step")) {
					this.seen.put(id, answer.json());
				}
				else if (answer.status() / 100 == 2 || this.random.nextInt(10) < 7) {
					this.seen.put(id, this.api.get("/api/v1/cases/" + id).json());
				}
			}

			private Request request(Action action, JsonNode view, boolean guided) {
				// a guided client picks an offer the action fits; otherwise any offer
				String fits = switch (action) {
					case APPROVAL -> "PENDING_APPROVAL";
					case ACCEPTANCE -> "OPEN";
					default -> null;
				};
				List<String> offers = new ArrayList<>();
				view.get("offers").forEach((offer) -> {
					if (!guided || fits == null || offer.get("status").asString().equals(fits)) {
						offers.add(offer.get("id").asString());
					}
				});
				String offer = offers.isEmpty() ? null : offers.get(this.random.nextInt(offers.size()));
				Random r = this.random;
				switch (action) {
					case STATEMENT:
						return post("/statements",
								json("{'text': '%s', 'from': '%s'}", STATEMENTS.get(r.nextInt(STATEMENTS.size())),
										r.nextInt(4) == 0 ? "AGENT" : "CUSTOMER"));
					case ACKNOWLEDGE:
						return post("/acknowledgement",
								json("{'message': 'I understand, and I am sorry about this.'}"));
					case DETAILS:
						// a guided client mostly saves what the category needs
						return new Request("PUT", "/details",
								(guided && r.nextBoolean()) ? DETAILS.get(0) : DETAILS.get(r.nextInt(DETAILS.size())));
					case CONFIRMATION:
						return post("/details/confirmation", null);
					case OFFER:
						return post("/offers", OFFERS.get(r.nextInt(OFFERS.size())));
					case APPROVAL:
						return (offer != null) ? post("/offers/" + offer + "/approval", null) : note();
					case ACCEPTANCE:
						return (offer != null) ? post("/offers/" + offer + "/acceptance", null) : note();
					case REJECTION:
						return (offer != null)
								? post("/offers/" + offer + "/rejection", json("{'reason': 'customer wants more'}"))
								: note();
					case RESPONSE:
						return post("/response", json(
								"{'action': 'REFUND_ISSUED', 'reference': 'RF-%d', 'note': 'done'}", r.nextInt(1000)));
					case FOLLOW_UP:
						int kind = r.nextInt(3);
						return post("/follow-ups",
								(kind == 0) ? json("{'reached': false, 'comment': 'voicemail'}")
										: json("{'reached': true, 'satisfaction': %d}",
												(kind == 1) ? 4 + r.nextInt(2) : 1 + r.nextInt(3)));
					case ESCALATION:
						return post("/escalation", json("{'reason': 'needs a supervisor'}"));
					case ASSIGNMENT:
						return post("/assignment", json("{'assignee': '%s-%d'}", this.name, ++this.assignments));
					case NOTE:
						return note();
					case CLOSURE:
						return post("/closure", json("{'outcome': '%s', 'reason': 'closed by %s'}",
								r.nextBoolean() ? "WITHDRAWN" : "UNRESOLVED", this.name));
					case REOPENING:
						return post("/reopening", json("{'reason': 'customer came back'}"));
					case SLA_PAUSE:
						return post("/sla-pause", json("{'reason': 'waiting on the customer'}"));
					case SLA_RESUME:
						return post("/sla-resume", null);
					default:
						throw new IllegalStateException(action.name());
				}
			}

			private Request note() {
				return post("/notes", json("{'text': 'note by %s'}", this.name));
			}

			private Request post(String path, String body) {
				return new Request("POST", path, body);
			}

			private void judge(String id, Request request, Response answer) {
				String what = this.name + " " + request.method() + " " + request.path() + " -> " + answer.status() + " "
						+ answer.body();
				if (answer.status() / 100 == 2) {
					RandomRun.this.tally.computeIfAbsent("2xx", (k) -> new AtomicInteger()).incrementAndGet();
					RandomRun.this.changes.get(id).incrementAndGet();
					JsonNode body = answer.json();
					if (body.has("version") && body.has("step")) {
						RandomRun.this.answeredVersions.get(id).add(body.get("version").asLong());
						if (!Objects.equals(answer.header("ETag"), "\"" + body.get("version").asLong() + "\"")) {
							RandomRun.this.violations.add("ETag is not the version: " + what);
						}
					}
					return;
				}
				String code = (answer.contentType() != null
						&& answer.contentType().startsWith("application/problem+json")) ? answer.field("code") : null;
				String refusal = answer.status() + " " + code;
				RandomRun.this.tally.computeIfAbsent(refusal, (k) -> new AtomicInteger()).incrementAndGet();
				if (!EXPECTED_REFUSALS.contains(refusal)) {
					RandomRun.this.violations.add(what);
					return;
				}
				JsonNode problem = answer.json();
				if (code.equals("workflow-refused")
						&& (problem.path("missing").isEmpty() || problem.path("step").asString("").isEmpty()
								|| problem.path("action").asString("").isEmpty())) {
					RandomRun.this.violations.add("a refusal without step, action and what is missing: " + what);
				}
				if (code.equals("forbidden") && this.supervisor) {
					RandomRun.this.violations.add("a supervisor was refused: " + what);
				}
			}

		}

		// ---- the checks

		/** Checks one case; returns its final step and the length of its history. */
		String checkCase(String id) {
			JsonNode c = ConcurrencyTests.this.admin.get("/api/v1/cases/" + id).json();
			List<JsonNode> events = timeline(ConcurrencyTests.this.admin, id);
			String step = c.get("step").asString();
			String context = "case " + id + " in " + step + ", timeline " + types(events);

			// the version counts the successful changes, each answered with a version of
			// its own
			assertThat(c.get("version").asLong()).as(context)
				.isEqualTo(this.initialVersions.get(id) + this.changes.get(id).get());
			List<Long> answered = List.copyOf(this.answeredVersions.get(id));
			assertThat(new HashSet<>(answered)).as("versions answered " + answered).hasSize(answered.size());

			// the timeline: 1..n, no gaps, no duplicates, the last entry in the case's
			// step
			for (int i = 0; i < events.size(); i++) {
				assertThat(events.get(i).get("sequence").asInt()).as(context).isEqualTo(i + 1);
			}
			assertThat(events.get(0).get("type").asString()).isEqualTo("case.created");
			assertThat(events.get(events.size() - 1).get("step").asString()).as(context).isEqualTo(step);
			assertThat(events).as(context).noneMatch((e) -> e.get("actor").asString().equals(SlaWatch.SYSTEM.name()));

			legalState(c, context);
			replayAgrees(c, events, context);
			outboxAgrees(id, events, context);
			return step + " after " + events.size() + " events";
		}

		/** The step and the data it requires are consistent (read from the aggregate). */
		void legalState(JsonNode c, String context) {
			String step = c.get("step").asString();
			boolean closed = step.equals("CLOSED");
			assertThat(c.get("outcome").isNull()).as(context).isEqualTo(!closed);
			assertThat(c.get("closedAt").isNull()).as(context).isEqualTo(!closed);
			assertThat(c.at("/conversation/customerStatements").asInt()).as(context).isPositive();
			if (!List.of("LISTEN", "CLOSED").contains(step)) {
				assertThat(c.at("/conversation/acknowledgedAt").isNull()).as(context + ": acknowledged").isFalse();
			}
			if (List.of("OFFER", "RESPOND", "FOLLOW_UP").contains(step)) {
				assertThat(c.at("/details/confirmedAt").isNull()).as(context + ": details confirmed").isFalse();
				assertThat(c.at("/details/missing")).as(context).isEmpty();
			}
			List<String> statuses = new ArrayList<>();
			c.get("offers").forEach((offer) -> {
				String status = offer.get("status").asString();
				statuses.add(status);
				if (status.equals("PENDING_APPROVAL")) {
					assertThat(offer.get("requiresApproval").asBoolean()).as(context).isTrue();
				}
				if (offer.get("requiresApproval").asBoolean() && List.of("OPEN", "ACCEPTED").contains(status)) {
					assertThat(offer.get("approvedBy").isNull()).as(context + ": approved before open").isFalse();
				}
			});
			if (!step.equals("OFFER")) {
				assertThat(statuses).as(context + ": offers on the table outside OFFER")
					.doesNotContain("OPEN", "PENDING_APPROVAL");
			}
			if (List.of("RESPOND", "FOLLOW_UP").contains(step)) {
				assertThat(statuses).as(context + ": an accepted offer").contains("ACCEPTED");
			}
			if (step.equals("FOLLOW_UP")) {
				assertThat(c.get("responses")).as(context).isNotEmpty();
				assertThat(c.at("/followUp/dueAt").isNull()).as(context).isFalse();
			}
			if (c.at("/sla/paused").asBoolean()) {
				assertThat(step).as(context + ": paused without a running clock").isIn("LISTEN", "RESPOND");
				if (step.equals("LISTEN")) {
					assertThat(c.at("/conversation/acknowledgedAt").isNull()).as(context).isTrue();
				}
			}
			String outcome = c.get("outcome").isNull() ? null : c.get("outcome").asString();
			JsonNode followUps = c.get("followUps");
			if ("RESOLVED".equals(outcome)) {
				JsonNode last = followUps.get(followUps.size() - 1);
				assertThat(last.get("satisfaction").asInt()).as(context).isGreaterThanOrEqualTo(4);
			}
			if ("RESOLVED_UNCONFIRMED".equals(outcome)) {
				assertThat(followUps.get(followUps.size() - 1).get("reached").asBoolean()).as(context).isFalse();
			}
			assertThat(c.get("escalation").get("escalated").asBoolean()).isEqualTo(!c.at("/escalation/at").isNull());
		}

		/** Folding the timeline gives the stored case. */
		void replayAgrees(JsonNode c, List<JsonNode> events, String context) {
			String step = "LISTEN";
			String outcome = null;
			String assignee = null;
			boolean escalated = false;
			boolean acknowledged = false;
			boolean confirmed = false;
			boolean paused = false;
			int customerStatements = 0;
			int agentStatements = 0;
			int responses = 0;
			int followUps = 0;
			int reopenings = 0;
			JsonNode details = null;
			Map<String, String> offers = new LinkedHashMap<>();
			for (JsonNode event : events) {
				JsonNode data = event.get("data");
				switch (event.get("type").asString()) {
					case "case.statement_added" -> {
						if (data.get("from").asString().equals("CUSTOMER")) {
							customerStatements++;
						}
						else {
							agentStatements++;
						}
					}
					case "case.step_changed" -> {
						assertThat(data.get("from").asString()).as(context + " at " + event).isEqualTo(step);
						step = data.get("to").asString();
						paused = false;
					}
					case "case.acknowledged" -> acknowledged = true;
					case "case.details_saved" -> details = data;
					case "case.details_confirmed" -> confirmed = true;
					case "case.offer_made", "case.offer_approved", "case.offer_rejected" ->
						offers.put(data.get("offerId").asString(), data.get("status").asString());
					case "case.offer_accepted" -> {
						offers.replaceAll((offer, status) -> List.of("OPEN", "PENDING_APPROVAL").contains(status)
								? "WITHDRAWN" : status);
						offers.put(data.get("offerId").asString(), "ACCEPTED");
					}
					case "case.response_recorded" -> responses++;
					case "case.follow_up_recorded" -> followUps++;
					case "case.escalated" -> escalated = true;
					case "case.assigned" ->
						assignee = data.path("to").isMissingNode() ? null : data.get("to").asString();
					case "case.closed" -> {
						outcome = data.get("outcome").asString();
						offers.replaceAll((offer, status) -> List.of("OPEN", "PENDING_APPROVAL").contains(status)
								? "WITHDRAWN" : status);
					}
					case "case.reopened" -> {
						outcome = null;
						reopenings++;
					}
					case "case.sla_paused" -> paused = true;
					case "case.sla_resumed" -> paused = false;
					default -> {
						// created, notes, follow-up scheduling, repeat detection: no
						// state to
						// fold
					}
				}
			}
			assertThat(c.get("step").asString()).as(context).isEqualTo(step);
			assertThat(c.get("outcome").isNull() ? null : c.get("outcome").asString()).as(context).isEqualTo(outcome);
			assertThat(c.get("assignee").isNull() ? null : c.get("assignee").asString()).as(context)
				.isEqualTo(assignee);
			assertThat(c.at("/escalation/escalated").asBoolean()).as(context).isEqualTo(escalated);
			assertThat(!c.at("/conversation/acknowledgedAt").isNull()).as(context).isEqualTo(acknowledged);
			assertThat(!c.at("/details/confirmedAt").isNull()).as(context).isEqualTo(confirmed);
			assertThat(c.at("/sla/paused").asBoolean()).as(context).isEqualTo(paused);
			assertThat(c.at("/conversation/customerStatements").asInt()).as(context).isEqualTo(customerStatements);
			assertThat(c.at("/conversation/agentStatements").asInt()).as(context).isEqualTo(agentStatements);
			assertThat(c.get("responses")).as(context).hasSize(responses);
			assertThat(c.get("followUps")).as(context).hasSize(followUps);
			assertThat(c.get("reopenCount").asInt()).as(context).isEqualTo(reopenings);
			if (details != null) {
				for (String field : List.of("category", "product", "orderRef", "description")) {
					assertThat(c.at("/details/" + field).asString(null)).as(context + " detail " + field)
						.isEqualTo(details.path(field).asString(null));
				}
			}
			Map<String, String> stored = new LinkedHashMap<>();
			c.get("offers").forEach((offer) -> stored.put(offer.get("id").asString(), offer.get("status").asString()));
			assertThat(stored).as(context).isEqualTo(offers);
		}

		/**
		 * The outbox holds one message per timeline entry, of the same type and sequence,
		 * written in sequence order.
		 */
		void outboxAgrees(String id, List<JsonNode> events, String context) {
			List<Map<String, Object>> messages = ConcurrencyTests.this.jdbc.queryForList(
					"select type, sequence, created_at, body from webhook_messages where case_id = ?::uuid order by sequence",
					id);
			assertThat(messages).extracting((m) -> m.get("sequence"))
				.as(context)
				.containsExactlyElementsOf(events.stream().map((e) -> (Object) e.get("sequence").asInt()).toList());
			assertThat(messages).extracting((m) -> m.get("type"))
				.as(context)
				.containsExactlyElementsOf(events.stream().map((e) -> (Object) e.get("type").asString()).toList());
			for (int i = 1; i < messages.size(); i++) {
				Timestamp before = (Timestamp) messages.get(i - 1).get("created_at");
				Timestamp after = (Timestamp) messages.get(i).get("created_at");
				assertThat(after).as(context + ": message " + (i + 1) + " written before message " + i)
					.isAfterOrEqualTo(before);
			}
			for (int i = 0; i < messages.size(); i++) {
				JsonNode body = JSON.readTree((String) messages.get(i).get("body"));
				assertThat(body.at("/data/sequence").asInt()).isEqualTo(i + 1);
				assertThat(body.at("/data/step").asString()).isEqualTo(events.get(i).get("step").asString());
			}
		}

	}

	/**
	 * Every action a client can take, weighted so that cases move through the workflow.
	 */
	enum Action {

		STATEMENT(3, "addStatement"), ACKNOWLEDGE(3, "acknowledge"), DETAILS(3, "saveDetails"),
		CONFIRMATION(3, "confirmDetails"), OFFER(3, "makeOffer"), APPROVAL(2, "approveOffer"),
		ACCEPTANCE(3, "acceptOffer"), REJECTION(1, "rejectOffer"), RESPONSE(3, "recordResponse"),
		FOLLOW_UP(3, "recordFollowUp"), ESCALATION(1, "escalate"), ASSIGNMENT(1, "assign"), NOTE(1, "addNote"),
		CLOSURE(1, "close"), REOPENING(2, "reopen"), SLA_PAUSE(1, "pauseSla"), SLA_RESUME(1, "resumeSla");

		final int weight;

		/** The name the case's {@code nextActions} use. */
		final String apiName;

		Action(int weight, String apiName) {
			this.weight = weight;
			this.apiName = apiName;
		}

		/** Any action, by weight. */
		static Action pick(Random random) {
			return pick(random, List.of(values()));
		}

		static Action pick(Random random, List<Action> among) {
			int total = among.stream().mapToInt((a) -> a.weight).sum();
			int n = random.nextInt(total);
			for (Action action : among) {
				n -= action.weight;
				if (n < 0) {
					return action;
				}
			}
			throw new IllegalStateException();
		}

		/** The actions the case says are legal now, as the client last saw it. */
		static List<Action> suggested(JsonNode view) {
			List<String> names = new ArrayList<>();
			view.get("nextActions").forEach((name) -> names.add(name.asString()));
			return Stream.of(values()).filter((a) -> names.contains(a.apiName)).toList();
		}

	}

	record Request(String method, String path, String body) {
	}

	static final List<String> STATEMENTS = List.of("The parcel is late again.", "Thank you, that helps.",
			"This is the THIRD time I call!!! Unacceptable!", "I will post this on social media.",
			"My lawyer will hear about this.", "Okay, I can wait a little.");

	static final List<String> DETAILS = List.of(json("{'category': 'LATE_DELIVERY', 'orderRef': 'ORD-1'}"),
			json("{'category': 'DEFECTIVE_PRODUCT'}"), json("{'product': 'Kettle K2', 'purchaseDate': '2026-01-10'}"),
			json("{'category': 'BILLING', 'orderRef': 'ORD-2', 'description': 'charged twice'}"),
			json("{'description': 'it arrived broken'}"));

	static final List<String> OFFERS = List.of(json("{'type': 'VOUCHER', 'amount': 20, 'currency': 'EUR'}"),
			json("{'type': 'REFUND', 'amount': 250, 'currency': 'EUR'}"), json("{'type': 'REPLACEMENT'}"),
			json("{'type': 'GOODWILL', 'description': 'a handwritten apology'}"));

	// ---- helpers

	private Response open(String name, String severity) {
		Response opened = this.agent.post("/api/v1/cases", json(
				"{'customerId': '%s', 'channel': 'WEB', 'subject': 'Subject %s', 'statement': 'It is late', 'severity': '%s'}",
				customer(), name, severity));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened;
	}

	private String customer() {
		Response created = this.admin.post("/api/v1/customers",
				json("{'displayName': 'Customer %s', 'language': 'en'}", UUID.randomUUID()));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.field("id");
	}

	private static String path(Response opened, String suffix) {
		return "/api/v1/cases/" + opened.field("id") + suffix;
	}

	private static long version(Response answer) {
		return answer.json().get("version").asLong();
	}

	/** The whole timeline, page by page. */
	static List<JsonNode> timeline(ApiClient client, String caseId) {
		List<JsonNode> events = new ArrayList<>();
		String cursor = null;
		do {
			Response page = client
				.get("/api/v1/cases/" + caseId + "/timeline?limit=100" + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			page.json().get("items").forEach(events::add);
			cursor = page.field("nextCursor");
		}
		while (cursor != null);
		return events;
	}

	private static List<String> types(List<JsonNode> events) {
		return events.stream().map((e) -> e.get("sequence").asInt() + ":" + e.get("type").asString()).toList();
	}

	interface Call {

		Response run(int i) throws Exception;

	}

	/** Runs the calls at once, released together, and returns their answers in order. */
	private static List<Response> inParallel(int count, Call call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Callable<Response>> tasks = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int n = i;
				tasks.add(() -> {
					start.await();
					return call.run(n);
				});
			}
			List<Future<Response>> futures = new ArrayList<>();
			tasks.forEach((task) -> futures.add(pool.submit(task)));
			start.countDown();
			List<Response> answers = new ArrayList<>();
			for (Future<Response> answer : futures) {
				answers.add(answer.get(1, TimeUnit.MINUTES));
			}
			answers.forEach((a) -> assertThat(a.status()).as("no 5xx: " + a.body()).isLessThan(500));
			return answers;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
