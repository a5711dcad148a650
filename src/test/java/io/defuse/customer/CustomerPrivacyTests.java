package io.defuse.customer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.casework.CustomerExportService;
import io.defuse.shared.Actor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.Role;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Export, erasure and legal holds (GDPR), over HTTP against real PostgreSQL. Every test
 * seeds its own customer with unique random markers in every personal value, so a search
 * of the whole database for them cannot be disturbed by other tests' data.
 */
@IntegrationTest
@RecordApplicationEvents
class CustomerPrivacyTests {

	private static final String CUSTOMERS = "/api/v1/customers/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Random RANDOM = new Random();

	static HttpServer receiver;

	/** Every webhook body the receiver got, in arrival order. */
	static final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	CustomerPrivacyService privacy;

	@Autowired
	CustomerExportService exports;

	final List<String> endpoints = new ArrayList<>();

	/**
	 * A receiver that echoes every body in its answer, as some do: the delivery log then
	 * holds the payload too. {@code /ok…} answers 200, {@code /down…} 503.
	 */
	@BeforeAll
	static void startReceiver() throws IOException {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.setExecutor(Executors.newCachedThreadPool());
		receiver.createContext("/", CustomerPrivacyTests::echo);
		receiver.start();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop(0);
	}

	@AfterEach
	void removeEndpoints() {
		this.endpoints.forEach((id) -> this.admin.delete("/api/v1/webhook-endpoints/" + id));
	}

	// ---- export

	@Test
	void exportHoldsEverythingAboutTheCustomerAsAnAttachmentNeverCached() {
		Seeded seeded = seed();
		Response export = this.admin.get(CUSTOMERS + seeded.customerId + "/export");

		assertThat(export.status()).as(export.body()).isEqualTo(200);
		assertThat(export.contentType()).startsWith("application/json");
		assertThat(export.header("Cache-Control")).contains("no-store");
		assertThat(export.header("Content-Disposition"))
			.startsWith("attachment; filename=\"defuse-customer-" + seeded.customerId + "-")
			.endsWith(".json\"");
		JsonNode document = export.json();
		assertThat(document.get("format").asString()).isEqualTo("defuse.customer-export");
		assertThat(document.get("formatVersion").asInt()).isEqualTo(1);
		assertThat(document.get("exportedAt").asString()).endsWith("Z");

		JsonNode customer = document.get("customer");
		assertThat(customer.get("id").asString()).isEqualTo(seeded.customerId);
		assertThat(customer.get("displayName").asString()).isEqualTo(seeded.name);
		assertThat(customer.get("email").asString()).isEqualTo(seeded.email);
		assertThat(customer.get("phone").asString()).isEqualTo(seeded.phone);
		assertThat(customer.get("preferences").asString()).isEqualTo(seeded.preferences);

		JsonNode cases = document.get("cases");
		assertThat(cases).hasSize(2);
		JsonNode first = cases.get(0);
		assertThat(first.get("id").asString()).isEqualTo(seeded.caseId);
		assertThat(first.get("subject").asString()).isEqualTo(seeded.subject);
		assertThat(first.at("/details/orderRef").asString()).isEqualTo(seeded.orderRef);
		assertThat(first.at("/details/description").asString()).isEqualTo(seeded.description);
		assertThat(first.at("/details/attachments/0").asString()).isEqualTo(seeded.attachment);
		assertThat(first.at("/offers/0/description").asString()).isEqualTo(seeded.rejectedOffer);
		assertThat(first.at("/offers/0/rejectionReason").asString()).isEqualTo(seeded.rejection);
		assertThat(first.at("/offers/1/status").asString()).isEqualTo("ACCEPTED");
		assertThat(first.at("/responses/0/reference").asString()).isEqualTo(seeded.reference);
		assertThat(first.at("/responses/0/note").asString()).isEqualTo(seeded.responseNote);
		assertThat(first.at("/followUps/0/comment").asString()).isEqualTo(seeded.comment);
		assertThat(first.at("/followUps/0/satisfaction").asInt()).isEqualTo(5);
		assertThat(first.at("/notes/0/text").asString()).isEqualTo(seeded.note);
		assertThat(texts(first.get("statements"))).contains(seeded.shouted, seeded.said, seeded.acknowledgement);
		JsonNode shouted = first.at("/statements/0");
		assertThat(shouted.at("/analysis/signals").toString()).contains("SHOUTING", seeded.marker);
		List<String> types = new ArrayList<>();
		first.get("timeline").forEach((entry) -> types.add(entry.get("type").asString()));
		assertThat(types).startsWith("case.created", "case.statement_added")
			.contains("case.note_added", "case.offer_rejected", "case.follow_up_recorded")
			.endsWith("case.closed");
		assertThat(cases.get(1).get("subject").asString()).isEqualTo(seeded.secondSubject);
		assertThat(cases.get(1).at("/statements/0/text").asString()).isEqualTo(seeded.secondStatement);
	}

