package io.defuse.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.defuse.shared.postgres.EmbeddedPostgresProperties;
import io.defuse.shared.postgres.EmbeddedPostgresServer;

/**
 * A real PostgreSQL 17 run by the test, durable (fsync and synchronous commit on), on a
 * fixed port and data directory, so it can be stopped the hard way
 * ({@code pg_ctl stop -m immediate}: no checkpoint, crash recovery at the next start) and
 * started again where the service expects it.
 */
final class ControlledPostgres implements AutoCloseable {

	private final Path dataDir;

	private final int port;

	private EmbeddedPostgresServer server;

	private ControlledPostgres(Path dataDir, int port) {
		this.dataDir = dataDir.toAbsolutePath().normalize();
		this.port = port;
	}

	static ControlledPostgres start(Path dataDir) {
		ControlledPostgres postgres = new ControlledPostgres(dataDir, ServiceProcess.freePort());
		postgres.startAgain();
		return postgres;
	}

	/** Starts the server on the same port and data directory (crash recovery if due). */
	void startAgain() {
		this.server = EmbeddedPostgresServer
			.start(new EmbeddedPostgresProperties(true, this.dataDir, this.port, true, false));
	}

	/**
	 * Stops the server in immediate mode: every backend is ended at once, connections
	 * drop, nothing is checkpointed; what was committed is in the WAL only.
	 */
	void stopImmediately() throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			// pg_ctl refuses to run as root; as the library does for the server, run it
			// in a user namespace of its own, where it is not root
			command.addAll(List.of("unshare", "-U"));
		}
		command.addAll(List.of(pgCtl().toString(), "stop", "-D", this.dataDir.toString(), "-m", "immediate", "-w"));
		Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!pgCtl.waitFor(60, TimeUnit.SECONDS) || pgCtl.exitValue() != 0) {
			throw new IllegalStateException("pg_ctl stop -m immediate failed: " + output);
		}
		// releases the library's lock on the directory; its own stop finds nothing
		// running
		this.server.close();
		this.server = null;
	}

	String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.port + "/defuse";
	}

	/** A client of its own for the test's checks: a new connection per statement. */
	JdbcClient jdbc() {
		return JdbcClient.create(new DriverManagerDataSource(jdbcUrl(), "postgres", ""));
	}

	/** The {@code pg_ctl} of the binaries the library unpacked next to the data. */
	private Path pgCtl() throws IOException {
		Path binaries = this.dataDir.resolveSibling(this.dataDir.getFileName() + "-binaries");
		try (Stream<Path> files = Files.walk(binaries)) {
			return files.filter((file) -> file.endsWith(Path.of("bin", "pg_ctl")))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no bin/pg_ctl under " + binaries));
		}
	}

	@Override
	public void close() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

}
