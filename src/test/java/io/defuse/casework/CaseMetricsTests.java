package io.defuse.casework;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.shared.Actor;
import io.defuse.shared.Role;
import io.defuse.shared.Severity;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The case metrics move with committed changes only: cases opened and closed, the time
 * spent in each step, the tension of what customers say, escalations by kind, SLA
 * breaches; and no id or free text ever becomes a tag.
 */
@IntegrationTest
class CaseMetricsTests {

	@Autowired
	ApiClient admin;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CaseService cases;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	SlaWatch watch;

	@Test
	void aCaseWalkedToAResolvedClosureIsCountedAtEveryStep() {
		double opened = count(CaseMetrics.OPENED, "channel", "CHAT", "severity", "LOW");
		double resolved = count(CaseMetrics.CLOSED, "channel", "CHAT", "outcome", "RESOLVED");
		long listened = transitions("LISTEN", "GATHER");
		long followedUp = transitions("FOLLOW_UP", "CLOSED");

		String path = "/api/v1/cases/" + open("CHAT", "LOW", "Hello, my order has not arrived yet.");
		assertThat(count(CaseMetrics.OPENED, "channel", "CHAT", "severity", "LOW")).isEqualTo(opened + 1);
		walkToFollowUp(path);
		ok(this.admin.post(path + "/follow-ups", json("{'reached': true, 'satisfaction': 5}")));

		assertThat(count(CaseMetrics.CLOSED, "channel", "CHAT", "outcome", "RESOLVED")).isEqualTo(resolved + 1);
		assertThat(transitions("LISTEN", "GATHER")).isEqualTo(listened + 1);
		assertThat(transitions("FOLLOW_UP", "CLOSED")).isEqualTo(followedUp + 1);
		for (String[] step : new String[][] { { "GATHER", "OFFER" }, { "OFFER", "RESPOND" },
				{ "RESPOND", "FOLLOW_UP" } }) {
			assertThat(transitions(step[0], step[1])).as(String.join("→", step)).isPositive();
		}
	}

	@Test
	void theStepDurationIsTheTimeSpentInTheStepLeft() {
		String id = open("WEB", "LOW", "Hello, my order has not arrived yet.");
		// the case entered LISTEN 40 minutes ago
		this.jdbc.update(
				"update cases set step_entered_at = step_entered_at - interval '40 minutes' where id = ?::uuid", id);
		Timer timer = this.meters.timer(CaseMetrics.STEP_DURATION, "from", "LISTEN", "to", "GATHER");
		long before = timer.count();
		double totalBefore = timer.totalTime(TimeUnit.SECONDS);

		acknowledge("/api/v1/cases/" + id);

		assertThat(timer.count()).isEqualTo(before + 1);
		assertThat(timer.totalTime(TimeUnit.SECONDS) - totalBefore).isBetween(40 * 60.0, 45 * 60.0);
	}

	@Test
	void customerStatementsAreCountedByTensionLevelAndThreatsByType() {
		double calm = count(CaseMetrics.CUSTOMER_STATEMENTS, "level", "CALM", "language", "de");
		double churn = count(CaseMetrics.THREATS, "type", "CHURN");
		String path = "/api/v1/cases/"
				+ open("EMAIL", "LOW", "Guten Tag, meine Bestellung ist noch nicht angekommen. Können Sie nachsehen?");
		ok(this.admin.post(path + "/statements", json(
				"{'text': 'I will never shop here again, I am taking my business elsewhere.', 'from': 'CUSTOMER'}")));
		ok(this.admin.post(path + "/statements", json("{'text': 'We are looking into it.', 'from': 'AGENT'}")));

		assertThat(count(CaseMetrics.CUSTOMER_STATEMENTS, "level", "CALM", "language", "de")).isEqualTo(calm + 1);
		assertThat(count(CaseMetrics.THREATS, "type", "CHURN")).isEqualTo(churn + 1);
	}

	@Test
	void escalationsAreCountedByKindAndTheirReasonsNeverBecomeTags() {
		String reason = "Customer " + UUID.randomUUID() + " asked for the manager";
		double manual = escalations("MANUAL");
		double legal = escalations("LEGAL_THREAT");
		double risk = escalations("HIGH_RISK");
		double unsatisfied = escalations("NOT_SATISFIED_AT_FOLLOW_UP");

		String calm = "/api/v1/cases/" + open("PHONE", "LOW", "Hello, my order has not arrived yet.");
		ok(this.admin.post(calm + "/escalation", json("{'reason': '%s'}", reason)));
		open("PHONE", "MEDIUM", "I have been waiting three weeks. If this is not fixed I will call my lawyer.");
		// the test profile escalates a CRITICAL case at a risk of 35
		open("PHONE", "CRITICAL", "I am really angry about this, it is the second time.");
		String followedUp = "/api/v1/cases/" + open("PHONE", "LOW", "Hello, my order has not arrived yet.");
		walkToFollowUp(followedUp);
		ok(this.admin.post(followedUp + "/follow-ups", json("{'reached': true, 'satisfaction': 2}")));

		assertThat(escalations("MANUAL")).isEqualTo(manual + 1);
		assertThat(escalations("LEGAL_THREAT")).isEqualTo(legal + 1);
		assertThat(escalations("HIGH_RISK")).isEqualTo(risk + 1);
		assertThat(escalations("NOT_SATISFIED_AT_FOLLOW_UP")).isEqualTo(unsatisfied + 1);
		assertThat(this.meters.getMeters()).flatExtracting((meter) -> meter.getId().getTags())
			.extracting(Tag::getValue)
			.noneSatisfy((value) -> assertThat(value).contains("asked for the manager"));
	}

