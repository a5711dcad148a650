package io.defuse.webhook.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The admin API of integrations: create, read, change, delete, rotate the secret. */
@IntegrationTest
class IntegrationApiTests {

	@Autowired
	ApiClient admin;

	@Test
	void createShowsTheSecretAndInboundUrlOnceAndNeverAgain() {
		String name = unique("crm");
		Response created = this.admin.post("/api/v1/integrations",
				json("{'name': '%s', 'description': 'The EU call centre'}", name));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.field("id");
		assertThat(created.header("Location")).isEqualTo("/api/v1/integrations/" + id);
		assertThat(created.header("ETag")).isEqualTo("\"0\"");
		assertThat(created.field("secret")).startsWith("whsec_");
		assertThat(created.field("inboundUrl")).isEqualTo("/api/v1/inbound/" + id);
		assertThat(created.field("name")).isEqualTo(name);
		assertThat(created.field("description")).isEqualTo("The EU call centre");
		assertThat(created.json().get("enabled").asBoolean()).isTrue();

		Response read = this.admin.get("/api/v1/integrations/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.header("ETag")).isEqualTo("\"0\"");
		assertThat(read.json().has("secret")).isFalse();
		assertThat(read.body()).doesNotContain(created.field("secret"));
		assertThat(read.field("inboundUrl")).isEqualTo("/api/v1/inbound/" + id);

		Response listed = this.admin.get("/api/v1/integrations?limit=100");
		assertThat(listed.body()).contains(id).doesNotContain(created.field("secret"));
	}

	@Test
	void aTakenOrMalformedNameIsRefused() {
		String name = unique("crm");
		assertThat(this.admin.post("/api/v1/integrations", json("{'name': '%s'}", name)).status()).isEqualTo(201);

		problem(this.admin.post("/api/v1/integrations", json("{'name': '%s'}", name)), 409, "integration-name-taken");
		Response malformed = this.admin.post("/api/v1/integrations", json("{'name': 'has spaces'}"));
		problem(malformed, 400, "validation-failed");
		assertThat(malformed.fieldErrors()).containsExactly("name");
		Response tooLong = this.admin.post("/api/v1/integrations", json("{'name': '%s'}", "x".repeat(89)));
		problem(tooLong, 400, "validation-failed");
		assertThat(tooLong.fieldErrors()).containsExactly("name");
		problem(this.admin.post("/api/v1/integrations", json("{'description': 'no name'}")), 400, "validation-failed");
	}

	@Test
	void listsNewestFirstPageByPage() {
		List<String> mine = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			mine.add(0, this.admin.post("/api/v1/integrations", json("{'name': '%s'}", unique("page"))).field("id"));
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			Response page = this.admin
				.get("/api/v1/integrations?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).isEqualTo(200);
			JsonNode items = page.json().get("items");
			assertThat(items.size()).isLessThanOrEqualTo(2);
			items.forEach((item) -> {
				assertThat(item.has("secret")).isFalse();
				seen.add(item.get("id").asString());
			});
			cursor = page.field("nextCursor");
		}
		while (cursor != null && !seen.containsAll(mine));

		assertThat(seen).doesNotHaveDuplicates();
		assertThat(seen.stream().filter(mine::contains).toList()).isEqualTo(mine);
		problem(this.admin.get("/api/v1/integrations?limit=101"), 400, "validation-failed");
		problem(this.admin.get("/api/v1/integrations?cursor=garbage"), 400, "invalid-cursor");
	}

	@Test
	void patchChangesDescriptionAndEnabledUnderIfMatch() {
		String id = create("patch");

		Response disabled = this.admin.send("PATCH", "/api/v1/integrations/" + id,
				json("{'enabled': false, 'description': 'paused'}"), "application/merge-patch+json", "If-Match",
				"\"0\"");
		assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
		assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
		assertThat(disabled.field("description")).isEqualTo("paused");
		assertThat(disabled.header("ETag")).isEqualTo("\"1\"");

		Response stale = this.admin.send("PATCH", "/api/v1/integrations/" + id, json("{'enabled': true}"),
				"application/json", "If-Match", "\"0\"");
		problem(stale, 412, "stale-version");
		assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);