	@Test
	void exportOfACustomerWithManyCasesHasEveryCaseOldestFirst() {
		String customerId = createCustomer(json("{'displayName': 'Many %s'}", marker()));
		List<String> opened = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			opened.add(this.admin
				.post("/api/v1/cases",
						json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Case %d', 'statement': 'Late %d.'}",
								customerId, i, i))
				.field("id"));
		}
		JsonNode cases = this.admin.get(CUSTOMERS + customerId + "/export").json().get("cases");
		List<String> exported = new ArrayList<>();
		cases.forEach((c) -> exported.add(c.get("id").asString()));
		assertThat(exported).containsExactlyElementsOf(opened);
		assertThat(cases.get(29).at("/statements/0/text").asString()).isEqualTo("Late 29.");
	}

	@Test
	void exportOfAnUnknownCustomerIsNotFound() {
		problem(this.admin.get(CUSTOMERS + UUID.randomUUID() + "/export"), 404, "not-found");
	}

	// ---- who may

	@Test
	void onlyAdminsMayExportEraseOrHoldACustomer() {
		String customerId = createCustomer(json("{'displayName': 'Guarded %s', 'email': 'g@example.com'}", marker()));
		for (String role : List.of("AGENT", "SUPERVISOR", "INTEGRATION")) {
			ApiClient other = this.admin.withNewPrincipal(role);
			problem(other.get(CUSTOMERS + customerId + "/export"), 403, "forbidden");
			problem(other.post(CUSTOMERS + customerId + "/erasure", null), 403, "forbidden");
			problem(other.put(CUSTOMERS + customerId + "/legal-hold", json("{'reason': 'Matter 7'}")), 403,
					"forbidden");
			problem(other.delete(CUSTOMERS + customerId + "/legal-hold"), 403, "forbidden");
		}
		JsonNode customer = this.admin.get(CUSTOMERS + customerId).json();
		assertThat(customer.get("email").asString()).isEqualTo("g@example.com");
		assertThat(customer.get("legalHold").isNull()).isTrue();
		assertThat(customer.get("erasedAt").isNull()).isTrue();
	}

	// ---- legal hold

	@Test
	void aLegalHoldBlocksErasureUntilItIsLifted() {
		String customerId = createCustomer(json("{'displayName': 'Held %s', 'email': 'held@example.com'}", marker()));
		Response held = this.admin.put(CUSTOMERS + customerId + "/legal-hold",
				json("{'reason': 'Court proceedings 4 C 118/2026'}"));
		assertThat(held.status()).as(held.body()).isEqualTo(200);
		assertThat(held.json().at("/legalHold/reason").asString()).isEqualTo("Court proceedings 4 C 118/2026");
		assertThat(held.json().at("/legalHold/by").asString()).isEqualTo("admin");
		assertThat(held.header("ETag")).isEqualTo("\"1\"");
		assertThat(this.admin.get(CUSTOMERS + customerId).json().at("/legalHold/since").asString()).isNotBlank();

		Response refused = this.admin.post(CUSTOMERS + customerId + "/erasure", null);
		problem(refused, 409, "legal-hold");
		assertThat(refused.json().at("/legalHold/reason").asString()).startsWith("Court proceedings");
		JsonNode kept = this.admin.get(CUSTOMERS + customerId).json();
		assertThat(kept.get("email").asString()).isEqualTo("held@example.com");
		assertThat(kept.get("erasedAt").isNull()).isTrue();

		Response lifted = this.admin.delete(CUSTOMERS + customerId + "/legal-hold");
		assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);
		assertThat(lifted.json().get("legalHold").isNull()).isTrue();
		Response erased = this.admin.post(CUSTOMERS + customerId + "/erasure", null);
		assertThat(erased.status()).as(erased.body()).isEqualTo(200);
		assertThat(erased.json().get("erasedAt").asString()).isNotBlank();
		assertThat(erased.json().get("email").isNull()).isTrue();
	}

	@Test
	void aLegalHoldNeedsAReasonAndHonoursIfMatch() {
		String customerId = createCustomer(json("{'displayName': 'Strict %s'}", marker()));
		problem(this.admin.put(CUSTOMERS + customerId + "/legal-hold", json("{'reason': '  '}")), 400,
				"validation-failed");
		problem(this.admin.put(CUSTOMERS + customerId + "/legal-hold", json("{'reason': 'x'}"), "If-Match", "\"7\""),
				412, "stale-version");
		problem(this.admin.put(CUSTOMERS + UUID.randomUUID() + "/legal-hold", json("{'reason': 'x'}")), 404,
				"not-found");
		assertThat(this.admin.get(CUSTOMERS + customerId).json().get("legalHold").isNull()).isTrue();
	}

	// ---- erasure

	@Test
	void erasureLeavesNoPersonalDataAnywhereInTheDatabase() {
		String ok = register("/ok-" + UUID.randomUUID());
		register("/down-" + UUID.randomUUID());
		Seeded seeded = seed();
		await().atMost(Duration.ofSeconds(20)).until(() -> countDeliveredEchoes(seeded.marker) > 0);
		assertThat(columnsContaining(seeded.marker)).as("the seeded data is where the search looks")
			.contains("customers.email", "cases.subject", "case_statements.text", "case_statements.analysis",
					"case_events.data", "webhook_messages.body", "webhook_attempts.response_excerpt",
					"idempotency_keys.response_body");

		Response erased = this.admin.post(CUSTOMERS + seeded.customerId + "/erasure", null, "Idempotency-Key",
				UUID.randomUUID().toString());

		assertThat(erased.status()).as(erased.body()).isEqualTo(200);
		JsonNode customer = erased.json();
		assertThat(customer.get("displayName").asString()).isEqualTo("Erased customer");
		for (String field : List.of("preferredName", "email", "phone", "externalRef", "preferences")) {
			assertThat(customer.get(field).isNull()).as(field).isTrue();
		}
		assertThat(customer.get("language").asString()).isEqualTo("de");
		assertThat(customer.get("erasedAt").asString()).isNotBlank();
		for (String value : seeded.personalValues()) {
			assertThat(columnsContaining(value)).as("columns still holding \"" + value + "\"").isEmpty();
		}
		// a retry of a request answered before the erasure replays the answer without
		// its body
		Response replay = this.admin.post("/api/v1/customers", seeded.createBody, "Idempotency-Key", seeded.createKey);
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.header("Location")).isEqualTo("/api/v1/customers/" + seeded.customerId);
		assertThat(replay.body()).isEmpty();
		// the CRM hears of it, ids only
		await().atMost(Duration.ofSeconds(20))
			.until(() -> received.stream()
				.anyMatch((body) -> body.contains("customer.erased") && body.contains(seeded.customerId)));
		assertThat(deliveriesOf(ok)).isPositive();
		for (String value : List.of(seeded.marker, seeded.email)) {
			assertThat(columnsContaining(value)).as("columns holding \"" + value + "\" after delivery").isEmpty();
		}
	}

	@Test
	void erasureKeepsTheStatistics() {
		Seeded seeded = seed();
		JsonNode before = this.admin.get("/api/v1/cases/" + seeded.caseId).json();
		this.admin.post(CUSTOMERS + seeded.customerId + "/erasure", null);

		Response after = this.admin.get("/api/v1/cases/" + seeded.caseId);
		JsonNode c = after.json();
		assertThat(c.get("subject").asString()).isEqualTo("[erased]");
		assertThat(c.at("/details/description").isNull()).isTrue();
		assertThat(c.at("/details/orderRef").isNull()).isTrue();
		assertThat(c.at("/details/attachments")).isEmpty();
		for (String kept : List.of("/channel", "/severity", "/step", "/outcome", "/details/category",
				"/details/product", "/details/purchaseDate", "/tension/current", "/tension/peak", "/tension/trajectory",
				"/offers/0/type", "/offers/0/amount", "/offers/0/currency", "/offers/1/status",
				"/followUps/0/satisfaction", "/followUps/0/reached", "/responses/0/action", "/createdAt",
				"/closedAt")) {
			assertThat(c.at(kept)).as(kept).isEqualTo(before.at(kept));
		}
		assertThat(c.at("/outcome").asString()).isEqualTo("RESOLVED");
		assertThat(c.at("/details/category").asString()).isEqualTo("DEFECTIVE_PRODUCT");
		assertThat(c.at("/followUps/0/satisfaction").asInt()).isEqualTo(5);
		assertThat(c.at("/followUps/0/comment").isNull()).isTrue();
		assertThat(c.at("/offers/0/description").isNull()).isTrue();
		assertThat(c.at("/offers/0/rejectionReason").isNull()).isTrue();
		assertThat(c.at("/responses/0/note").isNull()).isTrue();
		assertThat(c.get("version").asLong()).isGreaterThan(before.get("version").asLong());

		JsonNode statement = this.admin.get("/api/v1/cases/" + seeded.caseId + "/statements").json().at("/items/0");
		assertThat(statement.get("text").asString()).isEqualTo("[erased]");
		assertThat(statement.get("tensionLevel").asString()).isNotBlank();
		assertThat(statement.get("tensionScore").asInt()).isPositive();
		assertThat(statement.at("/analysis/level").asString()).isEqualTo(statement.get("tensionLevel").asString());
		assertThat(statement.at("/analysis/signals").toString()).contains("SHOUTING");
		statement.at("/analysis/signals").forEach((signal) -> {
			assertThat(signal.get("kind").asString()).isNotBlank();
			assertThat(signal.at("/evidence/text").isNull()).isTrue();
		});

		JsonNode timeline = this.admin.get("/api/v1/cases/" + seeded.caseId + "/timeline?limit=100").json();
		JsonNode timelineBefore = seeded.timeline;
		assertThat(timeline.get("items")).hasSize(timelineBefore.get("items").size());
		for (int i = 0; i < timelineBefore.get("items").size(); i++) {
			assertThat(timeline.at("/items/" + i + "/type")).isEqualTo(timelineBefore.at("/items/" + i + "/type"));
			assertThat(timeline.at("/items/" + i + "/occurredAt"))
				.isEqualTo(timelineBefore.at("/items/" + i + "/occurredAt"));
		}
		JsonNode followUp = entry(timeline, "case.follow_up_recorded");
		assertThat(followUp.at("/data/satisfaction").asInt()).isEqualTo(5);
		assertThat(followUp.at("/data/comment").isNull()).isTrue();
		JsonNode created = entry(timeline, "case.created");
		assertThat(created.at("/data/channel").asString()).isEqualTo("PHONE");
		assertThat(created.at("/data/subject").isNull()).isTrue();
		assertThat(entry(timeline, "case.statement_added").at("/data/tension/level").asString()).isNotBlank();

		JsonNode history = this.admin.get(CUSTOMERS + seeded.customerId + "/history").json();
		assertThat(history.at("/totals/cases").asInt()).isEqualTo(2);
		assertThat(history.at("/totals/resolved").asInt()).isEqualTo(1);
		assertThat(history.at("/totals/averageSatisfaction").asDouble()).isEqualTo(5.0);
		assertThat(history.at("/customer/displayName").asString()).isEqualTo("Erased customer");
	}

	@Test
	void erasureSendsCustomerErasedWithIdsOnly() {
		register("/ok-" + UUID.randomUUID());
		Seeded seeded = seed();
		this.admin.post(CUSTOMERS + seeded.customerId + "/erasure", null);

		List<String> bodies = this.jdbc.queryForList(
				"select body from webhook_messages where type = 'customer.erased' and strpos(body, ?) > 0",
				String.class, seeded.customerId);
		assertThat(bodies).hasSize(1);
		JsonNode body = JSON.readTree(bodies.get(0));
		assertThat(body.get("type").asString()).isEqualTo("customer.erased");
		assertThat(body.at("/data/customerId").asString()).isEqualTo(seeded.customerId);
		assertThat(body.at("/data/caseIds").toString()).contains(seeded.caseId, seeded.secondCaseId);
		assertThat(body.get("data").propertyNames()).containsExactly("customerId", "caseIds");
		assertThat(this.jdbc.queryForObject("""
				select count(*) from webhook_deliveries d join webhook_messages m on m.id = d.message_id
				where m.type = 'customer.erased' and strpos(m.body, ?) > 0""", Integer.class, seeded.customerId))
			.isEqualTo(1);
	}

	@Test
	void aSecondErasureAnswers200AndChangesNothing() {
		register("/ok-" + UUID.randomUUID());
		Seeded seeded = seed();
		Response first = this.admin.post(CUSTOMERS + seeded.customerId + "/erasure", null);
		assertThat(first.status()).isEqualTo(200);
		String caseVersion = this.admin.get("/api/v1/cases/" + seeded.caseId).header("ETag");

		Response second = this.admin.post(CUSTOMERS + seeded.customerId + "/erasure", null, "If-Match", "\"0\"");

		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json()).isEqualTo(first.json());
		assertThat(second.header("ETag")).isEqualTo(first.header("ETag"));
		assertThat(this.admin.get("/api/v1/cases/" + seeded.caseId).header("ETag")).isEqualTo(caseVersion);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from webhook_messages where type = 'customer.erased' and strpos(body, ?) > 0",
				Integer.class, seeded.customerId))
			.isEqualTo(1);
	}

	@Test
	void anErasedCustomerIsNeverChangedAgainAndGetsNoNewCases() {
		String customerId = createCustomer(
				json("{'displayName': 'Gone %s', 'externalRef': 'ext-%s'}", marker(), marker()));
		this.admin.post(CUSTOMERS + customerId + "/erasure", null);

		problem(this.admin.send("PATCH", CUSTOMERS + customerId, json("{'email': 'back@example.com'}"),
				"application/merge-patch+json"), 409, "customer-erased");
		problem(this.admin.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Again', 'statement': 'Hello.'}", customerId)),
				409, "customer-erased");
		problem(this.admin.put(CUSTOMERS + customerId + "/legal-hold", json("{'reason': 'Matter 9'}")), 409,
				"customer-erased");
		JsonNode customer = this.admin.get(CUSTOMERS + customerId).json();
		assertThat(customer.get("email").isNull()).isTrue();
		assertThat(customer.get("displayName").asString()).isEqualTo("Erased customer");
	}

	@Test
	void aCaseOpenedWhileItsCustomerIsBeingErasedWaitsForTheErasureAndIsRefused() throws Exception {
		String customerId = createCustomer(json("{'displayName': 'Erased meanwhile %s'}", marker()));

		Response opened = openedDuringErasure(customerId, json(
				"{'customerId': '%s', 'channel': 'WEB', 'subject': 'Meanwhile', 'statement': 'Hello.'}", customerId));

		problem(opened, 409, "customer-erased");
		assertThat(casesOf(customerId)).isZero();
	}

	@Test
	void aCaseWithItsCustomerInlineOpenedWhileTheCustomerIsBeingErasedWaitsAndGoesToANewCustomer() throws Exception {
		String ref = "CRM-" + marker();
		String customerId = createCustomer(json("{'displayName': 'Erased meanwhile', 'externalRef': '%s'}", ref));

		Response opened = openedDuringErasure(customerId,
				json("{'customer': {'externalRef': '%s', 'displayName': 'Erased meanwhile'}, 'channel': 'WEB', "
						+ "'subject': 'Meanwhile', 'statement': 'Hello.'}", ref));

		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		assertThat(opened.json().at("/customer/id").asString()).isNotEqualTo(customerId);
		assertThat(casesOf(customerId)).isZero();
	}

	/**
	 * Opens a case while another transaction holds the customer's row as an erasure does,
	 * checks that the open waits, then erases the customer as far as opening a case can
	 * tell (erased, the external reference cleared) and commits; the open's answer.
	 */
	private Response openedDuringErasure(String customerId, String newCase) throws Exception {
		CompletableFuture<Response> opening;
		try (Connection erasure = this.dataSource.getConnection()) {
			erasure.setAutoCommit(false);
			try (PreparedStatement lock = erasure
				.prepareStatement("select id from customers where id = ? for update")) {
				lock.setObject(1, UUID.fromString(customerId));
				lock.executeQuery().close();
			}
			opening = CompletableFuture.supplyAsync(() -> this.admin.post("/api/v1/cases", newCase));
			Thread.sleep(300);
			assertThat(opening).as("the case waits for the erasure's lock").isNotDone();
			try (PreparedStatement erase = erasure
				.prepareStatement("update customers set erased_at = now(), external_ref = null where id = ?")) {
				erase.setObject(1, UUID.fromString(customerId));
				erase.executeUpdate();
			}
			erasure.commit();
		}
		return opening.get(10, TimeUnit.SECONDS);
	}

	private long casesOf(String customerId) {
		return this.jdbc.queryForObject("select count(*) from cases where customer_id = ?", Long.class,
				UUID.fromString(customerId));
	}

	// ---- audit

	@Test
	void exportErasureAndHoldsArePublishedForTheAuditLogWithoutPersonalData(ApplicationEvents events) {
		String marker = marker();
		String customerId = createCustomer(json("{'displayName': 'Audited %s', 'email': '%s@example.com'}", marker,
				marker.toLowerCase(Locale.ROOT)));
		UUID id = UUID.fromString(customerId);
		Actor admin = new Actor(UUID.randomUUID(), "auditor-admin", Role.ADMIN);

		this.exports.start(id, admin);
		this.privacy.placeLegalHold(id, new LegalHoldRequest("Matter 12"), null, admin);
		this.privacy.placeLegalHold(id, new LegalHoldRequest("Matter 12"), null, admin);
		this.privacy.liftLegalHold(id, null, admin);
		this.privacy.erase(id, null, admin);
		this.privacy.erase(id, null, admin);

		List<AdminAction> actions = events.stream(AdminAction.class).toList();
		assertThat(actions).extracting(AdminAction::action)
			.containsExactly("customer.exported", "legal-hold.set", "legal-hold.lifted", "customer.erased");
		assertThat(actions).allSatisfy((action) -> {
			assertThat(action.actor()).isEqualTo(admin);
			assertThat(action.targetType()).isEqualTo("customer");
			assertThat(action.targetId()).isEqualTo(customerId);
			assertThat(action.details().toString()).doesNotContainIgnoringCase(marker).doesNotContain("Matter");
		});
	}

	// ---- seeding

	/** One customer with two cases and every kind of personal data, all marked. */
	private Seeded seed() {
		Seeded s = new Seeded(marker());
		s.createKey = UUID.randomUUID().toString();
		s.createBody = json(
				"{'displayName': '%s', 'preferredName': '%s', 'email': '%s', 'phone': '%s', 'language': 'de', "
						+ "'externalRef': '%s', 'preferences': '%s'}",
				s.name, s.preferredName, s.email, s.phone, s.externalRef, s.preferences);
		Response created = this.admin.post("/api/v1/customers", s.createBody, "Idempotency-Key", s.createKey);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		s.customerId = created.field("id");

		Response opened = this.admin.post("/api/v1/cases", json(
				"{'customerId': '%s', 'channel': 'PHONE', 'subject': '%s', 'severity': 'MEDIUM', 'statement': '%s'}",
				s.customerId, s.subject, s.shouted));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		s.caseId = opened.field("id");
		ok(this.admin.post(path(s, "/statements"), json("{'text': '%s', 'from': 'CUSTOMER'}", s.said),
				"Idempotency-Key", UUID.randomUUID().toString()));
		ok(this.admin.post(path(s, "/acknowledgement"), json("{'message': '%s'}", s.acknowledgement)));
		ok(this.admin.post(path(s, "/notes"), json("{'text': '%s'}", s.note)));
		ok(this.admin.put(path(s, "/details"),
				json("{'category': 'DEFECTIVE_PRODUCT', 'product': 'Kettle KX-200', 'orderRef': '%s', "
						+ "'purchaseDate': '2026-10-02', 'description': '%s', 'attachments': ['%s']}", s.orderRef,
						s.description, s.attachment)));
		ok(this.admin.post(path(s, "/details/confirmation"), null));
		String rejected = this.admin
			.post(path(s, "/offers"),
					json("{'type': 'VOUCHER', 'amount': 20, 'currency': 'EUR', 'description': '%s'}", s.rejectedOffer))
			.json()
			.at("/offers/0/id")
			.asString();
		ok(this.admin.post(path(s, "/offers/" + rejected + "/rejection"), json("{'reason': '%s'}", s.rejection)));
		String accepted = this.admin
			.post(path(s, "/offers"),
					json("{'type': 'REFUND', 'amount': 49.90, 'currency': 'EUR', 'description': '%s'}",
							s.acceptedOffer))
			.json()
			.at("/offers/1/id")
			.asString();
		ok(this.admin.post(path(s, "/offers/" + accepted + "/acceptance"), null));
		ok(this.admin.post(path(s, "/response"),
				json("{'action': 'REFUND_ISSUED', 'reference': '%s', 'note': '%s'}", s.reference, s.responseNote)));
		ok(this.admin.post(path(s, "/follow-ups"),
				json("{'reached': true, 'satisfaction': 5, 'comment': '%s'}", s.comment)));
		s.timeline = this.admin.get(path(s, "/timeline?limit=100")).json();

		Response second = this.admin.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'EMAIL', 'subject': '%s', 'severity': 'LOW', 'statement': '%s'}",
						s.customerId, s.secondSubject, s.secondStatement));
		assertThat(second.status()).as(second.body()).isEqualTo(201);
		s.secondCaseId = second.field("id");
		ok(this.admin.post("/api/v1/cases/" + s.secondCaseId + "/escalation", json("{'reason': '%s'}", s.escalation)));
		ok(this.admin.post("/api/v1/cases/" + s.secondCaseId + "/sla-pause", json("{'reason': '%s'}", s.pause)));
		return s;
	}

	/** Personal values, each carrying the marker (the phone its own digits). */
	static final class Seeded {

		final String marker;

		final String name;

		final String preferredName;

		final String email;

		final String phone;

		final String externalRef;

		final String preferences;

		final String subject;

		final String shouted;

		final String said;

		final String acknowledgement;

		final String note;

		final String orderRef;

		final String description;

		final String attachment;

		final String rejectedOffer;

		final String rejection;

		final String acceptedOffer;

		final String reference;

		final String responseNote;

		final String comment;

		final String secondSubject;

		final String secondStatement;

		final String escalation;

		final String pause;

		String customerId;

		String caseId;

		String secondCaseId;

		String createKey;

		String createBody;

		JsonNode timeline;

		Seeded(String m) {
			this.marker = m;
			String lower = m.toLowerCase(Locale.ROOT);
			this.name = "Erika " + m + " Musterfrau";
			this.preferredName = "Rika" + m;
			this.email = "erika." + lower + "@example.com";
			this.phone = "+49 " + digits(11);
			this.externalRef = "CRM-" + m;
			this.preferences = "Call " + m + " only after six";
			this.subject = "Kettle " + m + " stopped heating";
			this.shouted = "THIS KETTLE " + m + " IS ABSOLUTELY USELESS AND I AM FURIOUS!!!";
			this.said = "My neighbour " + m + " saw the kettle smoke.";
			this.acknowledgement = "I understand how annoying this is, " + m + ", and I am sorry.";
			this.note = "Called from the office of " + m;
			this.orderRef = "ORD-" + m;
			this.description = "Bought by " + m + " at the Berlin store";
			this.attachment = "https://files.example.com/" + lower + ".jpg";
			this.rejectedOffer = "Voucher for " + m;
			this.rejection = m + " wants money back";
			this.acceptedOffer = "Refund to " + m;
			this.reference = "RF-" + m;
			this.responseNote = "Paid to the account of " + m;
			this.comment = m + " thanked us";
			this.secondSubject = "Invoice " + m + " wrong";
			this.secondStatement = "My invoice for " + m + " is wrong.";
			this.escalation = "Supervisor should call " + m;
			this.pause = "Waiting for " + m + " to send photos";
		}

		List<String> personalValues() {
			return List.of(this.marker, this.name, this.preferredName, this.email, this.phone, this.phone.substring(4),
					this.externalRef, this.preferences, this.subject, this.shouted, this.said, this.acknowledgement,
					this.note, this.orderRef, this.description, this.attachment, this.rejectedOffer, this.rejection,
					this.acceptedOffer, this.reference, this.responseNote, this.comment, this.secondSubject,
					this.secondStatement, this.escalation, this.pause);
		}

	}

	// ---- the database search

	/**
	 * Every {@code table.column} of the schema whose value contains {@code value}
	 * (ignoring case): all text, varchar, json, jsonb, text and varchar arrays, and bytea
	 * (stored answers, job data).
	 */
	private List<String> columnsContaining(String value) {
		List<Map<String, Object>> columns = this.jdbc.queryForList("""
				select c.table_name, c.column_name, c.data_type, c.udt_name
				from information_schema.columns c
				join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
				where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
				  and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
				       or c.udt_name in ('_text', '_varchar', '_bpchar', '_json', '_jsonb'))
				order by c.table_name, c.column_name""");
		assertThat(columns).extracting((column) -> column.get("table_name") + "." + column.get("column_name"))
			.contains("customers.display_name", "case_statements.analysis", "case_events.data", "cases.attachments",
					"webhook_messages.body", "idempotency_keys.response_body", "scheduled_tasks.task_data");
		List<String> found = new ArrayList<>();
		for (Map<String, Object> column : columns) {
			String name = "\"" + column.get("column_name") + "\"";
			String text = "bytea".equals(column.get("data_type")) ? "encode(" + name + ", 'escape')" : name + "::text";
			Integer hits = this.jdbc.queryForObject("select count(*) from \"" + column.get("table_name")
					+ "\" where strpos(lower(" + text + "), lower(?)) > 0", Integer.class, value);
			if (hits != null && hits > 0) {
				found.add(column.get("table_name") + "." + column.get("column_name"));
			}
		}
		return found;
	}

	// ---- helpers

	private String register(String path) {
		Response endpoint = this.admin.post("/api/v1/webhook-endpoints",
				json("{'url': 'http://127.0.0.1:%d%s', 'description': 'privacy test'}", receiver.getAddress().getPort(),
						path));
		assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
		String id = endpoint.json().at("/endpoint/id").asString();
		this.endpoints.add(id);
		return id;
	}

	private int countDeliveredEchoes(String marker) {
		return this.jdbc.queryForObject("""
				select count(*) from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id
				where a.status_code = 200 and strpos(lower(a.response_excerpt), lower(?)) > 0""", Integer.class,
				marker);
	}

	private int deliveriesOf(String endpoint) {
		return this.jdbc.queryForObject(
				"select count(*) from webhook_deliveries where endpoint_id = ?::uuid and status = 'SUCCEEDED'",
				Integer.class, endpoint);
	}

	private String createCustomer(String body) {
		Response created = this.admin.post("/api/v1/customers", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.field("id");
	}

	private static String path(Seeded s, String suffix) {
		return "/api/v1/cases/" + s.caseId + suffix;
	}

	private static void ok(Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 201);
	}

	private static JsonNode entry(JsonNode timeline, String type) {
		for (JsonNode entry : timeline.get("items")) {
			if (entry.get("type").asString().equals(type)) {
				return entry;
			}
		}
		throw new AssertionError("no " + type + " in " + timeline);
	}

	private static List<String> texts(JsonNode statements) {
		List<String> texts = new ArrayList<>();
		statements.forEach((s) -> texts.add(s.get("text").asString()));
		return texts;
	}

	/** Twelve random capitals: in no other test's data, and a word the analyzer reads. */
	private static String marker() {
		StringBuilder marker = new StringBuilder("QX");
		for (int i = 0; i < 10; i++) {
			marker.append((char) ('A' + RANDOM.nextInt(26)));
		}
		return marker.toString();
	}

	private static String digits(int count) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < count; i++) {
			digits.append((char) ('0' + RANDOM.nextInt(10)));
		}
		return digits.toString();
	}

	private static void echo(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		received.add(new String(body, StandardCharsets.UTF_8));
		int status = exchange.getRequestURI().getPath().startsWith("/ok") ? 200 : 503;
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		exchange.close();
	}

}
