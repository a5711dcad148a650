package io.defuse.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on loopback that records every request it gets (its
 * {@code webhook-id} and the event it carries) and answers 200 after a delay, so that
 * deliveries are in flight when the sender dies.
 */
final class WebhookCollector implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * One request: the message id, the event's type, and for case events the case and its
	 * sequence number.
	 */
	record Received(String webhookId, String type, String caseId, int sequence, Instant at) {

		String event() {
			return (this.caseId != null) ? this.caseId + "#" + this.sequence : this.webhookId;
		}

	}

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(32);

	private final Queue<Received> received = new ConcurrentLinkedQueue<>();

	private final long delayMillis;

	WebhookCollector(long delayMillis) throws IOException {
		this.delayMillis = delayMillis;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
		this.server.setExecutor(this.threads);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks";
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	/** The distinct message ids received. */
	Set<String> ids() {
		return this.received.stream().map(Received::webhookId).collect(Collectors.toCollection(TreeSet::new));
	}

	/** Each event (case and sequence) with the distinct message ids it arrived under. */
	Map<String, Set<String>> idsByEvent() {
		return this.received.stream()
			.collect(Collectors.groupingBy(Received::event, TreeMap::new,
					Collectors.mapping(Received::webhookId, Collectors.toCollection(TreeSet::new))));
	}

	/** Message ids that arrived more than once. */
	Set<String> redelivered() {
		return this.received.stream()
			.collect(Collectors.groupingBy(Received::webhookId, Collectors.counting()))
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.map(Map.Entry::getKey)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			JsonNode event = JSON.readTree(body);
			JsonNode data = event.path("data");
			this.received
				.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"), event.path("type").asString(),
						data.hasNonNull("caseId") && data.has("sequence") ? data.get("caseId").asString() : null,
						data.path("sequence").asInt(0), Instant.now()));
			Thread.sleep(this.delayMillis);
			exchange.sendResponseHeaders(200, -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the sender is gone (killed): nothing to answer
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
