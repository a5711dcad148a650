package io.defuse.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.shared.Actor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.Role;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log: every administrative action leaves one entry naming who did what to
 * which target, in the action's own transaction; admins read it, nobody changes it.
 */
@IntegrationTest
class AuditLogTests {

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	ApiKeyService keys;

	@Autowired
	ApplicationEventPublisher events;

	@Test
	void apiKeyCreationRotationAndRevocationAreAudited() {
		Admin acting = newAdmin();
		String principal = unique("audited");
		Response created = acting.client()
			.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT', 'expiresAt': '%s'}", principal,
					Instant.now().plusSeconds(7200)));
		String id = created.field("id");
		Response rotated = acting.client().post("/api/v1/api-keys/" + id + "/rotation", json("{'graceMinutes': 30}"));
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
		String newId = rotated.field("id");
		assertThat(acting.client().delete("/api/v1/api-keys/" + newId).status()).isEqualTo(200);

		JsonNode createdEntry = single("targetId=" + id + "&action=api-key.created");
		assertEntry(createdEntry, "api-key.created", acting, "api-key", id);
		assertThat(createdEntry.at("/details/principal").asString()).isEqualTo(principal);
		assertThat(createdEntry.at("/details/role").asString()).isEqualTo("AGENT");
		assertThat(createdEntry.at("/details/expiresAt").asString()).isEqualTo(created.field("expiresAt"));

		JsonNode rotatedEntry = single("targetId=" + id + "&action=api-key.rotated");
		assertEntry(rotatedEntry, "api-key.rotated", acting, "api-key", id);
		assertThat(rotatedEntry.at("/details/newKeyId").asString()).isEqualTo(newId);
		assertThat(rotatedEntry.at("/details/graceMinutes").asInt()).isEqualTo(30);

		assertEntry(single("targetId=" + newId), "api-key.revoked", acting, "api-key", newId);

		String everything = this.admin.get("/api/v1/audit?actor=" + acting.name() + "&limit=100").body();
		assertThat(everything).doesNotContain(created.field("key"), rotated.field("key"), created.field("prefix"));
	}

	@Test
	void webhookEndpointActionsAreAuditedWithTheHostOnly() {
		Admin acting = newAdmin();
		Response created = acting.client()
			.post("/api/v1/webhook-endpoints", json(
					"{'url': 'http://127.0.0.1:9/hooks?token=s3cret-token', 'eventTypes': ['case.reopened'], 'description': 'Audit test'}"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().at("/endpoint/id").asString();
		String path = "/api/v1/webhook-endpoints/" + id;
		Response ping = acting.client().post(path + "/test", null);
		assertThat(ping.status()).as(ping.body()).isEqualTo(202);
		String deliveryId = ping.field("id");
		// a delivery being attempted cannot be retried; the dead target fails it quickly
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "FAILED".equals(acting.client()
				.get("/api/v1/webhook-deliveries/" + deliveryId)
				.json()
				.at("/delivery/status")
				.asString()));
		assertThat(acting.client().post("/api/v1/webhook-deliveries/" + deliveryId + "/retry", null).status())
			.isEqualTo(202);
		assertThat(acting.client().post(path + "/recover?since=2026-01-01T00:00:00Z", null).status()).isEqualTo(202);
		Response rotated = acting.client().post(path + "/secret-rotation", null);
		assertThat(rotated.status()).isEqualTo(200);
		assertThat(acting.client()
			.send("PATCH", path, json("{'enabled': false, 'eventTypes': ['case.closed']}"), "application/json")
			.status()).isEqualTo(200);
		assertThat(acting.client().delete(path).status()).isEqualTo(204);

		List<JsonNode> entries = all("targetType=webhook-endpoint&targetId=" + id);
		assertThat(entries).extracting((entry) -> entry.get("action").asString())
			.containsExactly("webhook-endpoint.deleted", "webhook-endpoint.changed", "webhook-endpoint.secret-rotated",
					"webhook-endpoint.recovered", "webhook-endpoint.tested", "webhook-endpoint.created");
		entries.forEach((entry) -> assertEntry(entry, entry.get("action").asString(), acting, "webhook-endpoint", id));
		JsonNode createdEntry = entries.get(5);
		assertThat(createdEntry.at("/details/host").asString()).isEqualTo("127.0.0.1");
		assertThat(createdEntry.at("/details/eventTypes/0").asString()).isEqualTo("case.reopened");
		JsonNode changed = entries.get(1);
		assertThat(changed.at("/details/fields").toString()).contains("eventTypes", "enabled");
		assertThat(changed.at("/details/enabled/before").asBoolean()).isTrue();
		assertThat(changed.at("/details/enabled/after").asBoolean()).isFalse();
		assertThat(entries.get(4).at("/details/deliveryId").asString()).isEqualTo(deliveryId);

		assertEntry(single("targetType=webhook-delivery&targetId=" + deliveryId), "webhook-delivery.retried", acting,
				"webhook-delivery", deliveryId);

		String everything = this.admin.get("/api/v1/audit?actor=" + acting.name() + "&limit=100").body();
		assertThat(everything).doesNotContain("s3cret-token", created.field("secret"), rotated.field("secret"),
				"whsec_");
	}

	@Test
	void integrationActionsAreAudited() {
		Admin acting = newAdmin();
		String name = unique("crm");
		Response created = acting.client()
			.post("/api/v1/integrations", json("{'name': '%s', 'description': 'Audit test'}", name));
		String id = created.field("id");
		String path = "/api/v1/integrations/" + id;
		assertThat(acting.client()
			.send("PATCH", path, json("{'enabled': false}"), "application/merge-patch+json")
			.status()).isEqualTo(200);
		Response rotated = acting.client().post(path + "/secret-rotation", null);
		assertThat(rotated.status()).isEqualTo(200);
		assertThat(acting.client().delete(path).status()).isEqualTo(204);

		List<JsonNode> entries = all("targetId=" + id);
		assertThat(entries).extracting((entry) -> entry.get("action").asString())
			.containsExactly("integration.deleted", "integration.secret-rotated", "integration.changed",
					"integration.created");
		entries.forEach((entry) -> assertEntry(entry, entry.get("action").asString(), acting, "integration", id));
		assertThat(entries.get(3).at("/details/name").asString()).isEqualTo(name);
		assertThat(entries.get(2).at("/details/enabled/after").asBoolean()).isFalse();
		assertThat(entries.toString()).doesNotContain(created.field("secret"), rotated.field("secret"), "whsec_");
	}

	@Test
	void anSlaPolicyChangeIsAuditedWithItsTargetsBeforeAndAfter() {
		Admin acting = newAdmin();
		Response low = acting.client().get("/api/v1/sla-policies/LOW");
		int warnAt = low.json().get("warnAtPercent").asInt();
		int changedWarnAt = (warnAt == 90) ? 91 : 90;
		String body = "{'acknowledgeWithin': '%s', 'respondWithin': '%s', 'followUpDelay': '%s', 'warnAtPercent': %d}";
		Response changed = acting.client()
			.put("/api/v1/sla-policies/LOW", json(body, low.field("acknowledgeWithin"), low.field("respondWithin"),
					low.field("followUpDelay"), changedWarnAt));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		// put the policy back for the other tests; that is audited too
		acting.client()
			.put("/api/v1/sla-policies/LOW", json(body, low.field("acknowledgeWithin"), low.field("respondWithin"),
					low.field("followUpDelay"), warnAt));

		List<JsonNode> entries = all("actor=" + acting.name() + "&action=sla-policy.changed");
		assertThat(entries).hasSize(2);
		JsonNode first = entries.get(1);
		assertEntry(first, "sla-policy.changed", acting, "sla-policy", "LOW");
		assertThat(first.at("/details/before/warnAtPercent").asInt()).isEqualTo(warnAt);
		assertThat(first.at("/details/after/warnAtPercent").asInt()).isEqualTo(changedWarnAt);
		assertThat(first.at("/details/after/acknowledgeWithin").asString()).isEqualTo(low.field("acknowledgeWithin"));
		assertThat(first.at("/details/version").asLong()).isEqualTo(changed.json().get("version").asLong());
	}

	@Test
	void replacingGuidanceTextsIsAuditedWithStepLanguageAndVersion() {
		Admin acting = newAdmin();
		Response current = acting.client().get("/api/v1/guidance/RESPOND/cs");
		Response replaced = acting.client().put("/api/v1/guidance/RESPOND/cs", current.json().get("texts").toString());
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);

		JsonNode entry = single("actor=" + acting.name() + "&targetType=guidance");
		assertEntry(entry, "guidance.replaced", acting, "guidance", "RESPOND/cs");
		assertThat(entry.at("/details/step").asString()).isEqualTo("RESPOND");
		assertThat(entry.at("/details/language").asString()).isEqualTo("cs");
		assertThat(entry.at("/details/version").asLong()).isEqualTo(replaced.json().get("version").asLong());
		assertThat(entry.at("/details/previousVersion").asLong()).isEqualTo(current.json().get("version").asLong());
	}

	@Test
	void searchesNewestFirstByFiltersAndPages() {
		Admin acting = newAdmin();
		String principal = unique("paged");
		Instant before = Instant.now().minusSeconds(1);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(acting.client()
				.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", principal))
				.field("id"));
		}
		acting.client().delete("/api/v1/api-keys/" + ids.get(0));

		List<String> targets = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Response page = this.admin
				.get("/api/v1/audit?limit=2&actor=" + acting.name() + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).isEqualTo(200);
			page.json().get("items").forEach((item) -> targets.add(item.get("targetId").asString()));
			cursor = page.field("nextCursor");
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(2);
		assertThat(targets).containsExactly(ids.get(0), ids.get(2), ids.get(1), ids.get(0));

		assertThat(all("actor=" + acting.name() + "&action=api-key.revoked")).hasSize(1);
		assertThat(all("actor=" + acting.name() + "&action=api-key.created&targetType=api-key")).hasSize(3);
		assertThat(all("actor=" + acting.name() + "&from=" + before + "&to=" + Instant.now().plusSeconds(60)))
			.hasSize(4);
		assertThat(all("actor=" + acting.name() + "&to=" + before)).isEmpty();
		assertThat(all("actor=" + acting.name() + "&targetType=webhook-endpoint")).isEmpty();

		long id = this.admin.get("/api/v1/audit?actor=" + acting.name()).json().at("/items/0/id").asLong();
		Response one = this.admin.get("/api/v1/audit/" + id);
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.field("action")).isEqualTo("api-key.revoked");
		problem(this.admin.get("/api/v1/audit/999999999"), 404, "not-found");
	}

	@Test
	void refusesMalformedSearches() {
		problem(this.admin.get("/api/v1/audit?cursor=not-a-cursor"), 400, "invalid-cursor");
		problem(this.admin.get("/api/v1/audit?from=yesterday"), 400, "validation-failed");
		problem(this.admin.get("/api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), 400,
				"validation-failed");
		problem(this.admin.get("/api/v1/audit?limit=101"), 400, "validation-failed");
		problem(this.admin.get("/api/v1/audit/abc"), 400, "validation-failed");
	}

	@Test
	void onlyAdminsReadTheAuditLog() {
		problem(this.admin.withNewPrincipal("SUPERVISOR").get("/api/v1/audit"), 403, "forbidden");
		problem(this.admin.withNewPrincipal("AGENT").get("/api/v1/audit/1"), 403, "forbidden");
		problem(this.admin.as(null).get("/api/v1/audit"), 401, "unauthenticated");
	}

	@Test
	void theApiOffersNoWayToChangeOrRemoveEntries() {
		long id = this.admin.get("/api/v1/audit?limit=1").json().at("/items/0/id").asLong();
		for (String path : List.of("/api/v1/audit", "/api/v1/audit/" + id)) {
			problem(this.admin.put(path, "{}"), 405, "method-not-allowed");
			problem(this.admin.send("PATCH", path, "{}", "application/json"), 405, "method-not-allowed");
			problem(this.admin.delete(path), 405, "method-not-allowed");
			problem(this.admin.post(path, "{}"), 405, "method-not-allowed");
		}
		assertThat(this.admin.get("/api/v1/audit/" + id).status()).isEqualTo(200);
	}

	@Test
	void theDatabaseRefusesToChangeOrRemoveEntries() {
		long id = this.admin.get("/api/v1/audit?limit=1").json().at("/items/0/id").asLong();
		assertThatThrownBy(() -> this.jdbc.update("update audit_log set action = 'api-key.forged' where id = ?", id))
			.rootCause()
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> this.jdbc.update("delete from audit_log where id = ?", id)).rootCause()
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> this.jdbc.execute("truncate audit_log")).rootCause()
			.hasMessageContaining("append-only");
		assertThat(this.jdbc.queryForObject("select count(*) from audit_log where id = ?", Long.class, id))
			.isEqualTo(1);
	}

	@Test
	void anActionThatRollsBackLeavesNoEntry() {
		Actor actor = new Actor(UUID.randomUUID(), unique("admin"), Role.ADMIN);
		String principal = unique("rolled-back");
		Long seenInsideTheAction = this.transaction.execute((status) -> {
			NewApiKey created = this.keys.create(principal, Role.AGENT, null, null, actor);
			Long entries = this.jdbc.queryForObject(
					"select count(*) from audit_log where action = 'api-key.created' and target_id = ?", Long.class,
					created.id().toString());
			status.setRollbackOnly();
			return entries;
		});
		assertThat(seenInsideTheAction).isEqualTo(1);
		assertThat(all("actor=" + actor.name())).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from accounts where name = ?", Long.class, principal))
			.isZero();

		// the same action, committed, is recorded
		this.transaction.executeWithoutResult((status) -> this.keys.create(principal, Role.AGENT, null, null, actor));
		assertThat(all("actor=" + actor.name())).singleElement()
			.satisfies((entry) -> assertThat(entry.get("action").asString()).isEqualTo("api-key.created"));
	}

	@Test
	void anActionPublishedOutsideATransactionIsRefused() {
		Actor actor = new Actor(UUID.randomUUID(), unique("admin"), Role.ADMIN);
		assertThatThrownBy(() -> this.events
			.publishEvent(new AdminAction(actor, "team.created", "team", "t-1", Map.of("name", "Team 1"))))
			.isInstanceOf(IllegalTransactionStateException.class);
		assertThat(all("actor=" + actor.name())).isEmpty();
	}

	@Test
	void recordsActionsOfAnyModuleGenerically() {
		Actor actor = new Actor(UUID.randomUUID(), unique("admin"), Role.ADMIN);
		this.transaction.executeWithoutResult((status) -> this.events.publishEvent(new AdminAction(actor,
				"legal-hold.placed", "customer", "c-42", Map.of("reason", "case 17", "until", "2027-01-01"))));
		JsonNode entry = single("actor=" + actor.name());
		assertThat(entry.get("action").asString()).isEqualTo("legal-hold.placed");
		assertThat(entry.get("targetType").asString()).isEqualTo("customer");
		assertThat(entry.get("targetId").asString()).isEqualTo("c-42");
		assertThat(entry.at("/actor/id").asString()).isEqualTo(actor.id().toString());
		assertThat(entry.at("/details/reason").asString()).isEqualTo("case 17");
	}

	private void assertEntry(JsonNode entry, String action, Admin actor, String targetType, String targetId) {
		assertThat(entry.get("action").asString()).isEqualTo(action);
		assertThat(entry.at("/actor/name").asString()).isEqualTo(actor.name());
		assertThat(entry.at("/actor/role").asString()).isEqualTo("ADMIN");
		assertThat(entry.get("targetType").asString()).isEqualTo(targetType);
		assertThat(entry.get("targetId").asString()).isEqualTo(targetId);
		assertThat(Instant.parse(entry.get("occurredAt").asString())).isBefore(Instant.now().plusSeconds(1));
	}

	private JsonNode single(String query) {
		List<JsonNode> entries = all(query);
		assertThat(entries).as(query).hasSize(1);
		return entries.get(0);
	}

	private List<JsonNode> all(String query) {
		Response page = this.admin.get("/api/v1/audit?limit=100&" + query);
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		List<JsonNode> entries = new ArrayList<>();
		page.json().get("items").forEach(entries::add);
		return entries;
	}

	/** An admin of its own, so each test finds exactly its own entries by actor. */
	private Admin newAdmin() {
		String name = unique("auditor");
		Response created = this.admin.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'ADMIN'}", name));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Admin(name, this.admin.as(created.field("key")));
	}

	private record Admin(String name, ApiClient client) {
	}

	private static String unique(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
