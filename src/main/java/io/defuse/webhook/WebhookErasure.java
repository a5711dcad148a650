package io.defuse.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.defuse.casework.CustomerCases;
import io.defuse.casework.PersonalData;
import io.defuse.customer.CustomerErased;
import io.defuse.customer.CustomerErasing;

/**
 * Erasure in the webhook tables, in the erasing transaction: every message about the
 * customer or one of their cases — pending, failed or delivered and retained — keeps its
 * id, type, time and ids but loses its personal values ({@link PersonalData}), so a
 * pending delivery sends the redacted body; the receivers' answers logged for those
 * deliveries are dropped too, as a receiver may echo what it got. Then the
 * {@code customer.erased} event goes out, ids only.
 */
@Component
class WebhookErasure {

	private static final int PAGE = 200;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final WebhookOutbox outbox;

	private final CustomerCases customerCases;

	WebhookErasure(JdbcClient jdbc, JsonMapper json, WebhookOutbox outbox, CustomerCases customerCases) {
		this.jdbc = jdbc;
		this.json = json;
		this.outbox = outbox;
		this.customerCases = customerCases;
	}

	@EventListener
	void on(CustomerErasing event) {
		// messages of this transaction still waiting for its commit are erased too
		this.outbox.writePending();
		String customer = event.customerId().toString();
		String after = "";
		while (true) {
			// every message about the customer names them: customer events in
			// data.customerId, case events in the case snapshot's customerId
			List<Message> page = this.jdbc.sql("""
					select id, body from webhook_messages
					where strpos(body, :customer) > 0 and id > :after order by id limit :limit""")
				.param("customer", customer)
				.param("after", after)
				.param("limit", PAGE)
				.query((row, n) -> new Message(row.getString("id"), row.getString("body")))
				.list();
			List<String> redacted = new ArrayList<>();
			for (Message message : page) {
				JsonNode body = this.json.readTree(message.body());
				if (isAbout(body, customer)) {
					((ObjectNode) body).set("data", PersonalData.redact(body.get("data")));
					this.jdbc.sql("update webhook_messages set body = :body where id = :id")
						.param("body", this.json.writeValueAsString(body))
						.param("id", message.id())
						.update();
					redacted.add(message.id());
				}
			}
			if (!redacted.isEmpty()) {
				this.jdbc.sql("""
						update webhook_attempts set response_excerpt = null
						where response_excerpt is not null
						  and delivery_id in (select id from webhook_deliveries where message_id in (:messages))""")
					.param("messages", redacted)
					.update();
			}
			if (page.size() < PAGE) {
				return;
			}
			after = page.get(page.size() - 1).id();
		}
	}

	@EventListener
	void on(CustomerErased event) {
		List<UUID> cases = this.customerCases.ids(event.customerId());
		this.outbox.customerErased(event.customerId(), cases, event.erasedAt());
	}

	private static boolean isAbout(JsonNode body, String customer) {
		if (body == null || !body.isObject()) {
			return false;
		}
		return customer.equals(body.at("/data/customerId").stringValue(null))
				|| customer.equals(body.at("/data/case/customerId").stringValue(null));
	}

	private record Message(String id, String body) {
	}

}