		Response cleared = this.admin.send("PATCH", "/api/v1/integrations/" + id, json("{'description': null}"),
				"application/json");
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(cleared.field("description")).isNull();
		assertThat(cleared.json().get("enabled").asBoolean()).isFalse();

		Response unchanged = this.admin.send("PATCH", "/api/v1/integrations/" + id, json("{'enabled': false}"),
				"application/json");
		assertThat(unchanged.header("ETag")).isEqualTo(cleared.header("ETag"));

		Response refused = this.admin.send("PATCH", "/api/v1/integrations/" + id,
				json("{'name': 'renamed', 'enabled': 'yes', 'colour': 'red'}"), "application/json");
		problem(refused, 400, "validation-failed");
		assertThat(refused.fieldErrors()).containsExactlyInAnyOrder("name", "enabled", "colour");
		problem(this.admin.send("PATCH", "/api/v1/integrations/" + UUID.randomUUID(), json("{'enabled': true}"),
				"application/json"), 404, "not-found");
	}

	@Test
	void deleteRemovesTheIntegration() {
		String id = create("delete");

		Response deleted = this.admin.delete("/api/v1/integrations/" + id);
		assertThat(deleted.status()).isEqualTo(204);
		problem(this.admin.get("/api/v1/integrations/" + id), 404, "not-found");
		problem(this.admin.delete("/api/v1/integrations/" + id), 404, "not-found");
	}

	@Test
	void rotationShowsANewSecretOnceAndKeepsThePreviousForTheGracePeriod() {
		Response created = this.admin.post("/api/v1/integrations", json("{'name': '%s'}", unique("rotate")));
		String id = created.field("id");

		Response rotated = this.admin.post("/api/v1/integrations/" + id + "/secret-rotation", null);
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
		assertThat(rotated.field("secret")).startsWith("whsec_").isNotEqualTo(created.field("secret"));
		assertThat(rotated.header("ETag")).isEqualTo("\"1\"");
		Instant validUntil = Instant.parse(rotated.field("previousSecretValidUntil"));
		assertThat(Duration.between(Instant.now(), validUntil).toMinutes()).isCloseTo(24 * 60, within(2L));

		Response read = this.admin.get("/api/v1/integrations/" + id);
		assertThat(read.json().has("secret")).isFalse();
		assertThat(read.field("previousSecretValidUntil")).isEqualTo(rotated.field("previousSecretValidUntil"));
		problem(this.admin.post("/api/v1/integrations/" + UUID.randomUUID() + "/secret-rotation", null), 404,
				"not-found");
	}

	@Test
	void onlyAdminsManageIntegrations() {
		String id = create("admins-only");
		for (String role : List.of("AGENT", "SUPERVISOR", "INTEGRATION")) {
			ApiClient other = this.admin.withNewPrincipal(role);
			problem(other.get("/api/v1/integrations"), 403, "forbidden");
			problem(other.get("/api/v1/integrations/" + id), 403, "forbidden");
			problem(other.post("/api/v1/integrations", json("{'name': '%s'}", unique("sneaky"))), 403, "forbidden");
			problem(other.post("/api/v1/integrations/" + id + "/secret-rotation", null), 403, "forbidden");
			problem(other.delete("/api/v1/integrations/" + id), 403, "forbidden");
		}
		problem(this.admin.as(null).get("/api/v1/integrations"), 401, "unauthenticated");
		assertThat(this.admin.get("/api/v1/integrations/" + id).status()).isEqualTo(200);
	}

	private String create(String prefix) {
		Response created = this.admin.post("/api/v1/integrations", json("{'name': '%s'}", unique(prefix)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.field("id");
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
