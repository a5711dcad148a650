package io.defuse.shared.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

/**
 * A real PostgreSQL server run from the binaries on the classpath, keeping its files in
 * one directory between runs.
 * <p>
 * Two things the library does not do for us: it disables durability by default (fine for
 * tests, wrong for data people care about), and after the application was killed with
 * {@code kill -9} its orphaned postmaster still holds the data directory, so the next
 * start would fail. {@link #start} restores durability and stops such an orphan first.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	static final String DATABASE = "defuse";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private final Path dataDir;

	private final boolean ephemeral;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, boolean ephemeral) {
		this.postgres = postgres;
		this.dataDir = dataDir;
		this.ephemeral = ephemeral;
	}

	public static EmbeddedPostgresServer start(EmbeddedPostgresProperties properties) {
		try {
			return properties.ephemeral()
					? start(Files.createTempDirectory("defuse-postgres-"), properties.port(), false, true)
					: start(properties.dataDir(), properties.port(), properties.durable(), false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a temporary data directory", ex);
		}
	}

	static EmbeddedPostgresServer start(Path dataDir, int port, boolean durable, boolean ephemeral) {
		Path directory = dataDir.toAbsolutePath().normalize();
		try {
			Files.createDirectories(directory);
			stopOrphanedServer(directory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(directory.toFile())
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("listen_addresses", "localhost")
				.setServerConfig("unix_socket_directories", "")
				.setServerConfig("timezone", "UTC")
				.setServerConfig("max_connections", "200");
			String durability = durable ? "on" : "off";
			builder.setServerConfig("fsync", durability)
				.setServerConfig("synchronous_commit", durability)
				.setServerConfig("full_page_writes", durability);
			if (!ephemeral) {
				// binaries next to the data, so a persistent setup does not depend on
				// /tmp surviving
				builder.setOverrideWorkingDirectory(
						directory.resolveSibling(directory.getFileName() + "-binaries").toFile());
			}
			if (port > 0) {
				builder.setPort(port);
			}
			EmbeddedPostgres postgres = builder.start();
			createDatabaseIfMissing(postgres);
			return new EmbeddedPostgresServer(postgres, directory, ephemeral);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL server in " + directory, ex);
		}
	}

	public String jdbcUrl() {
		return this.postgres.getJdbcUrl("postgres", DATABASE);
	}

	public String username() {
		return "postgres";
	}

	public String password() {
		return "";
	}

	public int port() {
		return this.postgres.getPort();
	}

	public Path dataDir() {
		return this.dataDir;
	}

	public boolean ephemeral() {
		return this.ephemeral;
	}

	/**
	 * Fast shutdown: open transactions roll back, everything committed is on disk. An
	 * ephemeral server's directory is deleted afterwards.
	 */
	@Override
	public void close() throws IOException {
		this.postgres.close();
		if (this.ephemeral) {
			FileSystemUtils.deleteRecursively(this.dataDir);
		}
	}

	private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws IOException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			try (ResultSet existing = statement
				.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
				if (existing.next()) {
					return;
				}
			}
			statement.execute("create database " + DATABASE);
		}
		catch (SQLException ex) {
			throw new IOException("Could not create database " + DATABASE, ex);
		}
	}

	/**
	 * Stops a postmaster left running on this data directory by an earlier run that died
	 * without shutting it down. Only a live process whose pid file names this very
	 * directory is touched.
	 */
	static void stopOrphanedServer(Path dataDir) throws IOException {
		Path pidFile = dataDir.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.size() < 2 || !isSameDirectory(Path.of(lines.get(1).trim()), dataDir)) {
			return;
		}
		long pid;
		try {
			pid = Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException ex) {
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
		if (process.isEmpty() || !isPostgres(process.get())) {
			return;
		}
		log.warn("Stopping the PostgreSQL server (pid {}) that an earlier run left behind on {}", pid, dataDir);
		ProcessHandle postmaster = process.get();
		postmaster.destroy();
		try {
			postmaster.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			log.warn("PostgreSQL (pid {}) did not stop within 30 s; killing it, crash recovery will follow", pid);
			postmaster.destroyForcibly();
			postmaster.onExit().join();
		}
		catch (Exception ex) {
			throw new IOException("Could not stop the orphaned PostgreSQL server " + pid, ex);
		}
	}

	private static boolean isPostgres(ProcessHandle process) {
		return process.info().command().map((command) -> command.contains("postgres")).orElse(true);
	}

	private static boolean isSameDirectory(Path recorded, Path dataDir) {
		try {
			return Files.isSameFile(recorded, dataDir);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
