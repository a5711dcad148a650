package io.defuse.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Teams as the boundary of what agents and supervisors see: another team's case or
 * customer is 404 for every operation that takes its id, lists never show it, and nothing
 * changes.
 */
@IntegrationTest
class TeamTests {

	@Autowired
	ApiClient admin;

	String teamA;

	String teamB;

	ApiClient agentA;

	ApiClient agentB;

	ApiClient supervisorB;

	@BeforeEach
	void twoTeams() {
		this.teamA = team("Team A");
		this.teamB = team("Team B");
		this.agentA = this.admin.withNewPrincipal("AGENT", this.teamA);
		this.agentB = this.admin.withNewPrincipal("AGENT", this.teamB);
		this.supervisorB = this.admin.withNewPrincipal("SUPERVISOR", this.teamB);
	}

	/**
	 * Every operation that takes a case or customer id, with a body it would accept: run
	 * by another team, each is 404 and changes nothing.
	 */
	@Test
	void anotherTeamsCaseAndCustomerAreNotFoundForEveryOperation() {
		String customer = this.agentA.post("/api/v1/customers", json("{'displayName': 'Ada %s'}", UUID.randomUUID()))
			.field("id");
		Response opened = this.agentA.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'EMAIL', 'subject': 'Team A only', 'statement': 'Broken again.'}",
						customer));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		assertThat(opened.field("teamId")).isEqualTo(this.teamA);
		String id = opened.field("id");
		String offer = UUID.randomUUID().toString();
		String before = unchanging(id);

		List<String[]> operations = List.of(new String[] { "GET", "/api/v1/cases/{id}", null },
				new String[] { "GET", "/api/v1/cases/{id}/timeline", null },
				new String[] { "GET", "/api/v1/cases/{id}/statements", null },
				new String[] { "GET", "/api/v1/cases/{id}/guidance", null },
				new String[] { "GET", "/api/v1/cases/{id}/offers/{offerId}", null },
				new String[] { "POST", "/api/v1/cases/{id}/statements", "{'text': 'x', 'from': 'CUSTOMER'}" },
				new String[] { "POST", "/api/v1/cases/{id}/acknowledgement", "{'message': 'I am sorry.'}" },
				new String[] { "PUT", "/api/v1/cases/{id}/details", "{'product': 'Kettle'}" },
				new String[] { "POST", "/api/v1/cases/{id}/details/confirmation", null },
				new String[] { "POST", "/api/v1/cases/{id}/offers", "{'type': 'REPAIR'}" },
				new String[] { "POST", "/api/v1/cases/{id}/offers/{offerId}/approval", null },
				new String[] { "POST", "/api/v1/cases/{id}/offers/{offerId}/acceptance", null },
				new String[] { "POST", "/api/v1/cases/{id}/offers/{offerId}/rejection", "{'reason': 'No'}" },
				new String[] { "POST", "/api/v1/cases/{id}/response", "{'action': 'OTHER', 'note': 'done'}" },
				new String[] { "POST", "/api/v1/cases/{id}/follow-ups", "{'reached': false}" },
				new String[] { "POST", "/api/v1/cases/{id}/notes", "{'text': 'peek'}" },
				new String[] { "POST", "/api/v1/cases/{id}/assignment", "{'assignee': 'me'}" },
				new String[] { "POST", "/api/v1/cases/{id}/escalation", "{'reason': 'peek'}" },
				new String[] { "POST", "/api/v1/cases/{id}/closure", "{'outcome': 'WITHDRAWN', 'reason': 'peek'}" },
				new String[] { "POST", "/api/v1/cases/{id}/reopening", "{'reason': 'peek'}" },
				new String[] { "POST", "/api/v1/cases/{id}/sla-pause", "{'reason': 'peek'}" },
				new String[] { "POST", "/api/v1/cases/{id}/sla-resume", null },
				new String[] { "GET", "/api/v1/customers/{customer}", null },
				new String[] { "GET", "/api/v1/customers/{customer}/history", null },
				new String[] { "PATCH", "/api/v1/customers/{customer}", "{'preferredName': 'peek'}" },
				new String[] { "GET", "/api/v1/customers/{customer}/export", null },
				new String[] { "POST", "/api/v1/customers/{customer}/erasure", null },
				new String[] { "PUT", "/api/v1/customers/{customer}/legal-hold", "{'reason': 'peek'}" },
				new String[] { "DELETE", "/api/v1/customers/{customer}/legal-hold", null });
		for (ApiClient outsider : List.of(this.agentB, this.supervisorB)) {
			for (String[] operation : operations) {
				String path = operation[1].replace("{id}", id)
					.replace("{offerId}", offer)
					.replace("{customer}", customer);
				Response response = outsider.send(operation[0], path,
						(operation[2] != null) ? json(operation[2]) : null, "application/json");
				assertThat(response.status()).as(operation[0] + " " + operation[1] + ": " + response.body())
					.isIn(404, 403);
				if (response.status() == 403) {
					// the role may not do it on any case or customer: refused before any
					// lookup
					assertThat(operation[1]).matches(".*/(closure|reopening|approval|export|erasure|legal-hold)");
				}
				else {
					problem(response, 404, "not-found");
				}
			}
		}
		assertThat(unchanging(id)).isEqualTo(before);
		assertThat(this.admin.get("/api/v1/customers/" + customer).field("preferredName")).isNull();
		assertThat(coveredPaths(operations)).containsAll(idTakingPaths());

		assertThat(ids(this.agentB.get("/api/v1/cases?limit=100"))).doesNotContain(id);
		assertThat(ids(this.agentB.get("/api/v1/cases?customer=" + customer))).isEmpty();
		assertThat(ids(this.agentB.get("/api/v1/customers?q=Ada"))).doesNotContain(customer);
		assertThat(ids(this.agentA.get("/api/v1/cases?customer=" + customer))).containsExactly(id);
		assertThat(ids(this.admin.get("/api/v1/cases?team=" + this.teamA))).containsExactly(id);
	}

	@Test
	void aSupervisorHandsACaseToAnotherTeam() {
		String id = this.agentA
			.post("/api/v1/cases",
					json("{'customer': {'externalRef': 'crm-%s', 'displayName': 'Bo'}, "
							+ "'channel': 'PHONE', 'subject': 'Wrong team', 'statement': 'Hello.'}", UUID.randomUUID()))
			.field("id");
		problem(this.agentA.post("/api/v1/cases/" + id + "/assignment", json("{'teamId': '%s'}", this.teamB)), 403,
				"forbidden");

		ApiClient supervisorA = this.admin.withNewPrincipal("SUPERVISOR", this.teamA);
		problem(supervisorA.post("/api/v1/cases/" + id + "/assignment", json("{'teamId': '%s'}", UUID.randomUUID())),
				422, "unknown-team");
		Response moved = supervisorA.post("/api/v1/cases/" + id + "/assignment", json("{'teamId': '%s'}", this.teamB));
		assertThat(moved.status()).as(moved.body()).isEqualTo(200);
		assertThat(moved.field("teamId")).isEqualTo(this.teamB);

		problem(this.agentA.get("/api/v1/cases/" + id), 404, "not-found");
		Response nowB = this.agentB.get("/api/v1/cases/" + id);
		assertThat(nowB.status()).isEqualTo(200);
		assertThat(this.agentB.get("/api/v1/customers/" + nowB.json().at("/customer/id").asString()).status())
			.isEqualTo(200);
		assertThat(this.admin.get("/api/v1/cases/" + id + "/timeline").body()).contains("case.team_changed");
	}

	@Test
	void newCasesGoToATeamTheActorWorksIn() {
		String customer = this.agentA.post("/api/v1/customers", json("{'displayName': 'Cy'}")).field("id");
		String body = "{'customerId': '%s', 'channel': 'WEB', 'subject': 'S', 'statement': 'T', 'teamId': '%s'}";
		problem(this.agentA.post("/api/v1/cases", json(body, customer, this.teamB)), 422, "unknown-team");
		problem(this.agentB.post("/api/v1/cases", json(body, customer, this.teamB)), 422, "unknown-customer");
		Response byAdmin = this.admin.post("/api/v1/cases", json(body, customer, this.teamB));
		assertThat(byAdmin.field("teamId")).isEqualTo(this.teamB);
		assertThat(this.agentB.get("/api/v1/customers/" + customer).status()).isEqualTo(200);

		String ref = "crm-" + UUID.randomUUID();
		this.agentA.post("/api/v1/customers", json("{'displayName': 'Di', 'externalRef': '%s'}", ref));
		problem(this.agentB.post("/api/v1/cases",
				json("{'customer': {'externalRef': '%s', 'displayName': 'Di'}, 'channel': 'WEB', 'subject': 'S', "
						+ "'statement': 'T'}", ref)),
				409, "external-ref-taken");
	}

	@Test
	void historyCountsAndRatesOnlyTheCasesOfTeamsTheReaderSees() {
		String customer = this.admin.post("/api/v1/customers", json("{'displayName': 'Flo %s'}", UUID.randomUUID()))
			.field("id");
		String body = "{'customerId': '%s', 'channel': 'WEB', 'subject': 'S', 'statement': 'T', 'teamId': '%s'}";
		String inA = this.admin.post("/api/v1/cases", json(body, customer, this.teamA)).field("id");
		String path = "/api/v1/cases/" + inA;
		this.admin.post(path + "/acknowledgement", json("{'message': 'I am sorry.'}"));
		this.admin.put(path + "/details", json("{'category': 'WRONG_ITEM', 'product': 'Lamp', 'orderRef': 'ORD-7'}"));
		assertThat(this.admin.post(path + "/details/confirmation", null).field("step")).isEqualTo("OFFER");
		String offer = this.admin.post(path + "/offers", json("{'type': 'REPLACEMENT'}"))
			.json()
			.at("/offers/0/id")
			.asString();
		this.admin.post(path + "/offers/" + offer + "/acceptance", null);
		this.admin.post(path + "/response", json("{'action': 'OTHER', 'note': 'done'}"));
		Response rated = this.admin.post(path + "/follow-ups", json("{'reached': true, 'satisfaction': 5}"));
		assertThat(rated.field("step")).as(rated.body()).isEqualTo("CLOSED");
		this.admin.post("/api/v1/cases", json(body, customer, this.teamB));

		JsonNode all = this.admin.get("/api/v1/customers/" + customer + "/history").json().get("totals");
		assertThat(all.get("cases").asInt()).isEqualTo(2);
		assertThat(all.get("averageSatisfaction").asDouble()).isEqualTo(5.0);
		JsonNode teamB = this.agentB.get("/api/v1/customers/" + customer + "/history").json().get("totals");
		assertThat(teamB.get("cases").asInt()).isEqualTo(1);
		assertThat(teamB.get("averageSatisfaction").isNull()).as("team A's rating").isTrue();
	}

	@Test
	void guidanceCountsOnlyTheCasesOfTeamsTheReaderSees() {
		String customer = this.admin.post("/api/v1/customers", json("{'displayName': 'Eve %s'}", UUID.randomUUID()))
			.field("id");
		String body = "{'customerId': '%s', 'channel': 'WEB', 'subject': 'S', 'statement': 'T', 'teamId': '%s'}";
		this.admin.post("/api/v1/cases", json(body, customer, this.teamA));
		String inB = this.admin.post("/api/v1/cases", json(body, customer, this.teamB)).field("id");
		assertThat(this.admin.get("/api/v1/cases/" + inB + "/guidance").json().at("/customer/previousCases").asInt())
			.isEqualTo(1);
		assertThat(this.agentB.get("/api/v1/cases/" + inB + "/guidance").json().at("/customer/previousCases").asInt())
			.isZero();
	}

	@Test
	void teamsAreManagedByAdminsAndSeenByTheirMembers() {
		problem(this.agentA.post("/api/v1/teams", json("{'name': 'Mine'}")), 403, "forbidden");
		problem(this.admin.post("/api/v1/teams", json("{'name': 'team a'}").replace("team a", nameOf(this.teamA))), 409,
				"team-exists");
		assertThat(ids(this.agentA.get("/api/v1/teams"))).containsExactly(this.teamA);
		assertThat(this.agentA.get("/api/v1/teams").json().at("/0/members")).hasSize(1);
		problem(this.agentA.get("/api/v1/teams/" + this.teamB), 404, "not-found");
		assertThat(this.admin.get("/api/v1/teams/" + this.teamA).json().get("members")).hasSize(1);
		Response renamed = this.admin.send("PATCH", "/api/v1/teams/" + this.teamA, json("{'description': 'Returns'}"),
				"application/json");
		assertThat(renamed.field("description")).isEqualTo("Returns");
	}

	@Test
	void aMembershipChangeHoldsFromTheMembersNextRequest() {
		String name = "agent-" + UUID.randomUUID();
		ApiClient agent = this.admin
			.as(this.admin.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", name)).field("key"));
		assertThat(ids(agent.get("/api/v1/teams"))).containsExactly(Teams.DEFAULT.toString());

		assertThat(this.admin.put("/api/v1/teams/" + this.teamA + "/members/" + name, null).status()).isEqualTo(200);
		assertThat(ids(agent.get("/api/v1/teams"))).containsExactlyInAnyOrder(Teams.DEFAULT.toString(), this.teamA);

		assertThat(this.admin.delete("/api/v1/teams/" + Teams.DEFAULT + "/members/" + name).status()).isEqualTo(200);
		assertThat(ids(agent.get("/api/v1/teams"))).containsExactly(this.teamA);
	}

	/**
	 * What any change to a case would alter: its version, its timeline, its statements.
	 */
	private String unchanging(String id) {
		String path = "/api/v1/cases/" + id;
		return this.admin.get(path).json().get("version") + this.admin.get(path + "/timeline").body()
				+ this.admin.get(path + "/statements").body();
	}

	private String nameOf(String team) {
		return this.admin.get("/api/v1/teams/" + team).field("name");
	}

	private String team(String name) {
		Response created = this.admin.post("/api/v1/teams", json("{'name': '%s %s'}", name, UUID.randomUUID()));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.field("id");
	}

	private static List<String> ids(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode items = response.json().has("items") ? response.json().get("items") : response.json();
		List<String> ids = new ArrayList<>();
		items.forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

	private static Set<String> coveredPaths(List<String[]> operations) {
		Set<String> covered = new TreeSet<>();
		operations.forEach((operation) -> covered.add(operation[0] + " " + operation[1].replace("{customer}", "{id}")));
		return covered;
	}

	/** Every case and customer operation in the OpenAPI document that takes an id. */
	private Set<String> idTakingPaths() {
		Set<String> paths = new TreeSet<>();
		JsonNode document = this.admin.get("/v3/api-docs").json().get("paths");
		document.properties().forEach((entry) -> {
			String path = entry.getKey();
			if ((path.startsWith("/api/v1/cases/{id}") || path.startsWith("/api/v1/customers/{id}"))) {
				entry.getValue().properties().forEach((method) -> {
					if (List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
						paths.add(method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path);
					}
				});
			}
		});
		return paths;
	}

}
