package io.defuse.reliability;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;

import static io.defuse.ApiClient.json;

/**
 * Client threads that walk cases through the whole workflow over HTTP (open, a statement,
 * acknowledgement, details, confirmation, offer, acceptance, response, follow-up),
 * reading the case after every change, and record every answer. A case whose change is
 * not answered 2xx is left where it is and the thread opens the next one, so every
 * recorded 2xx is a change the service acknowledged.
 */
final class Workload {

	/**
	 * One request and what came of it.
	 *
	 * @param action the workflow action, or {@code read}
	 * @param eventType the timeline event a 2xx of this action must have left, or null
	 * for a read
	 * @param caseId the case (null when opening one failed)
	 * @param status the HTTP status, or -1 when no answer came (connection refused,
	 * reset)
	 * @param version the case's version after the change (from the ETag), or -1
	 * @param step the case's step after the change, when the answer tells
	 */
	record Answer(String action, String eventType, String caseId, int status, long version, String step,
			String contentType, String code, String retryAfter, Instant startedAt, Duration took, String error) {

		boolean acknowledgedWrite() {
			return this.eventType != null && this.status >= 200 && this.status < 300;
		}

	}

	private final ApiClient api;

	private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	private final long pauseAfterFailureMillis;

	/**
	 * @param api the client (its key acts in the workflow)
	 * @param pauseAfterFailureMillis how long a thread waits after an answer that is not
	 * 2xx before it opens the next case
	 */
	Workload(ApiClient api, long pauseAfterFailureMillis) {
		this.api = api;
		this.pauseAfterFailureMillis = pauseAfterFailureMillis;
	}

	Workload start(int clients) {
		for (int i = 0; i < clients; i++) {
			Thread thread = new Thread(this::run, "workload-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
		return this;
	}

	/** Lets each thread finish its request in progress, and waits for them. */
	void stop() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join(Duration.ofSeconds(60).toMillis());
		}
	}

	List<Answer> answers() {
		return List.copyOf(this.answers);
	}

	long acknowledgedWrites() {
		return this.answers.stream().filter(Answer::acknowledgedWrite).count();
	}

	/** Counts of answers by status (-1: no answer). */
	Map<Integer, Long> byStatus() {
		return this.answers.stream()
			.collect(Collectors.groupingBy(Answer::status, java.util.TreeMap::new, Collectors.counting()));
	}

	private void run() {
		while (this.running.get()) {
			if (!walkOneCase()) {
				pause();
			}
		}
	}

	/**
	 * @return whether every change was answered 2xx
	 */
	private boolean walkOneCase() {
		String ref = "REL-" + UUID.randomUUID();
		Answer opened = write("open", "case.created", null, (api) -> api.post("/api/v1/cases", json("""
				{'channel': 'PHONE', 'subject': 'Kettle stopped heating %s', 'severity': 'MEDIUM',
				 'statement': 'I bought this kettle three weeks ago and now it does not heat.',
				 'customer': {'externalRef': '%s', 'displayName': 'Customer %s', 'language': 'en'}}""", ref, ref, ref)),
				(response) -> response.field("id"));
		if (!ok(opened)) {
			return false;
		}
		String id = opened.caseId();
		String path = "/api/v1/cases/" + id;
		String[] offer = new String[1];
		List<Step> steps = List.of(
				new Step("statement", "case.statement_added",
						(api) -> api.post(path + "/statements",
								json("{'text': 'It just stays cold, every time.', 'from': 'CUSTOMER'}"))),
				new Step("acknowledge", "case.acknowledged",
						(api) -> api.post(path + "/acknowledgement",
								json("{'message': 'I understand how annoying this is, and I am sorry.'}"))),
				new Step("details", "case.details_saved", (api) -> api.put(path + "/details",
						json("{'category': 'DEFECTIVE_PRODUCT', 'product': 'Kettle KX-200', 'orderRef': 'ORD-%s'}",
								ref))),
				new Step("confirm", "case.details_confirmed", (api) -> api.post(path + "/details/confirmation", null)),
				new Step("offer", "case.offer_made", (api) -> {
					Response made = api.post(path + "/offers",
							json("{'type': 'REPAIR', 'description': 'Free repair within a week'}"));
					if (made.status() == 201) {
						offer[0] = made.json().at("/offers/0/id").asString();
					}
					return made;
				}),
				new Step("accept", "case.offer_accepted",
						(api) -> api.post(path + "/offers/" + offer[0] + "/acceptance", null)),
				new Step("respond", "case.response_recorded",
						(api) -> api.post(path + "/response",
								json("{'action': 'REPAIR_BOOKED', 'reference': 'RP-%s', 'note': 'Courier picks it up'}",
										ref))),
				new Step("follow-up", "case.follow_up_recorded", (api) -> api.post(path + "/follow-ups",
						json("{'reached': true, 'satisfaction': 5, 'comment': 'Thanks'}"))));
		for (Step step : steps) {
			if (!this.running.get()) {
				return true;
			}
			if (!ok(write(step.action(), step.eventType(), id, step.request(), (response) -> id))) {
				return false;
			}
			read(path);
		}
		return true;
	}

	private record Step(String action, String eventType, Function<ApiClient, Response> request) {
	}

	private Answer write(String action, String eventType, String caseId, Function<ApiClient, Response> request,
			Function<Response, String> idOf) {
		return exchange(action, eventType, caseId, request, idOf);
	}

	private void read(String path) {
		exchange("read", null, path.substring(path.lastIndexOf('/') + 1), (api) -> api.get(path), (response) -> null);
	}

	private Answer exchange(String action, String eventType, String caseId, Function<ApiClient, Response> request,
			Function<Response, String> idOf) {
		Instant startedAt = Instant.now();
		long started = System.nanoTime();
		Answer answer;
		try {
			Response response = request.apply(this.api);
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			boolean success = response.status() >= 200 && response.status() < 300;
			JsonNode body = bodyOf(response);
			String id = (caseId != null) ? caseId : (success ? idOf.apply(response) : null);
			answer = new Answer(action, eventType, id, response.status(), version(response.header("ETag")),
					text(body, "step"), response.contentType(), text(body, "code"), response.header("Retry-After"),
					startedAt, took, null);
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			answer = new Answer(action, eventType, caseId, -1, -1, null, null, null, null, startedAt,
					Duration.ofNanos(System.nanoTime() - started), String.valueOf(ex.getCause()));
		}
		this.answers.add(answer);
		return answer;
	}

	private void pause() {
		try {
			Thread.sleep(this.pauseAfterFailureMillis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running.set(false);
		}
	}

	private static boolean ok(Answer answer) {
		return answer.status() >= 200 && answer.status() < 300;
	}

	private static JsonNode bodyOf(Response response) {
		try {
			return (response.body() == null || response.body().isBlank()) ? null : response.json();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String text(JsonNode body, String field) {
		return (body != null && body.hasNonNull(field)) ? body.get(field).asString() : null;
	}

	private static long version(String etag) {
		if (etag == null) {
			return -1;
		}
		try {
			return Long.parseLong(etag.replace("W/", "").replace("\"", ""));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
