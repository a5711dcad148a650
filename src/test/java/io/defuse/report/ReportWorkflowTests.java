package io.defuse.report;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cases worked through the API show up in the reports: the case records its step history,
 * each follow-up's due time, remedy and category, and the kind of its escalation as it
 * goes, and everything recorded on it moves with it to another team.
 */
@IntegrationTest
class ReportWorkflowTests {

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aCaseWorkedThroughTheApiCountsForItsTeamAndMovesWithIt() {
		String team = newTeam();
		ApiClient agent = this.admin.withNewPrincipal("AGENT", team);
		ApiClient supervisor = this.admin.withNewPrincipal("SUPERVISOR", team);
		Instant started = Instant.now();

		String worked = open(agent, "The toaster burns everything.");
		String path = "/api/v1/cases/" + worked;
		ok(agent.post(path + "/acknowledgement", json("{'message': 'I understand, and I am sorry about that.'}")));
		ok(agent.put(path + "/details",
				json("{'category': 'DEFECTIVE_PRODUCT', 'product': 'Toaster T2', 'orderRef': 'ORD-1'}")));
		ok(agent.post(path + "/details/confirmation", null));
		Response offered = agent.post(path + "/offers",
				json("{'type': 'REFUND', 'amount': 20, 'currency': 'EUR', 'description': 'Refund'}"));
		String offer = offered.json().at("/offers/0/id").asString();
		ok(agent.post(path + "/offers/" + offer + "/acceptance", null));
		ok(agent.post(path + "/response", json("{'action': 'REFUND_ISSUED', 'reference': 'RF-1'}")));

		String waiting = open(agent, "Nobody answers my emails.");
		ok(agent.post("/api/v1/cases/" + waiting + "/escalation", json("{'reason': 'Customer asked for a lead'}")));
		assertThat(
				this.jdbc.queryForObject("select escalation_kind from cases where id = ?::uuid", String.class, waiting))
			.isEqualTo("MANUAL");

		String today = "from=" + started.minus(1, ChronoUnit.HOURS) + "&to=" + Instant.now().plus(1, ChronoUnit.HOURS);
		JsonNode overview = overview(supervisor, today);
		assertThat(overview.at("/cases/opened").asLong()).isEqualTo(2);
		assertThat(overview.at("/cases/openNowByStep").toString())
			.isEqualTo("{\"LISTEN\":1,\"GATHER\":0,\"OFFER\":0,\"RESPOND\":0,\"FOLLOW_UP\":1}");
		for (JsonNode step : overview.get("timeInStep")) {
			long expected = step.get("step").asString().equals("FOLLOW_UP") ? 0 : 1;
			assertThat(step.get("stays").asLong()).as(step.toString()).isEqualTo(expected);
		}
		assertThat(overview.at("/timeInStep/0/medianSeconds").asDouble()).isBetween(0.0, 60.0);
		// the waiting case's acknowledgement clock still runs within its target
		assertThat(overview.at("/sla/0").toString()).contains("\"met\":1,\"breached\":0,\"pending\":1");
		assertThat(overview.at("/sla/1").toString()).contains("\"met\":1,\"breached\":0,\"pending\":0");
		assertThat(overview.at("/escalation/topReasons/0").toString()).contains("\"reason\":\"MANUAL\",\"cases\":1");
		assertThat(overview.at("/offers/accepted").asLong()).isEqualTo(1);
		assertThat(overview.at("/topProducts/top/0/product").asString()).isEqualTo("Toaster T2");

		String elsewhere = newTeam();
		ok(this.admin.post(path + "/assignment", json("{'teamId': '%s'}", elsewhere)));
		Response closed = this.admin.post(path + "/follow-ups", json("{'reached': true, 'satisfaction': 5}"));
		assertThat(closed.field("step")).as(closed.body()).isEqualTo("CLOSED");

		Map<String, Object> followUp = this.jdbc.queryForMap(
				"select due_at, remedy, category, team_id from case_follow_ups where case_id = ?::uuid", worked);
		assertThat(followUp.get("remedy")).isEqualTo("REFUND");
		assertThat(followUp.get("category")).isEqualTo("DEFECTIVE_PRODUCT");
		assertThat(followUp.get("team_id").toString()).isEqualTo(elsewhere);
		assertThat(((Timestamp) followUp.get("due_at")).toInstant()).isBetween(started.plus(Duration.ofDays(2)),
				Instant.now().plus(Duration.ofDays(2)));
		assertThat(this.jdbc.queryForList(
				"select step from case_step_stays where case_id = ?::uuid and team_id = ?::uuid order by left_at",
				String.class, worked, elsewhere))
			.containsExactly("LISTEN", "GATHER", "OFFER", "RESPOND", "FOLLOW_UP");

		JsonNode left = overview(supervisor, today);
		assertThat(left.at("/cases/opened").asLong()).isEqualTo(1);
		assertThat(left.at("/timeInStep/0/stays").asLong()).isZero();
		assertThat(left.at("/offers/made").asLong()).isZero();
		assertThat(left.at("/sla/1/basis").asLong()).isZero();

		JsonNode moved = overview(this.admin, today + "&team=" + elsewhere);
		assertThat(moved.at("/cases/opened").asLong()).isEqualTo(1);
		assertThat(moved.at("/cases/closedByOutcome/RESOLVED").asLong()).isEqualTo(1);
		for (JsonNode step : moved.get("timeInStep")) {
			assertThat(step.get("stays").asLong()).as(step.toString()).isEqualTo(1);
		}
		assertThat(moved.at("/offers/made").asLong()).isEqualTo(1);
		assertThat(moved.at("/satisfaction/overall/ratings").asLong()).isEqualTo(1);
		assertThat(moved.at("/satisfaction/byRemedy/0/remedy").asString()).isEqualTo("REFUND");
		assertThat(moved.at("/satisfaction/byCategory/0/category").asString()).isEqualTo("DEFECTIVE_PRODUCT");
	}

	private String open(ApiClient agent, String statement) {
		Response opened = agent.post("/api/v1/cases", json("""
				{'channel': 'EMAIL', 'subject': 'Report workflow', 'severity': 'MEDIUM', 'statement': '%s',
				 'customer': {'displayName': 'Report Workflow', 'externalRef': 'report-%s'}}""", statement,
				UUID.randomUUID()));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened.field("id");
	}

	private JsonNode overview(ApiClient client, String query) {
		Response response = client.get("/api/v1/reports/overview?" + query);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static void ok(Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 201);
	}

	private String newTeam() {
		Response created = this.admin.post("/api/v1/teams", json("{'name': 'Report workflow %s'}", UUID.randomUUID()));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.field("id");
	}

}
