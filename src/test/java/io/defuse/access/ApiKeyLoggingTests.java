package io.defuse.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No key ever reaches a log: not when it authenticates, not when it is refused, not when
 * it arrives in a URL, not when it is created or rotated. Logging of the request path
 * (Spring Security, Spring MVC, our own code) is turned up to DEBUG while the requests
 * run, and both the log events and everything written to standard output and error are
 * searched for the keys.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyLoggingTests {

	private static final List<String> LOGGERS = List.of("io.defuse", "io.defuse.accesslog",
			"org.springframework.security", "org.springframework.web", "org.springframework.boot.web");

	@Autowired
	ApiClient admin;

	private final Capture capture = new Capture();

	private final Map<Logger, Level> levels = new LinkedHashMap<>();

	@BeforeEach
	void captureLogs() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.capture.setContext(root.getLoggerContext());
		this.capture.start();
		root.addAppender(this.capture);
		for (String name : LOGGERS) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			this.levels.put(logger, logger.getLevel());
			logger.setLevel(Level.DEBUG);
		}
	}

	@AfterEach
	void restoreLogs() {
		this.levels.forEach(Logger::setLevel);
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.detachAppender(this.capture);
		this.capture.stop();
	}

	@Test
	void noKeyIsLoggedWhenAuthenticationSucceedsOrFails(CapturedOutput output) {
		List<String> keys = new ArrayList<>();
		Response created = this.admin.post("/api/v1/api-keys",
				json("{'principal': '%s', 'role': 'AGENT'}", "logged-" + UUID.randomUUID().toString().substring(0, 8)));
		String key = created.field("key");
		keys.add(key);

		// success
		assertThat(this.admin.as(key).get("/api/v1/nothing-here").status()).isEqualTo(404);
		// an unknown key
		String unknown = "dfs_" + UUID.randomUUID() + "-never-issued";
		keys.add(unknown);
		problem(this.admin.as(unknown).get("/api/v1/api-keys"), 401, "invalid-api-key");
		// a key of the wrong role
		problem(this.admin.as(key).get("/api/v1/audit"), 403, "forbidden");
		// rotation shows a new key once; the old one is refused afterwards
		Response rotated = this.admin.post("/api/v1/api-keys/" + created.field("id") + "/rotation", null);
		keys.add(rotated.field("key"));
		problem(this.admin.as(key).get("/api/v1/api-keys"), 401, "invalid-api-key");
		// keys in the URL, valid and not
		problem(this.admin.as(null).get("/api/v1/api-keys?api_key=" + rotated.field("key")), 400, "key-in-url");
		problem(this.admin.as(null).get("/api/v1/api-keys?key=" + unknown), 400, "key-in-url");

		List<String> lines = this.capture.lines();
		assertThat(lines).as("the requests were logged at all").isNotEmpty();
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("key-in-url"));
		assertThat(lines).as("DEBUG logging of the request path was on")
			.anySatisfy((line) -> assertThat(line).startsWith("org.springframework.security").contains("Securing GET"));
		for (String secret : keys) {
			assertThat(lines).noneSatisfy((line) -> assertThat(line).contains(secret));
			assertThat(output.getAll()).doesNotContain(secret);
			// nor the part of a key after the prefix lists show
			assertThat(lines).noneSatisfy((line) -> assertThat(line).contains(secret.substring(12)));
		}
	}

	/** Collects every event's message, arguments, MDC and stack trace as text. */
	private static final class Capture extends AppenderBase<ILoggingEvent> {

		private final Queue<String> lines = new ConcurrentLinkedQueue<>();

		@Override
		protected void append(ILoggingEvent event) {
			StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
				.append(event.getFormattedMessage())
				.append(' ')
				.append(event.getMDCPropertyMap());
			if (event.getArgumentArray() != null) {
				for (Object argument : event.getArgumentArray()) {
					line.append(' ').append(argument);
				}
			}
			if (event.getThrowableProxy() != null) {
				line.append(' ').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
			}
			this.lines.add(line.toString());
		}

		List<String> lines() {
			return List.copyOf(this.lines);
		}

	}

}
