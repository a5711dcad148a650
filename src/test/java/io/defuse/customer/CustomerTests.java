package io.defuse.customer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
class CustomerTests {

	private static final String CUSTOMERS = "/api/v1/customers";

	private static final String MERGE_PATCH = "application/merge-patch+json";

	@Autowired
	ApiClient api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void createdCustomerHasLocationETagAndTheStoredDetails() {
		String name = unique("Jana Nováková");
		Response created = this.api.post(CUSTOMERS, json(
				"{'displayName': ' %s ', 'preferredName': 'Jana', 'email': 'jana@example.cz', 'phone': '+420 777 123 456', "
						+ "'language': 'cs', 'preferences': 'Prefers e-mail'}",
				name));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.field("id");
		assertThat(created.header("Location")).isEqualTo(CUSTOMERS + "/" + id);
		assertThat(created.header("ETag")).isEqualTo("\"0\"");
		JsonNode body = created.json();
		assertThat(body.get("displayName").asString()).isEqualTo(name);
		assertThat(body.get("preferredName").asString()).isEqualTo("Jana");
		assertThat(body.get("email").asString()).isEqualTo("jana@example.cz");
		assertThat(body.get("phone").asString()).isEqualTo("+420 777 123 456");
		assertThat(body.get("language").asString()).isEqualTo("cs");
		assertThat(body.get("preferences").asString()).isEqualTo("Prefers e-mail");
		assertThat(body.get("externalRef").isNull()).isTrue();
		assertThat(body.get("version").asLong()).isZero();
		assertThat(body.get("updatedAt").asString()).isEqualTo(body.get("createdAt").asString());

		assertThat(this.jdbc.queryForObject(
				"select concat_ws('|', display_name, language, created_by, version) from customers where id = ?",
				String.class, UUID.fromString(id)))
			.isEqualTo(name + "|cs|admin|0");
	}

	@Test
	void languageIsEnglishWhenNotGiven() {
		Response created = create(json("{'displayName': '%s'}", unique("Sam")));
		assertThat(created.field("language")).isEqualTo("en");
	}

	@Test
	void getAnswersTheCustomerWithItsVersionAsETag() {
		Response created = create(json("{'displayName': '%s', 'language': 'de'}", unique("Jonas")));
		String id = created.field("id");
		change(id, "{\"preferredName\": \"Jo\"}");

		Response fetched = this.api.get(CUSTOMERS + "/" + id);
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
		assertThat(fetched.json().get("version").asLong()).isEqualTo(1);
		assertThat(fetched.field("id")).isEqualTo(id);
		assertThat(fetched.field("preferredName")).isEqualTo("Jo");
		assertThat(fetched.field("createdAt")).isEqualTo(created.field("createdAt"));

		Response unchanged = this.api.get(CUSTOMERS + "/" + id, "If-None-Match", "\"1\"");
		assertThat(unchanged.status()).isEqualTo(304);
	}

	@Test
	void invalidDetailsAreRefusedNamingEachField() {
		String name = unique("Invalid");
		Response response = this.api.post(CUSTOMERS, json(
				"{'displayName': '  ', 'email': 'not-an-address', 'phone': 'call me', 'preferences': '%s'}", name));
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactlyInAnyOrder("displayName", "email", "phone");
		assertThat(this.jdbc.queryForObject("select count(*) from customers where preferences = ?", Long.class, name))
			.isZero();

		Response tooLong = this.api.post(CUSTOMERS, json("{'displayName': '%s'}", "x".repeat(201)));
		problem(tooLong, 400, "validation-failed");
		assertThat(tooLong.fieldErrors()).containsExactly("displayName");
	}

	@Test
	void unknownLanguageIsRefusedNamingTheLanguagesThereAre() {
		Response response = this.api.post(CUSTOMERS, json("{'displayName': '%s', 'language': 'fr'}", unique("Zoé")));
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactly("language");
		assertThat(response.body()).contains("en", "de", "cs");
	}

	@Test
	void unknownFieldIsRefused() {
		Response response = this.api.post(CUSTOMERS, json("{'displayName': '%s', 'nickname': 'J'}", unique("Jana")));
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactly("nickname");
	}

