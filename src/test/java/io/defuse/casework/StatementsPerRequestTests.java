package io.defuse.casework;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.StatementLog;
import io.defuse.StatementLog.Recorded;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements the hot requests send, one entry per round trip. The load benchmark
 * measures what they cost; these tests keep a read that was taken off a hot path from
 * coming back unnoticed. The outbox's statements depend on the webhook endpoints other
 * tests left subscribed: they are left out of the exact lists, and their shape (one
 * statement, no read of the endpoints) is checked on its own (EnabledEndpointsTests).
 */
@IntegrationTest
class StatementsPerRequestTests {

	private static final String[] OUTBOX = { "webhook_endpoints", "webhook_messages", "webhook_deliveries",
			"scheduled_tasks" };

	@Autowired
	ApiClient admin;

	@Autowired
	StatementLog log;

	ApiClient agent;

	String caseId;

	String customerId;

	@BeforeEach
	void caseInListen() {
		this.agent = this.admin.withNewPrincipal("AGENT");
		this.customerId = this.admin
			.post("/api/v1/customers", json("{'displayName': 'Customer %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		this.caseId = open().field("id");
	}

	@Test
	void openingACaseReadsItsCustomerOnceAndWritesItsRowsInOneStatement() {
		Recorded<Response> opening = this.log.during(this::open);

		// the customer's summary, whether the agent's team may see it, a share lock
		// against its erasure and its sharing with the case's team in one statement
		// (logged by what it writes); the team was looked up by the case opened before
		// (teams are never deleted); the case, its first statement and its timeline in
		// one statement, not looked for first (BENCHMARKS changes 41, 42 and 44)
		assertThat(opening.besides(OUTBOX)).containsExactly("insert customer_teams",
				"insert case_statements + insert case_events + insert cases");
	}

	@Test
	void openingACaseForACustomerGivenInlineAsOnRecordReadsAndSharesThemInOneStatement() {
		String ref = "CRM-" + UUID.randomUUID();
		String customer = openInline(ref, "Inline Customer").json().at("/customer/id").asString();

		Recorded<Response> again = this.log.during(() -> openInline(ref, "Inline Customer"));

		// the customer found by the reference with nothing to change, share-locked and
		// shared with the team in one statement, as for a customer given by id
		assertThat(again.besides(OUTBOX)).containsExactly("insert customer_teams",
				"insert case_statements + insert case_events + insert cases");
		assertThat(again.result().json().at("/customer/id").asString()).isEqualTo(customer);
	}

	@Test
	void openingACaseForACustomerGivenInlineWithNewDetailsUpdatesThemUnderALock() {
		String ref = "CRM-" + UUID.randomUUID();
		String customer = openInline(ref, "Inline Customer").json().at("/customer/id").asString();

		Recorded<Response> renamed = this.log.during(() -> openInline(ref, "Renamed Customer"));

		assertThat(renamed.besides(OUTBOX)).containsExactly("insert customer_teams", "select customers",
				"select customer_summaries", "update customers", "insert customer_teams",
				"insert case_statements + insert case_events + insert cases");
		assertThat(renamed.result().json().at("/customer/id").asString()).isEqualTo(customer);
		assertThat(renamed.result().json().at("/customer/displayName").asString()).isEqualTo("Renamed Customer");
	}

	@Test
	void guidanceReadsItsTextsAtMostOnceEveryFewSecondsAndTheCustomersHistoryOnce() {
		String guidance = "/api/v1/cases/" + this.caseId + "/guidance";
		assertThat(this.agent.get(guidance).status()).isEqualTo(200);

		Recorded<Response> again = this.log.during(() -> this.agent.get(guidance));

		assertThat(again.result().status()).isEqualTo(200);
		assertThat(again.result().json().get("actions")).isNotEmpty();
		// the texts of every step and language are kept for 5 s (GuidanceService); the
		// case
		// with its customer, then the customer's earlier cases and what they accepted
		// before in one statement (BENCHMARKS changes 46 and 48)
		assertThat(again.statements()).containsExactly("select cases", "select earlier");
	}

	@Test
	void anAcknowledgementLocksTheCaseWithItsCustomerOnceAndWritesItsRowsWithoutReadingTheCaseAgain() {
		Recorded<Response> step = this.log
			.during(() -> this.agent.post("/api/v1/cases/" + this.caseId + "/acknowledgement",
					json("{'message': 'I am so sorry about this.'}")));

		assertThat(step.result().status()).as(step.result().body()).isEqualTo(200);
		// the agent's key authenticated a moment ago (opening the case): not read again
		// the agent's statement and the timeline's rows go with the case's row
		// the customer's summary comes with the case (BENCHMARKS change 37)
		assertThat(step.besides(OUTBOX)).containsExactly("select cases",
				"insert case_statements + insert case_events + insert case_step_stays + update cases");
	}

	@Test
	void aCaseBeforeItsOffersIsAnsweredWithoutReadingOffersResponsesOrFollowUps() {
		Recorded<Response> read = this.log.during(() -> this.agent.get("/api/v1/cases/" + this.caseId));

		assertThat(read.result().status()).isEqualTo(200);
		assertThat(read.statements()).containsExactly("select cases");
		assertThat(read.result().json().get("customer").get("displayName").asString()).startsWith("Customer ");
	}

	@Test
	void confirmingTheDetailsAnswersWithoutReadingTheOffersTheCaseCannotHaveYet() {
		String path = detailsGiven();

		Recorded<Response> confirmed = this.log.during(() -> this.agent.post(path + "/details/confirmation", null));

		assertThat(confirmed.result().field("step")).isEqualTo("OFFER");
		assertThat(confirmed.result().json().get("offers")).isEmpty();
		assertThat(confirmed.statements()).isNotEmpty().noneMatch((statement) -> statement.contains("case_offers"));
	}

	@Test
	void aCaseWithOffersButNoResponseYetIsAnsweredWithoutReadingResponsesOrFollowUps() {
		String path = detailsGiven();
		assertThat(this.agent.post(path + "/details/confirmation", null).field("step")).isEqualTo("OFFER");
		this.agent.post(path + "/offers", json("{'type': 'VOUCHER', 'amount': 10, 'currency': 'EUR'}"));

		Recorded<Response> read = this.log.during(() -> this.agent.get(path));

		assertThat(read.result().status()).isEqualTo(200);
		assertThat(read.statements()).containsExactly("select cases", "select case_offers");
		assertThat(read.result().json().get("offers")).hasSize(1);
		assertThat(read.result().json().get("responses")).isEmpty();
	}

	/** The case acknowledged and its details given, not yet confirmed; its path. */
	private String detailsGiven() {
		String path = "/api/v1/cases/" + this.caseId;
		this.agent.post(path + "/acknowledgement", json("{'message': 'I am so sorry about this.'}"));
		this.agent.put(path + "/details",
				json("{'category': 'DEFECTIVE_PRODUCT', 'product': 'Kettle KX-200', 'purchaseDate': '2026-10-02'}"));
		return path;
	}

	private Response openInline(String ref, String name) {
		Response opened = this.agent.post("/api/v1/cases",
				json("{'customer': {'externalRef': '%s', 'displayName': '%s'}, 'channel': 'WEB', 'subject': 'Kettle', "
						+ "'statement': 'It broke again'}", ref, name));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened;
	}

	private Response open() {
		Response opened = this.agent.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Kettle', 'statement': 'It broke again'}",
						this.customerId));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened;
	}

}
