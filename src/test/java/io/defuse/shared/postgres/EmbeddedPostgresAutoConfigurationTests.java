package io.defuse.shared.postgres;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class EmbeddedPostgresAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class));

	@Test
	void startsNothingWhenADatasourceUrlIsConfigured() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example:5432/defuse")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class)
				.doesNotHaveBean(JdbcConnectionDetails.class));
	}

	@Test
	void startsNothingWhenAnotherConnectionIsProvided() {
		this.runner.withBean(JdbcConnectionDetails.class, () -> mock(JdbcConnectionDetails.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
	}

	@Test
	void startsNothingWhenSwitchedOff() {
		this.runner.withPropertyValues("defuse.embedded-postgres.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
	}

	@Test
	void startsTheServerAndPointsTheDatasourceAtIt() {
		this.runner.withPropertyValues("defuse.embedded-postgres.ephemeral=true").run((context) -> {
			assertThat(context).hasSingleBean(EmbeddedPostgresServer.class);
			EmbeddedPostgresServer server = context.getBean(EmbeddedPostgresServer.class);
			assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl()).isEqualTo(server.jdbcUrl())
				.contains("localhost:" + server.port() + "/defuse");
		});
	}

}
