package io.defuse.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.defuse.ApiClient;
import io.defuse.DefuseApplication;

/**
 * The real service in a JVM of its own, started from the test classpath against a
 * database the test controls ({@code SPRING_DATASOURCE_URL}, so nothing embedded starts
 * in it), on a fixed port that stays the same across restarts. It can be killed with
 * SIGKILL ({@link #kill()}) and started again ({@link #start()}); its output is appended
 * to one log file.
 */
final class ServiceProcess implements AutoCloseable {

	static final String ADMIN_KEY = "reliability-admin-key-0123456789-abcdefghij";

	private final String jdbcUrl;

	private final int port;

	private final Path logFile;

	private final Map<String, String> properties = new LinkedHashMap<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Process process;

	/**
	 * @param jdbcUrl the database, e.g. {@code jdbc:postgresql://localhost:5432/defuse}
	 * @param logFile where the service's standard output and error are appended
	 * @param properties more configuration, as {@code --name=value} arguments
	 */
	ServiceProcess(String jdbcUrl, Path logFile, Map<String, String> properties) {
		this.jdbcUrl = jdbcUrl;
		this.port = freePort();
		this.logFile = logFile;
		this.properties.put("defuse.bootstrap-admin-key", ADMIN_KEY);
		this.properties.put("defuse.webhooks.allow-private-targets", "true");
		this.properties.put("defuse.rate-limit.enabled", "false");
		this.properties.putAll(properties);
	}

	/** Starts the JVM; {@link #awaitReady} tells when it serves. */
	ServiceProcess start() {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException("already running as pid " + this.process.pid());
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						// -Dservice.heap=128m runs the service with the heap the
						// benchmarks ship
						"-Xmx" + System.getProperty("service.heap", "512m"), "-XX:+UseSerialGC", "-cp",
						System.getProperty("java.class.path"), DefuseApplication.class.getName(),
						"--server.port=" + this.port));
		this.properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()));
		builder.environment().put("SPRING_DATASOURCE_URL", this.jdbcUrl);
		builder.environment().put("SPRING_DATASOURCE_USERNAME", "postgres");
		builder.environment().put("SPRING_DATASOURCE_PASSWORD", "");
		try {
			Files.createDirectories(this.logFile.getParent());
			Files.writeString(this.logFile, "==== starting the service on port " + this.port + System.lineSeparator(),
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Waits until readiness answers 200.
	 * @return how long it took from now
	 */
	Duration awaitReady(Duration atMost) throws InterruptedException {
		long started = System.nanoTime();
		long deadline = started + atMost.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the service exited with " + this.process.exitValue() + "; see "
						+ this.logFile.toAbsolutePath());
			}
			if (probe("/actuator/health/readiness") == 200) {
				return Duration.ofNanos(System.nanoTime() - started);
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("not ready within " + atMost + "; see " + this.logFile.toAbsolutePath());
	}

	/**
	 * The status a health probe answers, or -1 when the service does not answer within 5
	 * s.
	 */
	int probe(String path) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
						BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/** SIGKILL on Unix: no shutdown hook, no graceful shutdown, nothing flushed. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("pid " + this.process.pid() + " survived SIGKILL");
		}
	}

	long pid() {
		return this.process.pid();
	}

	String baseUrl() {
		return "http://localhost:" + this.port;
	}

	ApiClient admin() {
		return new ApiClient(baseUrl(), ADMIN_KEY);
	}

	Path logFile() {
		return this.logFile;
	}

	/** Graceful stop (SIGTERM), then SIGKILL if it takes longer than 30 s. */
	@Override
	public void close() throws InterruptedException {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			kill();
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
