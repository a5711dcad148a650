package io.defuse.report;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may read the reports, and what the requests may ask for. */
@IntegrationTest
class ReportRequestTests {

	static final String OVERVIEW = "/api/v1/reports/overview";

	static final String SERIES = "/api/v1/reports/timeseries?metric=cases_opened";

	@Autowired
	ApiClient admin;

	String team;

	ApiClient supervisor;

	@BeforeEach
	void team() {
		this.team = newTeam();
		this.supervisor = this.admin.withNewPrincipal("SUPERVISOR", this.team);
	}

	@Test
	void aSupervisorReadsTheirOwnTeamsAndAnotherTeamIsNotFound() {
		String other = newTeam();
		ApiClient otherSupervisor = this.admin.withNewPrincipal("SUPERVISOR", other);

		Response own = this.supervisor.get(OVERVIEW + "?team=" + this.team);
		assertThat(own.status()).as(own.body()).isEqualTo(200);
		assertThat(own.json().at("/scope/teams").toString()).isEqualTo("[\"" + this.team + "\"]");
		Response all = this.supervisor.get(OVERVIEW);
		assertThat(all.json().at("/scope/teams").toString()).isEqualTo("[\"" + this.team + "\"]");
		assertThat(all.json().at("/scope/allTeams").asBoolean()).isFalse();

		problem(otherSupervisor.get(OVERVIEW + "?team=" + this.team), 404, "not-found");
		problem(otherSupervisor.get(SERIES + "&team=" + this.team), 404, "not-found");
		problem(this.supervisor.get(OVERVIEW + "?team=" + UUID.randomUUID()), 404, "not-found");
	}

	@Test
	void aSupervisorOfSeveralTeamsGetsThemAllWithoutATeam() {
		String second = newTeam();
		ApiClient both = supervisorOf(this.team, second);
		JsonNode teams = both.get(OVERVIEW).json().at("/scope/teams");
		assertThat(teams).hasSize(2);
		assertThat(teams.toString()).contains(this.team, second);
		assertThat(both.get(OVERVIEW + "?team=" + second).json().at("/scope/teams")).hasSize(1);
	}

	@Test
	void anAdminReadsEveryTeamOrOne() {
		JsonNode every = this.admin.get(OVERVIEW).json();
		assertThat(every.at("/scope/allTeams").asBoolean()).isTrue();
		assertThat(every.at("/scope/teams").toString()).contains(this.team, "00000000-0000-0000-0000-000000000001");
		assertThat(this.admin.get(OVERVIEW + "?team=" + this.team).json().at("/scope/teams").toString())
			.isEqualTo("[\"" + this.team + "\"]");
		assertThat(this.admin.get(SERIES + "&team=" + this.team).status()).isEqualTo(200);
		problem(this.admin.get(OVERVIEW + "?team=" + UUID.randomUUID()), 404, "not-found");
	}

	@Test
	void agentsAndIntegrationsAreForbidden() {
		for (String role : new String[] { "AGENT", "INTEGRATION" }) {
			ApiClient client = this.admin.withNewPrincipal(role, this.team);
			problem(client.get(OVERVIEW), 403, "forbidden");
			problem(client.get(OVERVIEW + "?team=" + this.team), 403, "forbidden");
			problem(client.get(SERIES), 403, "forbidden");
		}
		problem(this.admin.as(null).get(OVERVIEW), 401, "unauthenticated");
	}

	@Test
	void thePeriodDefaultsToTheLast30Days() {
		Instant before = Instant.now();
		JsonNode period = this.supervisor.get(OVERVIEW).json().get("period");
		Instant from = Instant.parse(period.get("from").asString());
		Instant to = Instant.parse(period.get("to").asString());
		assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(30));
		assertThat(to).isBetween(before, Instant.now());