	@Test
	void externalReferenceBelongsToOneCustomer() {
		String ref = unique("crm");
		String owner = create(json("{'displayName': '%s', 'externalRef': '%s'}", unique("First"), ref)).field("id");

		String second = unique("Second");
		Response duplicate = this.api.post(CUSTOMERS, json("{'displayName': '%s', 'externalRef': '%s'}", second, ref));
		problem(duplicate, 409, "external-ref-taken");
		assertThat(duplicate.field("customerId")).isEqualTo(owner);
		assertThat(
				this.jdbc.queryForObject("select count(*) from customers where display_name = ?", Long.class, second))
			.isZero();

		String other = create(json("{'displayName': '%s'}", second)).field("id");
		problem(this.api.send("PATCH", CUSTOMERS + "/" + other, json("{'externalRef': '%s'}", ref), MERGE_PATCH), 409,
				"external-ref-taken");
		assertThat(this.api.get(CUSTOMERS + "/" + other).field("externalRef")).isNull();
	}

	@Test
	void searchFindsByNameEmailOrExternalRefNewestFirstPageByPage() {
		String marker = "mk" + UUID.randomUUID().toString().substring(0, 8);
		List<String> matching = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			matching.add(create(json("{'displayName': 'Ann %s %d'}", marker.toUpperCase(), i)).field("id"));
		}
		String byEmail = create(json("{'displayName': 'Mail Only', 'email': '%s@example.com'}", marker)).field("id");
		matching.add(byEmail);
		String byRef = create(json("{'displayName': 'Ref Only', 'externalRef': 'crm-%s'}", marker)).field("id");
		matching.add(byRef);
		create(json("{'displayName': 'Not %s', 'email': 'other@example.com'}", marker.substring(0, 6)));
		Collections.reverse(matching);

