package io.defuse.casework;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class SlaTests {

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SlaWatch watch;

	ApiClient agent;

	@BeforeEach
	void agent() {
		this.agent = this.admin.withNewPrincipal("AGENT");
	}

	@Test
	void policiesAreReadableByAllAndChangedByAdminsOnly() {
		Response all = this.agent.get("/api/v1/sla-policies");
		assertThat(all.status()).isEqualTo(200);
		assertThat(all.json()).hasSize(4);
		assertThat(all.json().get(0).get("severity").asString()).isEqualTo("LOW");

		Response low = this.admin.get("/api/v1/sla-policies/LOW");
		String body = json(
				"{'acknowledgeWithin': 'PT8H', 'respondWithin': 'P5D', 'followUpDelay': 'P3D', 'warnAtPercent': 80}");
		problem(this.agent.put("/api/v1/sla-policies/LOW", body), 403, "forbidden");
		problem(this.admin.put("/api/v1/sla-policies/LOW", body, "If-Match", "\"999\""), 412, "stale-version");
		Response changed = this.admin.put("/api/v1/sla-policies/LOW", body, "If-Match", low.header("ETag"));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.field("updatedBy")).isEqualTo("admin");

		Response tooShort = this.admin.put("/api/v1/sla-policies/LOW", json(
				"{'acknowledgeWithin': 'PT10S', 'respondWithin': 'P5D', 'followUpDelay': 'P3D', 'warnAtPercent': 120}"));
		problem(tooShort, 400, "validation-failed");
		problem(this.admin.get("/api/v1/sla-policies/URGENT"), 400, "validation-failed");
	}

	@Test
	void aNewCaseShowsItsAcknowledgementClockRunningAgainstThePolicy() {
		Response opened = open("HIGH");
		JsonNode clocks = opened.json().at("/sla/clocks");
		assertThat(clocks.get(0).get("clock").asString()).isEqualTo("ACKNOWLEDGEMENT");
		assertThat(clocks.get(0).get("state").asString()).isEqualTo("RUNNING");
		assertThat(clocks.get(0).get("target").asString()).isEqualTo("PT1H");
		assertThat(clocks.get(0).get("dueAt").asString()).isNotBlank();
		assertThat(clocks.get(1).get("state").asString()).isEqualTo("NOT_STARTED");
	}

	@Test
	void pauseAndResumeTheClockWhileWaitingOnTheCustomer() {
		Response opened = open("MEDIUM");
		String path = "/api/v1/cases/" + opened.field("id");
		Response paused = this.agent.post(path + "/sla-pause", json("{'reason': 'Waiting for photos'}"));
		assertThat(paused.json().at("/sla/paused").asBoolean()).isTrue();
		assertThat(paused.json().at("/sla/clocks/0/state").asString()).isEqualTo("PAUSED");
		assertThat(paused.json().get("nextActions").toString()).contains("resumeSla").doesNotContain("pauseSla");
		problem(this.agent.post(path + "/sla-pause", json("{'reason': 'again'}")), 409, "workflow-refused");
		Response resumed = this.agent.post(path + "/sla-resume", null);
		assertThat(resumed.json().at("/sla/clocks/0/state").asString()).isEqualTo("RUNNING");

		this.agent.post(path + "/acknowledgement", json("{'message': 'I understand, and I am sorry.'}"));
		Response inGather = this.agent.post(path + "/sla-pause", json("{'reason': 'nothing runs'}"));
		problem(inGather, 409, "workflow-refused");
		assertThat(this.agent.get(path).json().at("/sla/clocks/0/state").asString()).isEqualTo("MET");
	}

	@Test
	void theWatchWarnsBreachesAndEscalatesAnOverdueCaseOnce() {
		Response opened = open("HIGH");
		String id = opened.field("id");
		this.jdbc.update("update cases set created_at = created_at - interval '2 hours' where id = ?::uuid", id);
		assertThat(this.watch.run()).isGreaterThanOrEqualTo(1);
		this.watch.run();

		Response after = this.agent.get("/api/v1/cases/" + id);
		assertThat(after.json().at("/escalation/escalated").asBoolean()).isTrue();
		assertThat(after.json().at("/escalation/reason").asString()).contains("SLA breached");
		assertThat(after.json().at("/sla/clocks/0/state").asString()).isEqualTo("BREACHED");
		List<String> types = timeline(id);
		assertThat(types).containsSubsequence("case.sla_warning", "case.sla_breached", "case.escalated");
		assertThat(types.stream().filter("case.sla_breached"::equals)).hasSize(1);
	}

	@Test
	void theWatchAnnouncesADueFollowUp() {
		Response opened = open("LOW");
		String id = opened.field("id");
		String path = "/api/v1/cases/" + id;
		this.agent.post(path + "/acknowledgement", json("{'message': 'I am sorry about this.'}"));
		this.agent.put(path + "/details", json("{'category': 'LATE_DELIVERY', 'orderRef': 'ORD-1'}"));
		this.agent.post(path + "/details/confirmation", null);
		String offer = this.agent.post(path + "/offers", json("{'type': 'VOUCHER', 'amount': 10, 'currency': 'EUR'}"))
			.json()
			.at("/offers/0/id")
			.asString();
		this.agent.post(path + "/offers/" + offer + "/acceptance", null);
		Response responded = this.agent.post(path + "/response",
				json("{'action': 'VOUCHER_SENT', 'reference': 'V-1'}"));
		assertThat(responded.field("step")).isEqualTo("FOLLOW_UP");

		this.jdbc.update("update cases set follow_up_due_at = now() - interval '1 minute' where id = ?::uuid", id);
		this.watch.run();
		assertThat(timeline(id)).endsWith("case.follow_up_due");
	}

	private Response open(String severity) {
		String customer = this.admin
			.post("/api/v1/customers", json("{'displayName': 'SLA %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		Response opened = this.agent.post("/api/v1/cases", json(
				"{'customerId': '%s', 'channel': 'PHONE', 'subject': 'SLA', 'statement': 'Hello', 'severity': '%s'}",
				customer, severity));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened;
	}

	private List<String> timeline(String id) {
		List<String> types = new ArrayList<>();
		this.agent.get("/api/v1/cases/" + id + "/timeline?limit=100")
			.json()
			.get("items")
			.forEach((e) -> types.add(e.get("type").asString()));
		return types;
	}

}
