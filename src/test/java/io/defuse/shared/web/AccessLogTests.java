package io.defuse.shared.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One access-log line per request: method, route template, status, duration, principal,
 * role, and the correlation id the client sent or got back; never the path with its ids,
 * the query string or anything personal.
 */
@IntegrationTest
class AccessLogTests {

	@Autowired
	ApiClient admin;

	private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

	private final ListAppender<ILoggingEvent> problems = new ListAppender<>();

	private Level level;

	@BeforeEach
	void capture() {
		Logger logger = (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER);
		this.level = logger.getLevel();
		logger.setLevel(Level.INFO);
		this.accessLog.start();
		logger.addAppender(this.accessLog);
		this.problems.start();
		((Logger) LoggerFactory.getLogger(GlobalExceptionHandler.class)).addAppender(this.problems);
	}

	@AfterEach
	void release() {
		Logger logger = (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER);
		logger.detachAppender(this.accessLog);
		logger.setLevel(this.level);
		((Logger) LoggerFactory.getLogger(GlobalExceptionHandler.class)).detachAppender(this.problems);
	}

	@Test
	void aRequestIsLoggedOnceWithItsRouteTemplateAndTheCorrelationIdItSent() {
		String caseId = openCase();
		String requestId = "access-" + UUID.randomUUID();

		Response read = this.admin.get("/api/v1/cases/" + caseId + "?view=full&email=jana@example.cz", "X-Request-Id",
				requestId);

		assertThat(read.header("X-Request-Id")).isEqualTo(requestId);
		ILoggingEvent line = only(requestId);
		assertThat(line.getFormattedMessage())
			.matches("GET /api/v1/cases/\\{id\\} 200 \\d+ms principal=admin role=ADMIN")
			.doesNotContain(caseId, "?", "view", "jana");
		assertThat(line.getLevel()).isEqualTo(Level.INFO);
		assertThat(line.getMDCPropertyMap()).containsEntry("principal", "admin").containsEntry("role", "ADMIN");
		assertThat(keyValues(line)).containsEntry("method", "GET")
			.containsEntry("route", "/api/v1/cases/{id}")
			.containsEntry("status", "200")
			.containsKey("durationMs");
	}

	@Test
	void aRefusalBeforeAuthenticationCarriesTheTemplateNoPrincipalAndTheProblemsCorrelationId() {
		Response refused = this.admin.as(null).get("/api/v1/cases/" + UUID.randomUUID());

		assertThat(refused.status()).isEqualTo(401);
		ILoggingEvent line = only(refused.field("correlationId"));
		assertThat(line.getFormattedMessage()).matches("GET /api/v1/cases/\\{id\\} 401 \\d+ms principal=- role=-");
	}

	@Test
	void aForbiddenRequestIsLoggedWithWhoMadeIt() {
		ApiClient agent = this.admin.withNewPrincipal("AGENT");

		Response forbidden = agent.get("/api/v1/audit?actor=someone");

		assertThat(forbidden.status()).isEqualTo(403);
		ILoggingEvent line = only(forbidden.field("correlationId"));
		assertThat(line.getFormattedMessage()).matches("GET /api/v1/audit 403 \\d+ms principal=agent-\\w+ role=AGENT");
	}

	@Test
	void aPathNoOperationTakesIsUnmatchedAndNeverQuoted() {
		Response missing = this.admin.get("/api/v1/customers/jana.novakova@example.cz/whatever");

		assertThat(missing.status()).isEqualTo(404);
		ILoggingEvent line = only(missing.field("correlationId"));
		assertThat(line.getFormattedMessage()).matches("GET UNMATCHED 404 \\d+ms principal=admin role=ADMIN");
	}

	@Test
	void everyLineOfTheRequestCarriesItsPrincipalAndCorrelationId() {
		Response missing = this.admin.get("/api/v1/cases/" + UUID.randomUUID());

		assertThat(missing.status()).isEqualTo(404);
		List<ILoggingEvent> warnings;
		synchronized (this.problems) {
			warnings = this.problems.list.stream()
				.filter((event) -> missing.field("correlationId")
					.equals(event.getMDCPropertyMap().get("correlationId")))
				.toList();
		}
		assertThat(warnings).singleElement().satisfies((warning) -> {
			assertThat(warning.getFormattedMessage()).isEqualTo("404 not-found");
			assertThat(warning.getMDCPropertyMap()).containsEntry("principal", "admin").containsEntry("role", "ADMIN");
		});
	}

	// ---- helpers

	/**
	 * The request's one line. An answer written by a filter can reach the client a moment
	 * before the line is written, so it is awaited.
	 */
	private ILoggingEvent only(String correlationId) {
		await().atMost(Duration.ofSeconds(5)).until(() -> !linesOf(correlationId).isEmpty());
		List<ILoggingEvent> lines = linesOf(correlationId);
		assertThat(lines).as("access-log lines of request %s", correlationId).hasSize(1);
		return lines.get(0);
	}

	private List<ILoggingEvent> linesOf(String correlationId) {
		synchronized (this.accessLog) {
			return this.accessLog.list.stream()
				.filter((event) -> correlationId.equals(event.getMDCPropertyMap().get("correlationId")))
				.toList();
		}
	}

	private static Map<String, String> keyValues(ILoggingEvent event) {
		return event.getKeyValuePairs()
			.stream()
			.collect(Collectors.toMap((pair) -> pair.key, (pair) -> String.valueOf(pair.value)));
	}

	private String openCase() {
		String customer = this.admin
			.post("/api/v1/customers", json("{'displayName': 'Access %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		Response opened = this.admin.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Access', 'statement': 'Hello'}", customer));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened.field("id");
	}

}
