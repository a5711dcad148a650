package io.defuse.webhook;

import java.util.UUID;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** What webhook tests make through the API to have events sent. */
final class WebhookFixture {

	private WebhookFixture() {
	}

	/** A new case of a new customer, opened by the client; its id. */
	static String openCase(ApiClient client, String subject) {
		String customer = client
			.post("/api/v1/customers", json("{'displayName': 'Webhook %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		Response opened = client.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Subject %s', 'statement': 'Hello'}", customer,
						subject));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened.field("id");
	}

	/** The id of an endpoint as its registration answered it. */
	static String endpointId(Response registered) {
		return registered.json().at("/endpoint/id").asString();
	}

}
