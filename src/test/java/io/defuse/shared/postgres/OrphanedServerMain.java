package io.defuse.shared.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link EmbeddedPostgresServerTests}: starts the server, commits a
 * row, says READY and waits to be killed with SIGKILL, leaving its postmaster behind as
 * {@code kill -9} of the application would.
 */
public final class OrphanedServerMain {

	private OrphanedServerMain() {
	}

	public static void main(String[] args) throws Exception {
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0, true, false);
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
				Statement statement = connection.createStatement()) {
			statement.execute("create table survivor (note text)");
			statement.execute("insert into survivor values ('committed before kill -9')");
		}
		System.out.println("READY " + server.port());
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
