package io.defuse.webhook.inbound;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.webhook.WebhookSignature;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CRM sending signed events over real HTTP: what they create, and every way a message
 * is refused or recognised as a duplicate.
 */
@IntegrationTest
class InboundWebhookTests {

	@Autowired
	ApiClient admin;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	InboundMessages messages;

	@Test
	void complaintCreatedOpensACaseForTheCustomerItCarries() throws Exception {
		Crm crm = newCrm();
		String ref = unique("CRM");
		String subject = unique("Kettle");
		String body = complaint(ref, "Jana Nováková", "jana@example.cz", subject);
		String messageId = unique("msg");
		long now = Instant.now().getEpochSecond();
		// signed by the Standard Webhooks reference library, not by our own code
		String signature = new Webhook(crm.secret).sign(messageId, now, body);

		Response accepted = crm.send(messageId, Long.toString(now), signature, body);

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.field("status")).isEqualTo("accepted");
		assertThat(accepted.field("messageId")).isEqualTo(messageId);
		assertThat(accepted.field("type")).isEqualTo("complaint.created");
		Response opened = this.admin.get("/api/v1/cases/" + accepted.field("caseId"));
		assertThat(opened.status()).isEqualTo(200);
		assertThat(opened.field("subject")).isEqualTo(subject);
		assertThat(opened.field("step")).isEqualTo("LISTEN");
		assertThat(opened.field("channel")).isEqualTo("PHONE");
		assertThat(opened.field("severity")).isEqualTo("HIGH");
		assertThat(opened.field("createdBy")).isEqualTo("integration:" + crm.name);
		assertThat(opened.json().at("/customer/id").asString()).isEqualTo(accepted.field("customerId"));
		JsonNode customer = customerByRef(ref);
		assertThat(customer.get("id").asString()).isEqualTo(accepted.field("customerId"));
		assertThat(customer.get("displayName").asString()).isEqualTo("Jana Nováková");
		assertThat(customer.get("email").asString()).isEqualTo("jana@example.cz");
		assertThat(customer.get("language").asString()).isEqualTo("cs");
	}

	@Test
	void complaintCreatedForAKnownCustomerUpdatesThemByExternalRef() {
		Crm crm = newCrm();
		String ref = unique("CRM");
		Response known = this.admin.post("/api/v1/customers",
				json("{'displayName': 'Petr Novák', 'email': 'old@example.cz', 'phone': '+420 777 000 111', "
						+ "'externalRef': '%s'}", ref));
		assertThat(known.status()).isEqualTo(201);

		Response accepted = crm.deliver(unique("msg"), complaint(ref, "Petr Novák", "new@example.cz", "Late"));

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.field("customerId")).isEqualTo(known.field("id"));
		JsonNode customer = this.admin.get("/api/v1/customers/" + known.field("id")).json();
		assertThat(customer.get("email").asString()).isEqualTo("new@example.cz");
		assertThat(customer.get("phone").asString()).isEqualTo("+420 777 000 111");
	}

	@Test
	void customerUpdatedChangesOnlyTheFieldsItCarries() {
		Crm crm = newCrm();
		String ref = unique("CRM");
		Response known = this.admin.post("/api/v1/customers", json(
				"{'displayName': 'Eva Malá', 'email': 'eva@example.cz', 'language': 'cs', 'externalRef': '%s'}", ref));

		Response accepted = crm.deliver(unique("msg"),
				json("{'type': 'customer.updated', 'timestamp': '2026-11-23T10:20:00Z', "
						+ "'data': {'externalRef': '%s', 'preferredName': 'Evička', 'phone': '+420 601 123 456'}}",
						ref));

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.field("customerId")).isEqualTo(known.field("id"));
		assertThat(accepted.json().has("caseId")).isFalse();
		JsonNode customer = this.admin.get("/api/v1/customers/" + known.field("id")).json();
		assertThat(customer.get("displayName").asString()).isEqualTo("Eva Malá");
		assertThat(customer.get("preferredName").asString()).isEqualTo("Evička");
		assertThat(customer.get("phone").asString()).isEqualTo("+420 601 123 456");
		assertThat(customer.get("email").asString()).isEqualTo("eva@example.cz");
		assertThat(customer.get("version").asLong()).isEqualTo(1);

		Response renamed = crm.deliver(unique("msg"),
				json("{'type': 'customer.updated', 'data': {'externalRef': '%s', 'displayName': 'Eva Veliká', "
						+ "'language': 'de'}}", ref));
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(202);
		customer = this.admin.get("/api/v1/customers/" + known.field("id")).json();
		assertThat(customer.get("displayName").asString()).isEqualTo("Eva Veliká");
		assertThat(customer.get("language").asString()).isEqualTo("de");
		assertThat(customer.get("preferredName").asString()).isEqualTo("Evička");
	}

	@Test
	void customerUpdatedRecordsACustomerDefuseDoesNotKnowOnlyWithAName() {
		Crm crm = newCrm();
		String ref = unique("CRM");

		Response nameless = crm.deliver(unique("msg"),
				json("{'type': 'customer.updated', 'data': {'externalRef': '%s', 'email': 'x@example.cz'}}", ref));
		problem(nameless, 400, "validation-failed");
		assertThat(nameless.fieldErrors()).containsExactly("data.displayName");

		Response created = crm.deliver(unique("msg"),
				json("{'type': 'customer.updated', 'data': {'externalRef': '%s', 'displayName': 'Karel Nový'}}", ref));
		assertThat(created.status()).as(created.body()).isEqualTo(202);
		assertThat(customerByRef(ref).get("id").asString()).isEqualTo(created.field("customerId"));
		assertThat(customerByRef(ref).get("language").asString()).isEqualTo("en");
	}

	@Test
	void aBadSignatureIs401AndChangesNothing() {
		Crm crm = newCrm();
		String subject = unique("Forged");
		String body = complaint(unique("CRM"), "Mallory", null, subject);
		String messageId = unique("msg");
		long now = Instant.now().getEpochSecond();

		problem(crm.send(messageId, Long.toString(now), sign(WebhookSignature.newSecret(), messageId, now, body), body),
				401, "invalid-signature");
		String signedOther = sign(crm.secret, messageId, now, complaint(unique("CRM"), "Mallory", null, "other"));
		problem(crm.send(messageId, Long.toString(now), signedOther, body), 401, "invalid-signature");
		problem(crm.send(messageId, Long.toString(now), null, body), 401, "invalid-signature");
		problem(crm.send(null, Long.toString(now), sign(crm.secret, messageId, now, body), body), 401,
				"invalid-signature");
		problem(crm.send(messageId, "yesterday", sign(crm.secret, messageId, now, body), body), 401,
				"invalid-signature");

		assertThat(casesWithSubject(subject)).isZero();
		assertThat(received(crm, messageId)).isZero();
	}

	@Test
	void aTimestampMoreThanFiveMinutesAwayIs401() {
		Crm crm = newCrm();
		String subject = unique("Replayed");
		String body = complaint(unique("CRM"), "Mallory", null, subject);
		long old = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
		long future = Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond();

		problem(crm.send("msg-old", Long.toString(old), sign(crm.secret, "msg-old", old, body), body), 401,
				"stale-timestamp");
		problem(crm.send("msg-future", Long.toString(future), sign(crm.secret, "msg-future", future, body), body), 401,
				"stale-timestamp");
		assertThat(casesWithSubject(subject)).isZero();
	}

	@Test
	void aResentMessageIsADuplicateWithTheFirstAnswersIds() {
		Crm crm = newCrm();
		String subject = unique("Twice");
		String body = complaint(unique("CRM"), "Dana", null, subject);
		String messageId = unique("msg");

		Response first = crm.deliver(messageId, body);
		// a retry is signed anew, with its own timestamp
		long later = Instant.now().getEpochSecond() + 1;
		Response again = crm.send(messageId, Long.toString(later), sign(crm.secret, messageId, later, body), body);

		assertThat(first.status()).isEqualTo(202);
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.field("status")).isEqualTo("duplicate");
		assertThat(again.field("type")).isEqualTo("complaint.created");
		assertThat(again.field("caseId")).isEqualTo(first.field("caseId"));
		assertThat(again.field("customerId")).isEqualTo(first.field("customerId"));
		assertThat(casesWithSubject(subject)).isEqualTo(1);

		// the same message id from another integration is another message
		Crm other = newCrm();
		assertThat(other.deliver(messageId, body).status()).isEqualTo(202);
		assertThat(casesWithSubject(subject)).isEqualTo(2);
	}

	@Test
	void parallelDeliveriesOfOneMessageApplyItOnce() throws Exception {
		Crm crm = newCrm();
		String subject = unique("Parallel");
		String body = complaint(unique("CRM"), "Olga", null, subject);
		String messageId = unique("msg");

		List<Response> answers = inParallel(10, () -> crm.deliver(messageId, body));

		assertThat(answers).extracting(Response::status).containsOnly(202, 200);
		assertThat(answers).filteredOn((answer) -> answer.status() == 202).hasSize(1);
		assertThat(answers).extracting((answer) -> answer.field("caseId")).containsOnly(answers.get(0).field("caseId"));
		assertThat(casesWithSubject(subject)).isEqualTo(1);
	}

	@Test
	void aRefusedPayloadLeavesNoRecordSoItCanBeCorrectedUnderTheSameId() {
		Crm crm = newCrm();
		String ref = unique("CRM");
		String subject = unique("Corrected");
		String messageId = unique("msg");

		Response malformed = crm.deliver(messageId, "{\"type\": \"complaint.created\", \"data\": {");
		problem(malformed, 400, "malformed-json");
		assertThat(malformed.fieldErrors()).containsExactly("(body)");
		assertThat(received(crm, messageId)).isZero();

		// refused inside the transaction that had already recorded the message id
		Response invalid = crm.deliver(messageId, complaint(ref, "Jana", "not-an-address", subject));
		problem(invalid, 400, "validation-failed");
		assertThat(invalid.fieldErrors()).containsExactly("data.customer.email");
		assertThat(received(crm, messageId)).isZero();
		assertThat(casesWithSubject(subject)).isZero();
		assertThat(this.admin.get("/api/v1/customers?q=" + ref).json().get("items").size()).isZero();

		Response corrected = crm.deliver(messageId, complaint(ref, "Jana", "jana@example.cz", subject));
		assertThat(corrected.status()).as(corrected.body()).isEqualTo(202);
		assertThat(received(crm, messageId)).isEqualTo(1);
		assertThat(casesWithSubject(subject)).isEqualTo(1);
	}

	@Test
	void anUnknownTypeOrInvalidDataIs400NamingEachField() {
		Crm crm = newCrm();

		Response unknown = crm.deliver(unique("msg"), json("{'type': 'order.created', 'data': {}}"));
		problem(unknown, 400, "validation-failed");
		assertThat(unknown.fieldErrors()).containsExactly("type");

		Response shapes = crm.deliver(unique("msg"),
				json("{'type': 'complaint.created', 'timestamp': 'noon', 'data': {'customer': {'externalRef': 7, "
						+ "'langauge': 'cs', 'language': 'fr'}, 'channel': 'PIGEON', 'subject': 'x', 'statement': 'y', "
						+ "'priority': 1}}"));
		problem(shapes, 400, "validation-failed");
		assertThat(shapes.fieldErrors()).containsExactlyInAnyOrder("timestamp", "data.customer.externalRef",
				"data.customer.langauge", "data.customer.language", "data.channel", "data.priority");

		Response missing = crm.deliver(unique("msg"),
				json("{'type': 'complaint.created', 'data': {'customer': {'externalRef': 'r-1'}, 'channel': 'web', "
						+ "'statement': 'y'}}"));
		problem(missing, 400, "validation-failed");
		assertThat(missing.fieldErrors()).containsExactly("data.subject");

		Response noData = crm.deliver(unique("msg"), json("{'type': 'customer.updated'}"));
		problem(noData, 400, "validation-failed");
		assertThat(noData.fieldErrors()).containsExactly("data");

		problem(crm.deliver(unique("msg"), "[1, 2]"), 400, "validation-failed");
	}

	@Test
	void afterARotationThePreviousSecretVerifiesOnlyDuringTheGracePeriod() {
		Crm crm = newCrm();
		String previous = crm.secret;
		String current = this.admin.post("/api/v1/integrations/" + crm.id + "/secret-rotation", null).field("secret");

		assertThat(crm.withSecret(current).deliver(unique("msg"), complaint(unique("CRM"), "A", null, "new")).status())
			.isEqualTo(202);
		assertThat(crm.withSecret(previous).deliver(unique("msg"), complaint(unique("CRM"), "B", null, "old")).status())
			.isEqualTo(202);
		problem(crm.withSecret(WebhookSignature.newSecret())
			.deliver(unique("msg"), complaint(unique("CRM"), "C", null, "random")), 401, "invalid-signature");

		this.jdbc.update("update integrations set previous_secret_expires_at = ? where id = ?::uuid",
				Timestamp.from(Instant.now().minusSeconds(1)), crm.id);
		problem(crm.withSecret(previous).deliver(unique("msg"), complaint(unique("CRM"), "D", null, "expired")), 401,
				"invalid-signature");
		assertThat(this.admin.get("/api/v1/integrations/" + crm.id).field("previousSecretValidUntil")).isNull();
	}

	@Test
	void aDisabledDeletedOrUnknownIntegrationIs404() {
		Crm crm = newCrm();
		String body = complaint(unique("CRM"), "Z", null, unique("Disabled"));
		this.admin.send("PATCH", "/api/v1/integrations/" + crm.id, json("{'enabled': false}"), "application/json");

		problem(crm.deliver(unique("msg"), body), 404, "not-found");

		this.admin.send("PATCH", "/api/v1/integrations/" + crm.id, json("{'enabled': true}"), "application/json");
		String messageId = unique("msg");
		assertThat(crm.deliver(messageId, body).status()).isEqualTo(202);

		assertThat(this.admin.delete("/api/v1/integrations/" + crm.id).status()).isEqualTo(204);
		problem(crm.deliver(unique("msg"), body), 404, "not-found");
		assertThat(received(crm, messageId)).isZero();
		problem(crm.withId(UUID.randomUUID().toString()).deliver(unique("msg"), body), 404, "not-found");
	}

	@Test
	void anOverlongMessageIdIs400() {
		Crm crm = newCrm();
		Response refused = crm.deliver("m".repeat(256), complaint(unique("CRM"), "Y", null, "long id"));
		problem(refused, 400, "validation-failed");
		assertThat(refused.fieldErrors()).containsExactly("webhook-id");
	}

	@Test
	void aBodyOverTheLimitIs413BeforeAnythingElse() {
		Crm crm = newCrm();
		String body = complaint(unique("CRM"), "Big", null, "x".repeat(300 * 1024));
		problem(crm.deliver(unique("msg"), body), 413, "payload-too-large");
	}

	@Test
	void messageIdsOlderThanTheRetentionArePurged() {
		Crm crm = newCrm();
		String recent = unique("msg");
		assertThat(crm.deliver(recent, complaint(unique("CRM"), "P", null, "recent")).status()).isEqualTo(202);
		String old = unique("msg");
		this.jdbc.update("""
				insert into inbound_messages (integration_id, message_id, type, received_at)
				values (?::uuid, ?, 'complaint.created', ?)""", crm.id, old,
				Timestamp.from(Instant.now().minus(Duration.ofDays(8))));

		assertThat(this.messages.purgeExpired()).isGreaterThanOrEqualTo(1);

		assertThat(received(crm, old)).isZero();
		assertThat(received(crm, recent)).isEqualTo(1);
	}

	@Test
	void theReceiverIsDocumentedAsNeedingNoApiKey() {
		JsonNode operation = this.admin.as(null)
			.get("/v3/api-docs")
			.json()
			.at("/paths/~1api~1v1~1inbound~1{integrationId}/post");
		assertThat(operation.get("security")).isNotNull();
		assertThat(operation.get("security").isEmpty()).isTrue();
		assertThat(operation.get("responses").propertyNames()).contains("200", "202", "400", "401", "404");
		assertThat(operation.get("parameters").toString()).contains("webhook-id", "webhook-timestamp",
				"webhook-signature");
	}

	private Crm newCrm() {
		Response created = this.admin.post("/api/v1/integrations", json("{'name': '%s'}", unique("crm")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Crm(this.admin.as(null), created.field("id"), created.field("name"), created.field("secret"));
	}

	private JsonNode customerByRef(String ref) {
		JsonNode items = this.admin.get("/api/v1/customers?q=" + ref).json().get("items");
		assertThat(items.size()).isEqualTo(1);
		return items.get(0);
	}

	private int casesWithSubject(String subject) {
		return this.jdbc.queryForObject("select count(*) from cases where subject = ?", Integer.class, subject);
	}

	private int received(Crm crm, String messageId) {
		return this.jdbc.queryForObject(
				"select count(*) from inbound_messages where integration_id = ?::uuid and message_id = ?",
				Integer.class, crm.id, messageId);
	}

	static String complaint(String ref, String name, String email, String subject) {
		return json("{'type': 'complaint.created', 'timestamp': '2026-11-23T10:15:30Z', 'data': {"
				+ "'customer': {'externalRef': '%s', 'displayName': '%s'%s, 'language': 'cs'}, 'channel': 'PHONE', "
				+ "'subject': '%s', 'severity': 'HIGH', 'statement': 'It stopped working. I am really annoyed.'}}", ref,
				name, (email != null) ? ", 'email': '" + email + "'" : "", subject);
	}

	static String sign(String secret, String messageId, long timestamp, String body) {
		return WebhookSignature.sign(secret, messageId, timestamp, body.getBytes(StandardCharsets.UTF_8));
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static <T> List<T> inParallel(int n, Callable<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				futures.add(pool.submit(task));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** A CRM as Defuse knows it: its integration's id, name and secret. */
	record Crm(ApiClient api, String id, String name, String secret) {

		Crm withSecret(String other) {
			return new Crm(this.api, this.id, this.name, other);
		}

		Crm withId(String other) {
			return new Crm(this.api, other, this.name, this.secret);
		}

		/** Signs the body now with the secret and sends it. */
		Response deliver(String messageId, String body) {
			long now = Instant.now().getEpochSecond();
			return send(messageId, Long.toString(now), sign(this.secret, messageId, now, body), body);
		}

		Response send(String messageId, String timestamp, String signature, String body) {
			List<String> headers = new ArrayList<>();
			if (messageId != null) {
				headers.addAll(List.of(WebhookSignature.ID_HEADER, messageId));
			}
			if (timestamp != null) {
				headers.addAll(List.of(WebhookSignature.TIMESTAMP_HEADER, timestamp));
			}
			if (signature != null) {
				headers.addAll(List.of(WebhookSignature.SIGNATURE_HEADER, signature));
			}
			return this.api.send("POST", "/api/v1/inbound/" + this.id, body, "application/json",
					headers.toArray(String[]::new));
		}

	}

}
