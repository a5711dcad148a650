package io.defuse.webhook.inbound;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.casework.CaseService;
import io.defuse.casework.CaseViews.CaseView;
import io.defuse.customer.CustomerService;
import io.defuse.customer.CustomerView;
import io.defuse.customer.NewCustomer;
import io.defuse.shared.Actor;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.InvalidInput;
import io.defuse.webhook.WebhookSignature;

/**
 * Receives a CRM's message: checks that the integration exists and is enabled (404), that
 * the message is signed with its current secret or, within the grace period after a
 * rotation, its previous one, and recent (401); only then reads the body (400). The
 * effect runs in one transaction that first records the message id: a message already
 * recorded is answered as a duplicate with what it made the first time, and an effect
 * that fails rolls the record back with it, so the sender may resend a corrected message
 * under the same id. Makes no outbound calls.
 */
@Service
public class InboundReceiver {

	private static final Logger log = LoggerFactory.getLogger(InboundReceiver.class);

	/** The length of {@code inbound_messages.message_id}. */
	static final int MESSAGE_ID_MAX = 255;

	private final IntegrationRepository integrations;

	private final InboundMessages messages;

	private final CaseService cases;

	private final CustomerService customers;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	private final InboundMetrics metrics;

	private final Clock clock;

	InboundReceiver(IntegrationRepository integrations, InboundMessages messages, CaseService cases,
			CustomerService customers, JsonMapper json, TransactionTemplate transaction, InboundMetrics metrics,
			Clock clock) {
		this.integrations = integrations;
		this.messages = messages;
		this.cases = cases;
		this.customers = customers;
		this.json = json;
		this.transaction = transaction;
		this.metrics = metrics;
		this.clock = clock;
	}

	/** Receives the message; every outcome, refusals included, is counted. */
	public Receipt receive(UUID integrationId, SignedMessage message) {
		Receipt receipt;
		try {
			receipt = verifyAndApply(integrationId, message);
		}
		catch (RuntimeException ex) {
			this.metrics.refused(ex);
			throw ex;
		}
		this.metrics.received(receipt);
		return receipt;
	}

	private Receipt verifyAndApply(UUID integrationId, SignedMessage message) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Integration integration = this.integrations.findById(integrationId)
			.filter(Integration::enabled)
			.orElseThrow(() -> ApiException.notFound("Integration", integrationId));
		WebhookSignature.Failure failure = WebhookSignature.verify(message.id(), message.timestamp(),
				message.signature(), message.body(), now, integration.secretsAt(now));
		if (failure != null) {
			throw refusal(failure);
		}
		if (message.id().length() > MESSAGE_ID_MAX) {
			throw InvalidInput.of(WebhookSignature.ID_HEADER, "must be at most " + MESSAGE_ID_MAX + " characters");
		}
		InboundEvent event = PayloadReader.read(this.json, message.body());
		return this.transaction.execute((status) -> apply(integration, message.id(), event, now));
	}

	private Receipt apply(Integration integration, String messageId, InboundEvent event, Instant now) {
		if (!this.messages.claim(integration.id(), messageId, event.type(), now)) {
			InboundMessages.Recorded first = this.messages.find(integration.id(), messageId)
				.orElseThrow(() -> new IllegalStateException("message " + messageId + " is neither new nor recorded"));
			log.debug("Duplicate {} {} from {}", first.type(), messageId, integration.name());
			return new Receipt(Receipt.DUPLICATE, messageId, first.type(), first.caseId(), first.customerId());
		}
		Receipt receipt;
		try {
			receipt = effect(event, messageId, integration.actor());
		}
		catch (InvalidInput ex) {
			throw ex.within("data");
		}
		this.messages.record(integration.id(), messageId, receipt.caseId(), receipt.customerId());
		log.debug("Accepted {} {} from {}", event.type(), messageId, integration.name());
		return receipt;
	}

	private Receipt effect(InboundEvent event, String messageId, Actor actor) {
		if (event instanceof InboundEvent.ComplaintCreated complaint) {
			CaseView opened = this.cases.open(complaint.complaint(), actor);
			return new Receipt(Receipt.ACCEPTED, messageId, event.type(), opened.id(),
					(opened.customer() != null) ? opened.customer().id() : null);
		}
		CustomerView customer = updateCustomer((InboundEvent.CustomerUpdated) event, actor);
		return new Receipt(Receipt.ACCEPTED, messageId, event.type(), null, customer.id());
	}

	/**
	 * With a display name: the customer is created or updated by external reference.
	 * Without one, only a customer Defuse knows can be updated, with a merge patch of the
	 * fields given, applied under the customer's lock, so a concurrent change of a field
	 * the CRM did not send is kept.
	 */
	private CustomerView updateCustomer(InboundEvent.CustomerUpdated update, Actor actor) {
		if (update.displayName() != null) {
			return this.customers.upsertByExternalRef(new NewCustomer(update.displayName(), update.preferredName(),
					update.email(), update.phone(), update.language(), update.externalRef(), null), actor);
		}
		UUID id = this.customers.findByExternalRef(update.externalRef())
			.map(CustomerView::id)
			.orElseThrow(() -> InvalidInput.of("displayName", "is required for a customer Defuse does not know yet"));
		ObjectNode patch = this.json.createObjectNode();
		putIfGiven(patch, "preferredName", update.preferredName());
		putIfGiven(patch, "email", update.email());
		putIfGiven(patch, "phone", update.phone());
		if (update.language() != null) {
			patch.put("language", update.language().code());
		}
		return this.customers.update(id, patch, null, actor);
	}

	private static void putIfGiven(ObjectNode patch, String field, String value) {
		if (value != null) {
			patch.put(field, value);
		}
	}

	private static ApiException refusal(WebhookSignature.Failure failure) {
		if (failure == WebhookSignature.Failure.STALE_TIMESTAMP) {
			return new ApiException(HttpStatus.UNAUTHORIZED, "stale-timestamp", "Unauthorized",
					"webhook-timestamp is more than " + WebhookSignature.TOLERANCE.toMinutes()
							+ " minutes from the server's time; sign every attempt with the current time");
		}
		return new ApiException(HttpStatus.UNAUTHORIZED, "invalid-signature", "Unauthorized",
				(failure == WebhookSignature.Failure.MISSING_HEADERS)
						? "Send the headers webhook-id, webhook-timestamp (Unix seconds) and webhook-signature"
						: "No signature matches the message and this integration's secret");
	}

}
