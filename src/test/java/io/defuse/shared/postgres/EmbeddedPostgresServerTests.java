package io.defuse.shared.postgres;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTests {

	@TempDir
	Path dataDir;

	@Test
	void keepsCommittedDataAcrossRestartsWithDurabilityOn() throws Exception {
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(this.dataDir, 0, true, false)) {
			execute(server, "create table kept (note text)");
			execute(server, "insert into kept values ('still here')");
			assertThat(query(server, "show fsync")).isEqualTo("on");
			assertThat(query(server, "show synchronous_commit")).isEqualTo("on");
			assertThat(query(server, "select current_database()")).isEqualTo("defuse");
			assertThat(query(server, "show server_version")).startsWith("17.");
		}
		assertThat(this.dataDir.resolve("postmaster.pid")).doesNotExist();
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(this.dataDir, 0, true, false)) {
			assertThat(query(server, "select note from kept")).isEqualTo("still here");
		}
	}

	@Test
	void recoversAServerOrphanedByKillMinus9OfTheApplication() throws Exception {
		Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), OrphanedServerMain.class.getName(), this.dataDir.toString())
			.redirectErrorStream(true)
			.start();
		try (BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
			String line;
			while ((line = output.readLine()) != null && !line.startsWith("READY")) {
				// skip start-up output
			}
			assertThat(line).as("child server started").startsWith("READY");
		}
		child.destroyForcibly();
		assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

		long orphan = Long.parseLong(Files.readAllLines(this.dataDir.resolve("postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("postmaster outlived its JVM")
			.contains(true);

		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(this.dataDir, 0, true, false)) {
			assertThat(query(server, "select note from survivor")).isEqualTo("committed before kill -9");
			assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
		}
	}

	@Test
	void ephemeralServerDeletesItsDirectory() throws Exception {
		var properties = new EmbeddedPostgresProperties(true, this.dataDir, 0, true, true);
		Path used;
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(properties)) {
			used = server.dataDir();
			assertThat(used).isNotEqualTo(this.dataDir).exists();
			assertThat(query(server, "show fsync")).isEqualTo("off");
		}
		assertThat(used).doesNotExist();
	}

	private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String query(EmbeddedPostgresServer server, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

}
