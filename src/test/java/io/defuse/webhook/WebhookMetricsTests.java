package io.defuse.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.webhook.TestReceiver.Answer;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery results, the commit-to-2xx lag and the queue gauge, against a real receiver on
 * loopback (the test profile retries after 1 s, twice).
 */
@IntegrationTest
class WebhookMetricsTests {

	static TestReceiver receiver;

	@Autowired
	ApiClient admin;

	@Autowired
	MeterRegistry meters;

	@Autowired
	WebhookMetrics metrics;

	@Autowired
	Scheduler scheduler;

	final List<String> endpoints = new ArrayList<>();

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new TestReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@AfterEach
	void removeEndpoints() {
		this.endpoints.forEach((id) -> this.admin.delete("/api/v1/webhook-endpoints/" + id));
		if (this.scheduler.getSchedulerState().isPaused()) {
			this.scheduler.resume();
		}
	}

	@Test
	void aDeliveryIsCountedAndItsLagFromTheCommitToThe2xxRecorded() {
		double delivered = deliveries("delivered");
		Timer lag = this.meters.get(WebhookMetrics.LAG).timer();
		long lagged = lag.count();
		String path = receiver.path("metrics-ok", (n) -> Answer.status(204));
		register(path);

		openCase();

		await().atMost(Duration.ofSeconds(10)).until(() -> deliveries("delivered") >= delivered + 1);
		assertThat(lag.count()).isGreaterThanOrEqualTo(lagged + 1);
		assertThat(lag.max(TimeUnit.SECONDS)).isBetween(0.0, 10.0);
		String scrape = this.admin.get("/actuator/prometheus").body();
		assertThat(scrape).contains("defuse_webhook_delivery_lag_seconds_bucket{le=\"1.0\"}",
				"defuse_webhook_deliveries_total{result=\"delivered\"}",
				"defuse_webhook_deliveries_pending{state=\"due\"}");
	}

	@Test
	void aFailedAttemptThenASuccessAreCountedApart() {
		double failed = deliveries("failed_attempt");
		double delivered = deliveries("delivered");
		String path = receiver.path("metrics-flaky", (n) -> (n == 1) ? Answer.status(500) : Answer.status(200));
		register(path);

		openCase();

		await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received(path).size() == 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> deliveries("delivered") >= delivered + 1);
		assertThat(deliveries("failed_attempt")).isGreaterThanOrEqualTo(failed + 1);
	}

	@Test
	void runningOutOfRetriesIsGivingUp() {
		double gaveUp = deliveries("gave_up");
		String path = receiver.path("metrics-down", (n) -> Answer.status(503));
		register(path);

		openCase();

		await().atMost(Duration.ofSeconds(20)).until(() -> deliveries("gave_up") >= gaveUp + 1);
		assertThat(receiver.received(path)).hasSize(3);
	}

	@Test
	void goneEndsTheDeliveryAndDisablesTheEndpoint() {
		double disabled = deliveries("disabled");
		double gone = this.meters.get(WebhookMetrics.ENDPOINTS_DISABLED).tag("reason", "gone").counter().count();
		register(receiver.path("metrics-gone", (n) -> Answer.status(410)));

		openCase();

		await().atMost(Duration.ofSeconds(10)).until(() -> deliveries("disabled") >= disabled + 1);
		assertThat(this.meters.get(WebhookMetrics.ENDPOINTS_DISABLED).tag("reason", "gone").counter().count())
			.isEqualTo(gone + 1);
	}

	@Test
	void thePendingGaugeShowsQueuedDeliveriesFromItsLastRefresh() {
		String path = receiver.path("metrics-queued", (n) -> Answer.status(200));
		register(path);
		this.scheduler.pause();
		openCase();
		openCase();

		this.metrics.refreshPending();
		double due = pending("due");
		assertThat(due).isGreaterThanOrEqualTo(2);
		// a scrape reads the kept value; the queue is not queried for it
		assertThat(pending("due")).isEqualTo(due);

		this.scheduler.resume();
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 2);
		// refreshed in the background every few seconds
		await().atMost(Duration.ofSeconds(15)).until(() -> pending("due") <= due - 2);
	}

	// ---- helpers

	private double deliveries(String result) {
		return this.meters.get(WebhookMetrics.DELIVERIES).tag("result", result).counter().count();
	}

	private double pending(String state) {
		return this.meters.get(WebhookMetrics.PENDING).tag("state", state).gauge().value();
	}

	private void register(String path) {
		Response created = this.admin.post("/api/v1/webhook-endpoints",
				json("{'url': '%s', 'eventTypes': ['case.created'], 'description': 'metrics'}", receiver.url(path)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.endpoints.add(created.json().at("/endpoint/id").asString());
	}

	private void openCase() {
		String customer = this.admin
			.post("/api/v1/customers", json("{'displayName': 'Webhook %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		Response opened = this.admin.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Metrics', 'statement': 'Hello'}", customer));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
	}

}