	@Test
	void anSlaBreachIsCountedByClockAndEscalatesAsOne() {
		double breaches = count(CaseMetrics.SLA_BREACHES, "clock", "ACKNOWLEDGEMENT");
		double escalated = escalations("SLA_BREACHED");
		String id = open("STORE", "HIGH", "Hello, my order has not arrived yet.");
		this.jdbc.update("update cases set created_at = created_at - interval '2 hours' where id = ?::uuid", id);

		this.watch.run();

		// the watch also runs on its own schedule; either run counts the breach once
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count(CaseMetrics.SLA_BREACHES, "clock", "ACKNOWLEDGEMENT") >= breaches + 1);
		assertThat(escalations("SLA_BREACHED")).isGreaterThanOrEqualTo(escalated + 1);
	}

	@Test
	void aRolledBackChangeIsNotCounted() {
		String customer = this.admin
			.post("/api/v1/customers", json("{'displayName': 'Metrics %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		double opened = count(CaseMetrics.OPENED, "channel", "SOCIAL", "severity", "CRITICAL");
		double escalated = escalations("LEGAL_THREAT");
		Actor actor = new Actor(UUID.randomUUID(), "metrics-test", Role.ADMIN);

		this.transaction.executeWithoutResult((status) -> {
			this.cases.open(new CaseInputs.NewCase(UUID.fromString(customer), null, Channel.SOCIAL, "Rolled back",
					Severity.CRITICAL, "My lawyer will hear about this.", null), actor);
			status.setRollbackOnly();
		});

		assertThat(count(CaseMetrics.OPENED, "channel", "SOCIAL", "severity", "CRITICAL")).isEqualTo(opened);
		assertThat(escalations("LEGAL_THREAT")).isEqualTo(escalated);
	}

	@Test
	void theMetricsAreScrapedByPrometheusWithAnAdminKey() {
		open("CHAT", "MEDIUM", "Hello, my order has not arrived yet.");
		Response scrape = this.admin.get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("defuse_cases_opened_total{channel=\"CHAT\",severity=\"MEDIUM\"}",
				"defuse_cases_closed_total{", "defuse_case_step_duration_seconds_bucket{",
				"defuse_case_customer_statements_total{", "defuse_case_escalations_total{kind=\"MANUAL\"}",
				"defuse_case_sla_breaches_total{clock=\"RESPONSE\"}");
		assertThat(this.admin.withNewPrincipal("AGENT").get("/actuator/prometheus").status()).isEqualTo(403);
	}

	// ---- helpers

	private String open(String channel, String severity, String statement) {
		String customer = this.admin
			.post("/api/v1/customers", json("{'displayName': 'Metrics %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		Response opened = this.admin.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': '%s', 'severity': '%s', 'subject': 'Metrics', 'statement': '%s'}",
						customer, channel, severity, statement));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened.field("id");
	}

	private void acknowledge(String path) {
		ok(this.admin.post(path + "/acknowledgement",
				json("{'message': 'I understand how annoying this is, and I am sorry.'}")));
	}

	private void walkToFollowUp(String path) {
		acknowledge(path);
		ok(this.admin.put(path + "/details", json("{'category': 'LATE_DELIVERY', 'orderRef': 'ORD-1'}")));
		ok(this.admin.post(path + "/details/confirmation", null));
		Response offered = this.admin.post(path + "/offers",
				json("{'type': 'VOUCHER', 'amount': 10, 'currency': 'EUR'}"));
		ok(offered);
		ok(this.admin.post(path + "/offers/" + offered.json().at("/offers/0/id").asString() + "/acceptance", null));
		ok(this.admin.post(path + "/response", json("{'action': 'VOUCHER_SENT'}")));
	}

	private static void ok(Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 201);
	}

	private double escalations(String kind) {
		return count(CaseMetrics.ESCALATIONS, "kind", kind);
	}

	private long transitions(String from, String to) {
		Timer timer = this.meters.find(CaseMetrics.STEP_DURATION).tags("from", from, "to", to).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double count(String name, String... tags) {
		return this.meters.get(name).tags(tags).counter().count();
	}

}
