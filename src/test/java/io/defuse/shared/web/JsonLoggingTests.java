package io.defuse.shared.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DEFUSE_LOG_FORMAT} switches the console to Boot's structured JSON, and the
 * logging context of a request (correlation id, principal, role) and the access log's
 * fields come out as JSON fields. Checked on the configuration and Boot's encoder,
 * without starting the application.
 */
class JsonLoggingTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String FORMAT = "logging.structured.format.console";

	@Test
	void theConsoleLogsTextUnlessDefuseLogFormatIsSet() throws IOException {
		assertThat(configuration(Map.of()).getProperty(FORMAT)).isEmpty();
		assertThat(configuration(Map.of("DEFUSE_LOG_FORMAT", "ecs")).getProperty(FORMAT)).isEqualTo("ecs");
	}

	@Test
	void ecsCarriesTheRequestContextAndTheAccessLogFields() throws IOException {
		JsonNode line = encode("ecs");
		assertThat(line.at("/message").asString())
			.isEqualTo("GET /api/v1/cases/{id} 200 12ms principal=alice role=AGENT");
		assertThat(line.at("/log/logger").asString()).isEqualTo(AccessLogFilter.LOGGER);
		assertThat(line.at("/log/level").asString()).isEqualTo("INFO");
		assertThat(line.at("/service/name").asString()).isEqualTo("defuse");
		assertThat(line.at("/correlationId").asString()).isEqualTo("3f0c9c52-req");
		assertThat(line.at("/principal").asString()).isEqualTo("alice");
		assertThat(line.at("/role").asString()).isEqualTo("AGENT");
		assertThat(line.at("/route").asString()).isEqualTo("/api/v1/cases/{id}");
		assertThat(line.at("/status").asInt()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "logstash", "gelf" })
	void theOtherFormatsCarryTheRequestContextToo(String format) throws IOException {
		JsonNode line = encode(format);
		String prefix = format.equals("gelf") ? "_" : "";
		assertThat(line.path(prefix + "correlationId").asString()).isEqualTo("3f0c9c52-req");
		assertThat(line.path(prefix + "principal").asString()).isEqualTo("alice");
		assertThat(line.path(prefix + "role").asString()).isEqualTo("AGENT");
		assertThat(line.path(prefix + "route").asString()).isEqualTo("/api/v1/cases/{id}");
	}

	/** The access-log line of a request, as the console would write it in the format. */
	private static JsonNode encode(String format) throws IOException {
		LoggerContext context = new LoggerContext();
		context.putObject(Environment.class.getName(), configuration(Map.of("DEFUSE_LOG_FORMAT", format)));
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat(format);
		encoder.start();
		LoggingEvent event = new LoggingEvent(AccessLogFilter.class.getName(),
				context.getLogger(AccessLogFilter.LOGGER), Level.INFO, "{} {} {} {}ms principal={} role={}", null,
				new Object[] { "GET", "/api/v1/cases/{id}", 200, 12, "alice", "AGENT" });
		event.setMDCPropertyMap(Map.of("correlationId", "3f0c9c52-req", "principal", "alice", "role", "AGENT"));
		event.addKeyValuePair(new KeyValuePair("route", "/api/v1/cases/{id}"));
		event.addKeyValuePair(new KeyValuePair("status", 200));
		String encoded = new String(encoder.encode(event), StandardCharsets.UTF_8);
		assertThat(encoded).endsWith("\n").hasLineCount(1);
		return JSON.readTree(encoded);
	}

	/**
	 * application.yml under the given environment variables (and no others), as the
	 * service reads it.
	 */
	private static ConfigurableEnvironment configuration(Map<String, Object> variables) throws IOException {
		ConfigurableEnvironment environment = new AbstractEnvironment() {
		};
		environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
		new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
			.forEach(environment.getPropertySources()::addLast);
		return environment;
	}

}
