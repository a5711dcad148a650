package io.defuse.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on loopback. Each test gets its own path and scripts the answers
 * to the 1st, 2nd, … request on it; every request is recorded with its headers and body.
 */
final class TestReceiver implements AutoCloseable {

	record Received(String path, Map<String, List<String>> headers, String body, Instant at) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

	/** An answer: status, headers, body, and an optional delay before answering. */
	record Answer(int status, Map<String, String> headers, String body, long delayMillis) {

		static Answer status(int status) {
			return new Answer(status, Map.of(), "", 0);
		}

	}

	private final HttpServer server;

	private final Map<String, Function<Integer, Answer>> scripts = new ConcurrentHashMap<>();

	private final Map<String, Queue<Received>> received = new ConcurrentHashMap<>();

	TestReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** A new path answered by the script (given the 1-based number of the request). */
	String path(String name, Function<Integer, Answer> script) {
		String path = "/" + name + "-" + java.util.UUID.randomUUID();
		this.scripts.put(path, script);
		this.received.put(path, new ConcurrentLinkedQueue<>());
		return path;
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	List<Received> received(String path) {
		return List.copyOf(this.received.getOrDefault(path, new ConcurrentLinkedQueue<>()));
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Queue<Received> log = this.received.computeIfAbsent(path, (p) -> new ConcurrentLinkedQueue<>());
		log.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, Instant.now()));
		Answer answer = this.scripts.getOrDefault(path, (n) -> Answer.status(404)).apply(log.size());
		try {
			if (answer.delayMillis() > 0) {
				Thread.sleep(answer.delayMillis());
			}
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), (bytes.length == 0) ? -1 : bytes.length);
			if (bytes.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the client gave up (timeout): nothing to answer
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
