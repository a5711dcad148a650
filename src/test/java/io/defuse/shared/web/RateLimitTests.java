package io.defuse.shared.web;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;

import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets per principal (by role), per client IP for traffic that does not
 * authenticate, and per integration for inbound webhooks; refusals are 429 problems with
 * Retry-After, and counted.
 */
@LockedDownIntegrationTest
class RateLimitTests {

	private static final AtomicInteger clients = new AtomicInteger(10);

	@Autowired
	ApiClient admin;

	@Test
	void eachPrincipalGetsTheBucketOfItsRoleAndIsToldWhatIsLeft() {
		ApiClient agent = this.admin.withNewPrincipal("AGENT");
		for (int remaining = 2; remaining >= 0; remaining--) {
			Response allowed = agent.get("/api/v1/sla-policies");
			assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
			assertThat(allowed.header("RateLimit-Limit")).isEqualTo("3");
			assertThat(allowed.header("RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
		}

		Response refused = agent.get("/api/v1/sla-policies");

		problem(refused, 429, "rate-limited");
		long retryAfter = Long.parseLong(refused.header("Retry-After"));
		assertThat(retryAfter).as("a token every 20 minutes").isBetween(1L, 1200L);
		assertThat(refused.json().get("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
		assertThat(refused.json().get("limit").asLong()).isEqualTo(3);
		assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
		assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(this.admin.withNewPrincipal("AGENT").get("/api/v1/sla-policies").status())
			.as("another agent has a bucket of its own")
			.isEqualTo(200);
		assertThat(this.admin.get("/api/v1/sla-policies").status()).isEqualTo(200);
	}

	@Test
	void aBucketRefillsOverItsPeriod() throws InterruptedException {
		ApiClient supervisor = this.admin.withNewPrincipal("SUPERVISOR");
		assertThat(supervisor.get("/api/v1/sla-policies").status()).isEqualTo(200);
		assertThat(supervisor.get("/api/v1/sla-policies").status()).isEqualTo(200);
		Response refused = supervisor.get("/api/v1/sla-policies");
		problem(refused, 429, "rate-limited");
		assertThat(refused.header("Retry-After")).isEqualTo("1");

		Thread.sleep(1100);

		assertThat(supervisor.get("/api/v1/sla-policies").status()).isEqualTo(200);
	}

	@Test
	void rejectionsAreCountedByRole() {
		ApiClient agent = this.admin.withNewPrincipal("AGENT");
		for (int i = 0; i < 4; i++) {
			agent.get("/api/v1/sla-policies");
		}
		String metrics = this.admin.get("/actuator/prometheus").body();
		assertThat(metrics.lines()
			.filter((line) -> line.startsWith("defuse_rate_limit_rejections_total{")
					&& line.contains("role=\"AGENT\"")))
			.singleElement()
			.satisfies((line) -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.isGreaterThanOrEqualTo(1.0));
	}

	@Test
	void anonymousTrafficIsLimitedPerClientIpButHealthProbesNever() {
		String ip = newClientIp();
		ApiClient anonymous = this.admin.as(null);
		for (int remaining = 2; remaining >= 0; remaining--) {
			Response response = anonymous.get("/api/v1/cases", "X-Forwarded-For", ip);
			problem(response, 401, "unauthenticated");
			assertThat(response.header("RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
		}

		Response refused = anonymous.get("/api/v1/cases", "X-Forwarded-For", ip);

		problem(refused, 429, "rate-limited");
		assertThat(refused.header("Retry-After")).isNotBlank();
		problem(anonymous.get("/api/v1/cases", "X-Forwarded-For", newClientIp()), 401, "unauthenticated");
		for (int i = 0; i < 5; i++) {
			assertThat(anonymous.get("/actuator/health/liveness", "X-Forwarded-For", ip).status()).isEqualTo(200);
		}
	}

	@Test
	void refusedKeysCountAgainstTheirIpSoGuessingStopsBeforeTheDatabase() {
		String ip = newClientIp();
		ApiClient guesser = this.admin.as("dfs_guessed-" + UUID.randomUUID());
		for (int i = 0; i < 3; i++) {
			problem(guesser.get("/api/v1/cases", "X-Forwarded-For", ip), 401, "invalid-api-key");
		}

		problem(guesser.get("/api/v1/cases", "X-Forwarded-For", ip), 429, "rate-limited");
		ApiClient neverUsed = this.admin.withNewPrincipal("SUPERVISOR");
		problem(neverUsed.get("/api/v1/sla-policies", "X-Forwarded-For", ip), 429, "rate-limited");
	}

	@Test
	void aGuesserDoesNotLockOutPrincipalsThatAuthenticatedFromItsAddressBefore() {
		String ip = newClientIp();
		ApiClient colleague = this.admin.withNewPrincipal("SUPERVISOR");
		assertThat(colleague.get("/api/v1/sla-policies", "X-Forwarded-For", ip).status()).isEqualTo(200);
		ApiClient guesser = this.admin.as("dfs_guessed-" + UUID.randomUUID());
		for (int i = 0; i < 3; i++) {
			guesser.get("/api/v1/cases", "X-Forwarded-For", ip);
		}
		problem(guesser.get("/api/v1/cases", "X-Forwarded-For", ip), 429, "rate-limited");

		assertThat(colleague.get("/api/v1/sla-policies", "X-Forwarded-For", ip).status()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/sla-policies", "X-Forwarded-For", ip).status()).isEqualTo(200);
	}

	@Test
	void inboundWebhooksAreLimitedPerIntegration() {
		String first = integration();
		String second = integration();
		ApiClient crm = this.admin.as(null);
		String ip = newClientIp();
		for (int i = 0; i < 2; i++) {
			problem(unsigned(crm, first, ip), 401, "invalid-signature");
		}

		Response refused = unsigned(crm, first, newClientIp());

		problem(refused, 429, "rate-limited");
		assertThat(refused.header("Retry-After")).isNotBlank();
		problem(unsigned(crm, second, newClientIp()), 401, "invalid-signature");
	}

	private String integration() {
		Response created = this.admin.post("/api/v1/integrations",
				ApiClient.json("{'name': 'crm-%s'}", UUID.randomUUID().toString().substring(0, 8)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.field("id");
	}

	private static Response unsigned(ApiClient crm, String integration, String ip) {
		return crm.post("/api/v1/inbound/" + integration, "{}", "X-Forwarded-For", ip, "webhook-id", "msg_1",
				"webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000), "webhook-signature",
				"v1,bm9wZQ==");
	}

	/** A documentation address (RFC 5737) no other test uses. */
	private static String newClientIp() {
		return "198.51.100." + clients.incrementAndGet();
	}

}
