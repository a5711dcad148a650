package io.defuse;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The tests' database: PostgreSQL 17 in a container when Docker is available; otherwise
 * no bean here, and the embedded auto-configuration starts a throw-away server (profile
 * {@code test} sets {@code defuse.embedded-postgres.ephemeral}). Either way the tests run
 * against real PostgreSQL.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestcontainersConfiguration {

	@Bean
	@ServiceConnection
	@Conditional(DockerAvailable.class)
	PostgreSQLContainer postgresContainer() {
		return new PostgreSQLContainer(DockerImageName.parse("postgres:17"));
	}

	static class DockerAvailable implements Condition {

		private static volatile Boolean available;

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			if (available == null) {
				available = DockerClientFactory.instance().isDockerAvailable();
			}
			return available;
		}

	}

}
