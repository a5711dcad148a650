package io.defuse.webhook.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.webhook.WebhookSignature;
import io.defuse.webhook.inbound.InboundWebhookTests.Crm;

import static io.defuse.ApiClient.json;
import static io.defuse.webhook.inbound.InboundWebhookTests.complaint;
import static io.defuse.webhook.inbound.InboundWebhookTests.sign;
import static io.defuse.webhook.inbound.InboundWebhookTests.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** Every message a CRM sends is counted once, by what became of it. */
@IntegrationTest
class InboundMetricsTests {

	@Autowired
	ApiClient admin;

	@Autowired
	MeterRegistry meters;

	@Test
	void eachOutcomeIsCountedByResult() {
		Crm crm = newCrm();
		String body = complaint(unique("CRM"), "Jana Nováková", null, unique("Metrics"));
		String messageId = unique("msg");
		long now = Instant.now().getEpochSecond();
		long old = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
		double accepted = events("accepted");
		double duplicate = events("duplicate");
		double badSignature = events("bad_signature");
		double stale = events("stale");
		double invalid = events("invalid");
		double unknown = events("unknown_integration");

		assertThat(crm.deliver(messageId, body).status()).isEqualTo(202);
		assertThat(crm.deliver(messageId, body).status()).isEqualTo(200);
		assertThat(crm.send(unique("msg"), Long.toString(now), sign(WebhookSignature.newSecret(), "x", now, body), body)
			.status()).isEqualTo(401);
		assertThat(crm.send("msg-old", Long.toString(old), sign(crm.secret(), "msg-old", old, body), body).status())
			.isEqualTo(401);
		assertThat(crm.deliver(unique("msg"), "{\"type\": \"complaint.created\", \"data\": {}}").status())
			.isEqualTo(400);
		assertThat(crm.withId(UUID.randomUUID().toString()).deliver(unique("msg"), body).status()).isEqualTo(404);

		assertThat(events("accepted")).isEqualTo(accepted + 1);
		assertThat(events("duplicate")).isEqualTo(duplicate + 1);
		assertThat(events("bad_signature")).isEqualTo(badSignature + 1);
		assertThat(events("stale")).isEqualTo(stale + 1);
		assertThat(events("invalid")).isEqualTo(invalid + 1);
		assertThat(events("unknown_integration")).isEqualTo(unknown + 1);
		assertThat(this.admin.get("/actuator/prometheus").body())
			.contains("defuse_webhook_inbound_events_total{result=\"accepted\"}");
	}

	private double events(String result) {
		return this.meters.get(InboundMetrics.EVENTS).tag("result", result).counter().count();
	}

	private Crm newCrm() {
		Response created = this.admin.post("/api/v1/integrations", json("{'name': '%s'}", unique("crm")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Crm(this.admin.as(null), created.field("id"), created.field("name"), created.field("secret"));
	}

}
