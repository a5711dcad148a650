package io.defuse.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A healthy webhook receiver on loopback: answers every request 204 at once and records
 * its {@code webhook-id}, event type, case and the lag from the event's time to arrival.
 */
final class ClusterWebhookReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * One request received.
	 *
	 * @param lagMillis from the event's {@code timestamp} (taken in the writing
	 * transaction) to arrival here
	 */
	record Received(String webhookId, String type, String caseId, Instant at, long lagMillis) {
	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final Queue<Received> received = new ConcurrentLinkedQueue<>();

	ClusterWebhookReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/webhooks";
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	int count() {
		return this.received.size();
	}

	private void handle(HttpExchange exchange) throws IOException {
		Instant at = Instant.now();
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String type = null;
			String caseId = null;
			long lag = -1;
			try {
				JsonNode json = JSON.readTree(new String(body, StandardCharsets.UTF_8));
				type = json.path("type").asString(null);
				caseId = json.at("/data/caseId").asString(null);
				String timestamp = json.path("timestamp").asString(null);
				if (timestamp != null) {
					lag = at.toEpochMilli() - Instant.parse(timestamp).toEpochMilli();
				}
			}
			catch (RuntimeException ex) {
				// recorded with what could be read
			}
			this.received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"), type, caseId, at, lag));
			exchange.sendResponseHeaders(204, -1);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
