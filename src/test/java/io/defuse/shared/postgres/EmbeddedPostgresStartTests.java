package io.defuse.shared.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class EmbeddedPostgresStartTests {

	@TempDir
	Path dataDir;

	@Test
	void theServerTakenIsLeftToItsBeanToStop() throws Exception {
		EmbeddedPostgresStart start = new EmbeddedPostgresStart(environment());
		start.postProcessBeanFactory(null);

		try (EmbeddedPostgresServer server = start.server()) {
			start.destroy();

			try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
				assertThat(connection.isValid(5)).as("still running").isTrue();
			}
		}
		assertThat(this.dataDir.resolve("postmaster.pid")).doesNotExist();
	}

	@Test
	void aStartNoBeanTookIsStoppedWithTheContext() throws Exception {
		EmbeddedPostgresStart start = new EmbeddedPostgresStart(environment());
		start.postProcessBeanFactory(null);

		start.destroy();

		assertThat(this.dataDir.resolve("PG_VERSION")).as("it had started").exists();
		assertThat(this.dataDir.resolve("postmaster.pid")).as("and was stopped").doesNotExist();
	}

	@Test
	void aFailedStartFailsTheServersBeanWithItsOwnError() throws Exception {
		// a file where the data directory should be
		Files.writeString(this.dataDir.resolve("not-a-directory"), "x");
		EmbeddedPostgresStart start = new EmbeddedPostgresStart(environment()
			.withProperty("defuse.embedded-postgres.data-dir", this.dataDir.resolve("not-a-directory").toString()));

		assertThatRuntimeException().isThrownBy(start::server).isNotInstanceOf(CompletionException.class);
		start.destroy();
	}

	private MockEnvironment environment() {
		return new MockEnvironment().withProperty("defuse.embedded-postgres.data-dir", this.dataDir.toString());
	}

}
