package io.defuse.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.springframework.util.FileSystemUtils;

import io.defuse.shared.postgres.EmbeddedPostgresProperties;
import io.defuse.shared.postgres.EmbeddedPostgresServer;

/**
 * The one PostgreSQL 17 the nodes share, run by the test JVM with durability on (fsync,
 * synchronous commit) in a fresh directory, plus a connection of the test's own for
 * checks and samples.
 */
final class ClusterDatabase implements AutoCloseable {

	private final EmbeddedPostgresServer server;

	private final Connection connection;

	private ClusterDatabase(EmbeddedPostgresServer server) throws SQLException {
		this.server = server;
		this.connection = DriverManager.getConnection(server.jdbcUrl());
	}

	static ClusterDatabase start(Path dataDir) {
		try {
			FileSystemUtils.deleteRecursively(dataDir);
			return new ClusterDatabase(
					EmbeddedPostgresServer.start(new EmbeddedPostgresProperties(true, dataDir, 0, true, false)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String jdbcUrl() {
		return this.server.jdbcUrl();
	}

	/** The first column of the first row, as a long. */
	synchronized long queryLong(String sql, Object... params) {
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	/** The first column of every row, as text. */
	synchronized java.util.List<String> queryStrings(String sql, Object... params) {
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			java.util.List<String> values = new java.util.ArrayList<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					values.add(result.getString(1));
				}
			}
			return values;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	synchronized int update(String sql, Object... params) {
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			return statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	/** Server connections of the service: every connection but this one's. */
	long serviceConnections() {
		return queryLong(
				"select count(*) from pg_stat_activity where datname = 'defuse' and pid <> pg_backend_pid() and backend_type = 'client backend'");
	}

	long maxConnections() {
		return queryLong("select setting::bigint from pg_settings where name = 'max_connections'");
	}

	@Override
	public void close() throws Exception {
		try {
			this.connection.close();
		}
		finally {
			this.server.close();
		}
	}

}
