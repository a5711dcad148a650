package io.defuse.shared.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import io.defuse.ApiClient;
import io.defuse.TestcontainersConfiguration;

/**
 * The whole service as an operator locks it down: no OpenAPI document, no Swagger UI, and
 * rate limits small enough to reach in a test (AGENT 3 per hour, SUPERVISOR 2 per 2
 * seconds, anonymous traffic 3 per hour per IP, inbound webhooks 2 per hour per
 * integration). A second application context with its own database, shared by every class
 * carrying this annotation; tests pose as different clients with {@code X-Forwarded-For}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "springdoc.api-docs.enabled=false", "springdoc.swagger-ui.enabled=false",
				"defuse.rate-limit.roles.AGENT.capacity=3", "defuse.rate-limit.roles.AGENT.refill-period=1h",
				"defuse.rate-limit.roles.SUPERVISOR.capacity=2", "defuse.rate-limit.roles.SUPERVISOR.refill-period=2s",
				"defuse.rate-limit.anonymous.capacity=3", "defuse.rate-limit.anonymous.refill-period=1h",
				"defuse.rate-limit.inbound.capacity=2", "defuse.rate-limit.inbound.refill-period=1h" })
@ActiveProfiles("test")
@Import({ TestcontainersConfiguration.class, ApiClient.Configuration.class })
@interface LockedDownIntegrationTest {

}
