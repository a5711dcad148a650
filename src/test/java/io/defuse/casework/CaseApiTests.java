package io.defuse.casework;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.InPlaceUpdates;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class CaseApiTests {

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient agent;

	@BeforeEach
	void agent() {
		this.agent = this.admin.withNewPrincipal("AGENT");
	}

	@Test
	void staleIfMatchIs412AndWritesNothing() {
		Response opened = open("stale");
		String etag = opened.header("ETag");
		Response noted = this.agent.post(path(opened, "/notes"), json("{'text': 'first'}"), "If-Match", etag);
		assertThat(noted.status()).isEqualTo(200);
		int events = timelineSize(opened);

		Response stale = this.agent.post(path(opened, "/notes"), json("{'text': 'second'}"), "If-Match", etag);
		problem(stale, 412, "stale-version");
		assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(noted.json().get("version").asLong());
		assertThat(timelineSize(opened)).isEqualTo(events);
	}

	@Test
	void ifMatchThatIsNoVersionOfOursIs412() {
		Response opened = open("garbage-etag");
		problem(this.agent.post(path(opened, "/notes"), json("{'text': 'x'}"), "If-Match", "\"abc\""), 412,
				"stale-version");
	}

	@Test
	void sameIdempotencyKeyOpensOneCaseAndReplaysTheAnswer() {
		String key = UUID.randomUUID().toString();
		String body = newCaseBody("idempotent");
		Response first = this.agent.post("/api/v1/cases", body, "Idempotency-Key", key);
		Response again = this.agent.post("/api/v1/cases", body, "Idempotency-Key", key);
		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(again.field("id")).isEqualTo(first.field("id"));
		assertThat(again.header("Location")).isEqualTo(first.header("Location"));
		assertThat(this.jdbc.queryForObject("select count(*) from cases where subject = ?", Integer.class,
				"Subject idempotent"))
			.isEqualTo(1);

		problem(this.agent.post("/api/v1/cases", newCaseBody("other body"), "Idempotency-Key", key), 422,
				"idempotency-key-reused");
		// keys are per principal: another agent's identical key is a different request
		ApiClient other = this.admin.withNewPrincipal("AGENT");
		assertThat(other.post("/api/v1/cases", body, "Idempotency-Key", key).field("id"))
			.isNotEqualTo(first.field("id"));
	}

	@Test
	void idempotentOfferIsMadeOnce() {
		Response opened = inOffer("offer-once");
		String key = UUID.randomUUID().toString();
		String body = json("{'type': 'VOUCHER', 'amount': 20, 'currency': 'EUR'}");
		Response first = this.agent.post(path(opened, "/offers"), body, "Idempotency-Key", key);
		Response again = this.agent.post(path(opened, "/offers"), body, "Idempotency-Key", key);
		assertThat(first.status()).isEqualTo(201);
		assertThat(again.header("Location")).isEqualTo(first.header("Location"));
		assertThat(this.agent.get(path(opened, "")).json().get("offers")).hasSize(1);
		assertThat(this.agent.get(first.header("Location")).field("type")).isEqualTo("VOUCHER");
	}

	@Test
	void refusedActionInTheWrongStepNamesStepActionAndMissing() {
		Response opened = open("wrong-step");
		Response refused = this.agent.post(path(opened, "/response"), json("{'action': 'REFUND_ISSUED'}"));
		problem(refused, 409, "workflow-refused");
		assertThat(refused.field("step")).isEqualTo("LISTEN");
		assertThat(refused.field("action")).isEqualTo("recordResponse");
		assertThat(refused.json().get("missing").get(0).asString()).contains("RESPOND");
	}

	@Test
	void invalidInputsAre400WithFieldErrors() {
		Response opened = inOffer("invalid");
		problem(this.agent.post(path(opened, "/offers"), json("{'type': 'REFUND', 'amount': -5, 'currency': 'EUR'}")),
				400, "validation-failed");
		Response badCurrency = this.agent.post(path(opened, "/offers"),
				json("{'type': 'REFUND', 'amount': 5, 'currency': 'XYZ1'}"));
		problem(badCurrency, 400, "validation-failed");
		assertThat(badCurrency.fieldErrors()).containsExactly("currency");
		Response badType = this.agent.post(path(opened, "/offers"), json("{'type': 'CASH', 'amount': 5}"));
		assertThat(badType.fieldErrors()).containsExactly("type");
		Response longText = this.agent.post(path(opened, "/statements"),
				json("{'text': '%s', 'from': 'CUSTOMER'}", "x".repeat(10_001)));
		assertThat(longText.fieldErrors()).containsExactly("text");
		Response badSubject = this.agent.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'FAX', 'subject': 'x', 'statement': 'y'}", customer()));
		assertThat(badSubject.fieldErrors()).containsExactly("channel");
		problem(this.agent.get("/api/v1/cases/not-a-uuid"), 400, "validation-failed");
		problem(this.agent.get("/api/v1/cases?step=SOMEWHERE"), 400, "validation-failed");
	}

	@Test
	void inlineCustomerIsCreatedOnceByItsExternalRefAndItsErrorsNamedWithinTheCase() {
		String ref = "CRM-" + UUID.randomUUID();
		String body = json("{'channel': 'CHAT', 'subject': 'Late parcel', 'statement': 'Where is it?', "
				+ "'customer': {'externalRef': '%s', 'displayName': 'Max Muster', 'language': 'de'}}", ref);
		Response first = this.agent.post("/api/v1/cases", body);
		Response second = this.agent.post("/api/v1/cases", body);
		assertThat(first.status()).isEqualTo(201);
		assertThat(second.json().at("/customer/id").asString()).isEqualTo(first.json().at("/customer/id").asString());
		assertThat(first.json().at("/customer/language").asString()).isEqualTo("de");

		Response nameless = this.agent.post("/api/v1/cases",
				json("{'channel': 'CHAT', 'subject': 'x', 'statement': 'y', 'customer': {'externalRef': 'CRM-%s'}}",
						UUID.randomUUID()));
		problem(nameless, 400, "validation-failed");
		assertThat(nameless.fieldErrors()).containsExactly("customer.displayName");
	}

	@Test
	void unknownCaseIs404AndUnknownCustomerIs422() {
		problem(this.agent.get("/api/v1/cases/" + UUID.randomUUID()), 404, "not-found");
		problem(this.agent.post("/api/v1/cases/" + UUID.randomUUID() + "/notes", json("{'text': 'x'}")), 404,
				"not-found");
		problem(this.agent.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'x', 'statement': 'y'}", UUID.randomUUID())),
				422, "unknown-customer");
	}

	@Test
	void onlySupervisorsCloseAndReopen() {
		Response opened = open("closing");
		problem(this.agent.post(path(opened, "/closure"), json("{'outcome': 'WITHDRAWN', 'reason': 'gone'}")), 403,
				"forbidden");
		ApiClient supervisor = this.admin.withNewPrincipal("SUPERVISOR");
		Response closed = supervisor.post(path(opened, "/closure"), json("{'outcome': 'WITHDRAWN', 'reason': 'gone'}"));
		assertThat(closed.field("step")).isEqualTo("CLOSED");
		Response reopened = supervisor.post(path(opened, "/reopening"), json("{'reason': 'came back'}"));
		assertThat(reopened.field("step")).isEqualTo("LISTEN");
		assertThat(reopened.json().get("reopenCount").asInt()).isEqualTo(1);
	}

	@Test
	void listFiltersAndPagesNewestFirst() {
		String marker = "list-" + UUID.randomUUID().toString().substring(0, 8);
		String customer = customer();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(0, this.agent.post("/api/v1/cases", json(
					"{'customerId': '%s', 'channel': 'EMAIL', 'subject': '%s %d', 'statement': 's', 'severity': 'LOW'}",
					customer, marker, i))
				.field("id"));
		}
		this.agent.post("/api/v1/cases/" + ids.get(0) + "/escalation", json("{'reason': 'loud'}"));

		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			Response page = this.agent
				.get("/api/v1/cases?q=" + marker + "&limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""));
			page.json().get("items").forEach((item) -> seen.add(item.get("id").asString()));
			cursor = page.field("nextCursor");
		}
		while (cursor != null);
		assertThat(seen).containsExactlyElementsOf(ids);

		assertThat(ids(this.agent.get("/api/v1/cases?customer=" + customer + "&escalated=true")))
			.containsExactly(ids.get(0));
		assertThat(ids(this.agent.get("/api/v1/cases?customer=" + customer + "&step=LISTEN&severity=LOW"))).hasSize(5);
		assertThat(ids(this.agent.get("/api/v1/cases?customer=" + customer + "&step=GATHER"))).isEmpty();
		Response first = this.agent.get("/api/v1/cases/" + ids.get(0));
		assertThat(ids(this.agent.get("/api/v1/cases?q=" + first.json().get("number").asLong()))).contains(ids.get(0));
		JsonNode item = this.agent.get("/api/v1/cases?customer=" + customer + "&limit=1").json().at("/items/0");
		assertThat(item.at("/customer/displayName").asString()).isNotBlank();
	}

	@Test
	void timelineCannotBeChangedThroughTheApi() {
		Response opened = open("immutable");
		String timeline = path(opened, "/timeline");
		assertThat(this.agent.send("DELETE", timeline, null, null).status()).isEqualTo(405);
		assertThat(this.agent.put(timeline, "{}").status()).isEqualTo(405);
		assertThat(this.agent.post(timeline, "{}").status()).isEqualTo(405);
	}

	@Test
	void timelineRecordsTheActorOfEveryChange() {
		Response opened = open("actors");
		ApiClient supervisor = this.admin.withNewPrincipal("SUPERVISOR");
		supervisor.post(path(opened, "/assignment"), json("{'assignee': 'alice'}"));
		JsonNode items = this.agent.get(path(opened, "/timeline")).json().get("items");
		Set<String> roles = new HashSet<>();
		items.forEach((item) -> roles.add(item.get("actorRole").asString()));
		assertThat(roles).containsExactlyInAnyOrder("AGENT", "SUPERVISOR");
		JsonNode assigned = items.get(items.size() - 1);
		assertThat(assigned.get("type").asString()).isEqualTo("case.assigned");
		assertThat(assigned.at("/data/to").asString()).isEqualTo("alice");
	}

	@Test
	void aStatementOrANoteUpdatesItsCaseInPlaceWithoutNewIndexEntries() {
		InPlaceUpdates.assertPossible(this.jdbc, "cases", 85, "tension_\\w+", "customer_statements", "agent_statements",
				"event_seq", "updated_at", "version");
		Response opened = open("in-place");
		long before = InPlaceUpdates.counted(this.jdbc, "cases");
		assertThat(this.agent
			.post(path(opened, "/statements"),
					json("{'text': 'The order number is on the receipt.', 'from': 'CUSTOMER'}"))
			.status()).isEqualTo(201);
		assertThat(this.agent.post(path(opened, "/notes"), json("{'text': 'called back'}")).status()).isEqualTo(200);
		// the statistics arrive when the request's session next reports them
		await().atMost(Duration.ofSeconds(30)).until(() -> InPlaceUpdates.counted(this.jdbc, "cases") >= before + 2);
	}

	// ---- helpers

	private Response open(String name) {
		Response opened = this.agent.post("/api/v1/cases", newCaseBody(name));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened;
	}

	private Response inOffer(String name) {
		Response opened = open(name);
		this.agent.post(path(opened, "/acknowledgement"), json("{'message': 'I am sorry about this.'}"));
		this.agent.put(path(opened, "/details"), json("{'category': 'LATE_DELIVERY', 'orderRef': 'ORD-7'}"));
		Response confirmed = this.agent.post(path(opened, "/details/confirmation"), null);
		assertThat(confirmed.field("step")).as(confirmed.body()).isEqualTo("OFFER");
		return confirmed;
	}

	private String newCaseBody(String name) {
		return json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Subject %s', 'statement': 'It is late'}",
				customer(), name);
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

	private int timelineSize(Response opened) {
		return this.agent.get(path(opened, "/timeline?limit=100")).json().get("items").size();
	}

	private static List<String> ids(Response page) {
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		page.json().get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

}