		List<String> found = new ArrayList<>();
		List<Instant> times = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Response page = this.api
				.get(CUSTOMERS + "?limit=3&q=" + marker + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).isEqualTo(200);
			for (JsonNode item : page.json().get("items")) {
				found.add(item.get("id").asString());
				times.add(Instant.parse(item.get("createdAt").asString()));
			}
			cursor = page.field("nextCursor");
			pages++;
		}
		while (cursor != null && pages < 10);

		assertThat(found).containsExactlyElementsOf(matching);
		assertThat(times).isSortedAccordingTo(Collections.reverseOrder());
		assertThat(pages).isEqualTo(3);
		assertThat(ids(search(marker + "@EXAMPLE"))).containsExactly(byEmail);
		assertThat(ids(search("CRM-" + marker))).containsExactly(byRef);
	}

	@Test
	void searchWithoutTextListsNewestCustomersFirst() {
		String older = create(json("{'displayName': '%s'}", unique("Older"))).field("id");
		String newer = create(json("{'displayName': '%s'}", unique("Newer"))).field("id");
		List<String> newest = ids(this.api.get(CUSTOMERS + "?limit=100"));
		assertThat(newest).contains(newer, older);
		assertThat(newest.indexOf(newer)).isLessThan(newest.indexOf(older));
	}

	@Test
	void searchTakesWildcardsAndBackslashesLiterally() {
		String marker = "wc" + UUID.randomUUID().toString().substring(0, 8);
		String percent = create(json("{'displayName': '50%%_off %s'}", marker)).field("id");
		create(json("{'displayName': '50xyoff %s'}", marker));
		String backslash = create(json("{'displayName': 'C\\\\D %s'}", marker)).field("id");
		create(json("{'displayName': 'CD %s'}", marker));

		assertThat(ids(search("50%_off " + marker))).containsExactly(percent);
		assertThat(ids(search("C\\D " + marker))).containsExactly(backslash);
		assertThat(ids(search(marker))).hasSize(4);
	}

	@Test
	void searchRefusesBadPaging() {
		problem(this.api.get(CUSTOMERS + "?limit=0"), 400, "validation-failed");
		problem(this.api.get(CUSTOMERS + "?limit=101"), 400, "validation-failed");
		problem(this.api.get(CUSTOMERS + "?cursor=bm90LWEtY3Vyc29y"), 400, "invalid-cursor");
	}

	@Test
	void mergePatchSetsAndClearsFieldsAndBumpsTheVersion() {
		String name = unique("Petra");
		Response created = create(
				json("{'displayName': '%s', 'preferredName': 'Pet', 'email': 'petra@example.de', 'language': 'de', "
						+ "'preferences': 'Call after 10'}", name));
		String id = created.field("id");

		Response changed = this.api.send("PATCH", CUSTOMERS + "/" + id,
				"{\"preferredName\": null, \"phone\": \"+49 30 1234567\", \"language\": \"cs\", \"preferences\": null}",
				MERGE_PATCH);

		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.header("ETag")).isEqualTo("\"1\"");
		JsonNode body = changed.json();
		assertThat(body.get("version").asLong()).isEqualTo(1);
		assertThat(body.get("preferredName").isNull()).isTrue();
		assertThat(body.get("preferences").isNull()).isTrue();
		assertThat(body.get("phone").asString()).isEqualTo("+49 30 1234567");
		assertThat(body.get("language").asString()).isEqualTo("cs");
		assertThat(body.get("displayName").asString()).isEqualTo(name);
		assertThat(body.get("email").asString()).isEqualTo("petra@example.de");
		assertThat(Instant.parse(body.get("updatedAt").asString())).isAfter(Instant.parse(created.field("updatedAt")));

		Response fetched = this.api.get(CUSTOMERS + "/" + id);
		assertThat(fetched.json()).isEqualTo(body);
		assertThat(this.jdbc.queryForObject(
				"select concat_ws('|', preferred_name, phone, language, preferences, version) from customers where id = ?",
				String.class, UUID.fromString(id)))
			.isEqualTo("+49 30 1234567|cs|1");
	}

	@Test
	void plainJsonIsAcceptedAsAMergePatchToo() {
		String id = create(json("{'displayName': '%s'}", unique("Plain"))).field("id");
		Response changed = this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"email\": \"plain@example.com\"}",
				"application/json");
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.field("email")).isEqualTo("plain@example.com");

		problem(this.api.send("PATCH", CUSTOMERS + "/" + id, "email=x", "text/plain"), 415, "unsupported-media-type");
	}

	@Test
	void patchThatChangesNothingKeepsTheVersion() {
		String name = unique("Same");
		String id = create(json("{'displayName': '%s', 'language': 'de'}", name)).field("id");

		Response empty = this.api.send("PATCH", CUSTOMERS + "/" + id, "{}", MERGE_PATCH);
		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.header("ETag")).isEqualTo("\"0\"");

		Response same = this.api.send("PATCH", CUSTOMERS + "/" + id,
				json("{'displayName': '%s', 'language': 'de', 'email': null}", name), MERGE_PATCH);
		assertThat(same.status()).isEqualTo(200);
		assertThat(same.json().get("version").asLong()).isZero();
	}

	@Test
	void displayNameAndLanguageCannotBeCleared() {
		String id = create(json("{'displayName': '%s'}", unique("Keep"))).field("id");

		Response clearName = this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"displayName\": null}", MERGE_PATCH);
		problem(clearName, 400, "validation-failed");
		assertThat(clearName.fieldErrors()).containsExactly("displayName");

		Response blankName = this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"displayName\": \"  \"}", MERGE_PATCH);
		problem(blankName, 400, "validation-failed");
		assertThat(blankName.fieldErrors()).containsExactly("displayName");

		Response clearLanguage = this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"language\": null}", MERGE_PATCH);
		problem(clearLanguage, 400, "validation-failed");
		assertThat(clearLanguage.fieldErrors()).containsExactly("language");

		assertThat(this.api.get(CUSTOMERS + "/" + id).header("ETag")).isEqualTo("\"0\"");
	}

	@Test
	void patchRefusesUnknownAndReadOnlyFieldsWrongTypesAndInvalidValues() {
		String id = create(json("{'displayName': '%s'}", unique("Strict"))).field("id");

		Response wrong = this.api.send("PATCH", CUSTOMERS + "/" + id,
				"{\"nickname\": \"x\", \"version\": 7, \"email\": 42, \"language\": \"fr\", \"phone\": [\"1\"]}",
				MERGE_PATCH);
		problem(wrong, 400, "validation-failed");
		assertThat(wrong.fieldErrors()).containsExactlyInAnyOrder("nickname", "version", "email", "language", "phone");

		Response invalid = this.api.send("PATCH", CUSTOMERS + "/" + id,
				"{\"email\": \"nope\", \"preferredName\": \"" + "p".repeat(101) + "\"}", MERGE_PATCH);
		problem(invalid, 400, "validation-failed");
		assertThat(invalid.fieldErrors()).containsExactlyInAnyOrder("email", "preferredName");

		problem(this.api.send("PATCH", CUSTOMERS + "/" + id, "[]", MERGE_PATCH), 400, "validation-failed");
		problem(this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"email\": ", MERGE_PATCH), 400, "malformed-json");

		Response fetched = this.api.get(CUSTOMERS + "/" + id);
		assertThat(fetched.header("ETag")).isEqualTo("\"0\"");
		assertThat(fetched.field("email")).isNull();
	}

	@Test
	void staleIfMatchIs412AndChangesNothing() {
		String id = create(json("{'displayName': '%s'}", unique("Contested"))).field("id");
		Response first = this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"preferredName\": \"First\"}", MERGE_PATCH,
				"If-Match", "\"0\"");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("ETag")).isEqualTo("\"1\"");

		Response stale = this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"preferredName\": \"Second\"}", MERGE_PATCH,
				"If-Match", "\"0\"");
		problem(stale, 412, "stale-version");
		assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);

		problem(this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"preferredName\": \"Third\"}", MERGE_PATCH, "If-Match",
				"not-an-etag"), 412, "stale-version");

		Response fetched = this.api.get(CUSTOMERS + "/" + id);
		assertThat(fetched.field("preferredName")).isEqualTo("First");
		assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
	}

	@Test
	void currentIfMatchIsAccepted() {
		String id = create(json("{'displayName': '%s'}", unique("Current"))).field("id");
		change(id, "{\"preferredName\": \"One\"}");
		String etag = this.api.get(CUSTOMERS + "/" + id).header("ETag");

		Response changed = this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"preferredName\": \"Two\"}", MERGE_PATCH,
				"If-Match", etag);
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.field("preferredName")).isEqualTo("Two");
		assertThat(changed.header("ETag")).isEqualTo("\"2\"");

		Response weak = this.api.send("PATCH", CUSTOMERS + "/" + id, "{\"preferredName\": \"Three\"}", MERGE_PATCH,
				"If-Match", "W/\"2\"");
		assertThat(weak.status()).isEqualTo(200);
		assertThat(weak.header("ETag")).isEqualTo("\"3\"");
	}

	@Test
	void concurrentChangesFromTheSameVersionLetExactlyOneWin() throws Exception {
		String id = create(json("{'displayName': '%s'}", unique("Raced"))).field("id");
		int writers = 4;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Response>> answers = new ArrayList<>();
			for (int i = 0; i < writers; i++) {
				String patch = "{\"preferredName\": \"Writer " + i + "\"}";
				answers.add(pool.submit(() -> {
					start.await();
					return this.api.send("PATCH", CUSTOMERS + "/" + id, patch, MERGE_PATCH, "If-Match", "\"0\"");
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			String winner = null;
			for (Future<Response> answer : answers) {
				Response response = answer.get();
				statuses.add(response.status());
				if (response.status() == 200) {
					winner = response.field("preferredName");
				}
			}
			assertThat(statuses).containsExactlyInAnyOrder(200, 412, 412, 412);
			Response fetched = this.api.get(CUSTOMERS + "/" + id);
			assertThat(fetched.field("preferredName")).isEqualTo(winner);
			assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void retriedCreateWithTheSameIdempotencyKeyIsRecordedOnce() {
		String name = unique("Once");
		String key = UUID.randomUUID().toString();
		String body = json("{'displayName': '%s'}", name);

		Response first = this.api.post(CUSTOMERS, body, "Idempotency-Key", key);
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isNull();

		Response retry = this.api.post(CUSTOMERS, body, "Idempotency-Key", key);
		assertThat(retry.status()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.field("id")).isEqualTo(first.field("id"));
		assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
		assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
		assertThat(this.jdbc.queryForObject("select count(*) from customers where display_name = ?", Long.class, name))
			.isEqualTo(1);

		String otherName = unique("Other");
		Response reused = this.api.post(CUSTOMERS, json("{'displayName': '%s'}", otherName), "Idempotency-Key", key);
		problem(reused, 422, "idempotency-key-reused");
		assertThat(this.jdbc.queryForObject("select count(*) from customers where display_name = ?", Long.class,
				otherName))
			.isZero();
	}

	@Test
	void unknownCustomerIs404() {
		UUID nobody = UUID.randomUUID();
		problem(this.api.get(CUSTOMERS + "/" + nobody), 404, "not-found");
		problem(this.api.send("PATCH", CUSTOMERS + "/" + nobody, "{}", MERGE_PATCH), 404, "not-found");
	}

	@Test
	void malformedIdIs400() {
		Response response = this.api.get(CUSTOMERS + "/not-a-uuid");
		problem(response, 400, "validation-failed");
		assertThat(response.fieldErrors()).containsExactly("id");
	}

	@Test
	void everyRoleMayWorkWithCustomersButOnlyWithAKey() {
		String agentKey = this.api
			.post("/api/v1/api-keys", json("{'principal': '%s', 'role': 'AGENT'}", unique("agent")))
			.field("key");
		Response created = this.api.as(agentKey).post(CUSTOMERS, json("{'displayName': '%s'}", unique("ByAgent")));
		assertThat(created.status()).isEqualTo(201);
		assertThat(this.jdbc.queryForObject("select created_by from customers where id = ?", String.class,
				UUID.fromString(created.field("id"))))
			.startsWith("agent-");

		problem(this.api.as(null).get(CUSTOMERS), 401, "unauthenticated");
		problem(this.api.as(null).post(CUSTOMERS, json("{'displayName': '%s'}", unique("Anon"))), 401,
				"unauthenticated");
	}

	@Test
	void openApiDocumentsLimitsAndTheConflictAnswers() {
		JsonNode doc = this.api.as(null).get("/v3/api-docs").json();
		JsonNode create = doc.at("/paths/~1api~1v1~1customers/post");
		assertThat(create.at("/responses/201/content/application~1json").isMissingNode()).isFalse();
		assertThat(create.at("/responses/409/content/application~1problem+json").isMissingNode()).isFalse();
		JsonNode patch = doc.at("/paths/~1api~1v1~1customers~1{id}/patch");
		assertThat(patch.at("/requestBody/content").has(MERGE_PATCH)).isTrue();
		assertThat(patch.at("/responses/200/content/application~1json").isMissingNode()).isFalse();
		assertThat(patch.at("/responses/412/content/application~1problem+json").isMissingNode()).isFalse();
		JsonNode input = doc.at("/components/schemas/NewCustomer");
		assertThat(input.at("/properties/displayName/maxLength").asInt()).isEqualTo(200);
		assertThat(input.at("/properties/preferences/maxLength").asInt()).isEqualTo(2000);
		assertThat(input.get("required").toString()).contains("displayName");
	}

	private Response create(String body) {
		Response created = this.api.post(CUSTOMERS, body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created;
	}

	private void change(String id, String patch) {
		assertThat(this.api.send("PATCH", CUSTOMERS + "/" + id, patch, MERGE_PATCH).status()).isEqualTo(200);
	}

	private Response search(String q) {
		Response page = this.api.get(CUSTOMERS + "?limit=100&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		return page;
	}

	private static List<String> ids(Response page) {
		List<String> ids = new ArrayList<>();
		page.json().get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

	private static String unique(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
