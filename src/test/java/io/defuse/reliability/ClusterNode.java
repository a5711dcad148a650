package io.defuse.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One instance of the service, run as a child JVM from the test classpath with the
 * production configuration, against a database the test controls (it is given
 * {@code SPRING_DATASOURCE_URL}, so it starts no embedded PostgreSQL of its own). Its
 * output goes to {@code <name>.log} in the log directory.
 */
final class ClusterNode implements AutoCloseable {

	/** The first admin key every node is started with (stored as a hash once). */
	static final String ADMIN_KEY = "reliability-admin-key-0123456789-abcdefghij";

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private final ClusterClient admin;

	private ClusterNode(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
		this.admin = new ClusterClient(baseUrl(), ADMIN_KEY);
	}

	/**
	 * Starts a node; returns at once (see {@link #awaitReady}).
	 * @param settings environment variables on top of the defaults (e.g.
	 * {@code DEFUSE_RATE_LIMIT_ENABLED=false})
	 */
	static ClusterNode start(String name, String jdbcUrl, Map<String, String> settings, Path logDir) {
		try {
			Files.createDirectories(logDir);
			int port = freePort();
			Path log = logDir.resolve(name + ".log");
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.add("-Xmx512m");
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add("io.defuse.DefuseApplication");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			Map<String, String> env = builder.environment();
			env.put("SERVER_PORT", Integer.toString(port));
			env.put("SPRING_DATASOURCE_URL", jdbcUrl);
			env.put("SPRING_DATASOURCE_USERNAME", "postgres");
			env.put("SPRING_DATASOURCE_PASSWORD", "");
			env.put("DEFUSE_EMBEDDED_POSTGRES_ENABLED", "false");
			env.put("DEFUSE_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
			env.putAll(settings);
			return new ClusterNode(name, port, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start node " + name, ex);
		}
	}

	/** Waits until the readiness probe answers 200 (database and scheduler up). */
	ClusterNode awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				if (this.admin.get("/actuator/health/readiness").status() == 200) {
					return this;
				}
			}
			catch (RuntimeException ex) {
				// not listening yet
			}
			sleep(250);
		}
		throw new IllegalStateException(this.name + " not ready within " + timeout + "; see " + this.log);
	}

	String name() {
		return this.name;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	long pid() {
		return this.process.pid();
	}

	/** A client with the bootstrap admin key. */
	ClusterClient admin() {
		return this.admin;
	}

	/** Resident set size in kB, from {@code /proc/<pid>/status}. */
	long rssKb() {
		return procStatus("VmRSS:");
	}

	/** Live threads, from {@code /proc/<pid>/status}. */
	long threads() {
		return procStatus("Threads:");
	}

	/** Open file descriptors (sockets included). */
	long openFiles() {
		try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
			return fds.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Heap in use right after a full collection ({@code jcmd <pid> GC.run}, then the heap
	 * gauges): what the application really holds on to.
	 */
	double heapAfterGcBytes() {
		jcmd("GC.run");
		return metrics().sum("jvm_memory_used_bytes", (labels) -> labels.contains("area=\"heap\""));
	}

	/** The node's Prometheus scrape, parsed. */
	Metrics metrics() {
		ClusterClient.Response scrape = this.admin.get("/actuator/prometheus");
		if (scrape.status() != 200) {
			throw new IllegalStateException("scrape of " + this.name + " answered " + scrape.status());
		}
		return Metrics.parse(scrape.body());
	}

	/**
	 * Stops the node as an orchestrator would (SIGTERM, graceful shutdown), killing it if
	 * it has not exited within 40 s.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(40, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private void jcmd(String command) {
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(pid()), command)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
				throw new IllegalStateException("jcmd " + command + " failed for " + this.name);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private long procStatus(String field) {
		try {
			return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))
				.stream()
				.filter((line) -> line.startsWith(field))
				.map((line) -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Prometheus text format: one value per series ({@code name{labels}}). */
	record Metrics(Map<String, Double> series) {

		static Metrics parse(String text) {
			Map<String, Double> series = new LinkedHashMap<>();
			for (String line : text.split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				int space = line.lastIndexOf(' ');
				try {
					series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
				}
				catch (NumberFormatException ex) {
					// not a sample line
				}
			}
			return new Metrics(series);
		}

		/** The sum of a metric's series whose labels match. */
		double sum(String name, Predicate<String> labels) {
			return this.series.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equals(name) || entry.getKey().startsWith(name + "{"))
				.filter((entry) -> labels.test(entry.getKey().substring(name.length())))
				.mapToDouble(Map.Entry::getValue)
				.filter((value) -> !Double.isNaN(value))
				.sum();
		}

		double sum(String name) {
			return sum(name, (labels) -> true);
		}

	}

}