		period = this.supervisor.get(OVERVIEW + "?to=2025-06-30").json().get("period");
		assertThat(period.get("from").asString()).isEqualTo("2025-06-01T00:00:00Z");
		assertThat(period.get("to").asString()).isEqualTo("2025-07-01T00:00:00Z");
	}

	@Test
	void datesAndInstantsWithTheirOffset() {
		JsonNode period = this.supervisor.get(OVERVIEW + "?from=2025-03-01T00:00:00%2B01:00&to=2025-03-02T12:30:00Z")
			.json()
			.get("period");
		assertThat(period.get("from").asString()).isEqualTo("2025-02-28T23:00:00Z");
		assertThat(period.get("to").asString()).isEqualTo("2025-03-02T12:30:00Z");
		period = this.supervisor.get(OVERVIEW + "?from=2024-01-01&to=2024-12-31").json().get("period");
		assertThat(period.get("to").asString()).isEqualTo("2025-01-01T00:00:00Z");
	}

	@Test
	void refusesPeriodsThatAreNotPeriods() {
		assertField(this.supervisor.get(OVERVIEW + "?from=2025-13-01"), "from", "ISO date");
		assertField(this.supervisor.get(OVERVIEW + "?from=yesterday"), "from", "ISO date");
		assertField(this.supervisor.get(OVERVIEW + "?to=2025-03-01T10:00:00"), "to", "offset");
		assertField(this.supervisor.get(OVERVIEW + "?from=2025-03-02&to=2025-03-01"), "from", "before");
		assertField(this.supervisor.get(OVERVIEW + "?from=2025-03-01T10:00:00Z&to=2025-03-01T10:00:00Z"), "from",
				"before");
		// 2024 is a leap year: 366 days are allowed, 367 are not
		assertThat(this.supervisor.get(OVERVIEW + "?from=2024-01-01&to=2024-12-31").status()).isEqualTo(200);
		assertField(this.supervisor.get(OVERVIEW + "?from=2024-01-01&to=2025-01-01"), "to", "366 days");
		assertField(this.supervisor.get(OVERVIEW + "?from=1969-12-31&to=1970-01-15"), "from", "1970");
		assertField(this.supervisor.get(OVERVIEW + "?from=%2B100000-01-01"), "from", "1970");
		assertField(this.supervisor.get(SERIES + "&from=2025-02-01&to=2026-03-01"), "to", "366 days");
		problem(this.supervisor.get(OVERVIEW + "?team=not-a-team"), 400, "validation-failed");
	}

	@Test
	void refusesUnknownMetricsAndIntervalsNamingTheAllowedValues() {
		Response unknown = this.supervisor.get("/api/v1/reports/timeseries?metric=revenue&interval=month");
		problem(unknown, 400, "validation-failed");
		assertThat(unknown.fieldErrors()).containsExactly("metric", "interval");
		JsonNode errors = unknown.json().get("errors");
		assertThat(errors.get(0).get("message").asString()).contains("cases_opened", "cases_closed", "escalations",
				"satisfaction_avg", "sla_breaches", "deescalated");
		assertThat(errors.get(1).get("message").asString()).contains("day, week");

		Response missing = this.supervisor.get("/api/v1/reports/timeseries");
		problem(missing, 400, "validation-failed");
		assertThat(missing.json().at("/errors/0/message").asString()).contains("required", "sla_breaches");
		assertThat(
				this.supervisor.get("/api/v1/reports/timeseries?metric=escalations").json().get("interval").asString())
			.isEqualTo("day");
	}

	@Test
	void everyMetricAnswersForAnEmptyTeam() {
		for (String metric : Timeseries.Metric.names()) {
			for (String interval : new String[] { "day", "week" }) {
				Response series = this.supervisor.get("/api/v1/reports/timeseries?metric=" + metric + "&interval="
						+ interval + "&from=2025-03-01&to=2025-03-31");
				assertThat(series.status()).as(metric + " " + series.body()).isEqualTo(200);
				assertThat(series.json().get("points")).hasSize(interval.equals("day") ? 31 : 6);
			}
		}
	}

	private static void assertField(Response response, String field, String says) {
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactly(field);
		assertThat(response.json().at("/errors/0/message").asString()).contains(says);
	}

	private String newTeam() {
		Response created = this.admin.post("/api/v1/teams", json("{'name': 'Report requests %s'}", UUID.randomUUID()));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.field("id");
	}

	/** A supervisor of exactly these teams. */
	private ApiClient supervisorOf(String... teams) {
		String name = "supervisor-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = this.admin.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'SUPERVISOR'}", name));
		for (String team : teams) {
			assertThat(this.admin.put("/api/v1/teams/" + team + "/members/" + name, null).status()).isEqualTo(200);
		}
		assertThat(this.admin.delete("/api/v1/teams/00000000-0000-0000-0000-000000000001/members/" + name).status())
			.isEqualTo(200);
		return this.admin.as(created.field("key"));
	}

}
