package io.defuse.webhook;

import java.util.List;
import java.util.Set;

/** The event types an endpoint can subscribe to. */
public final class WebhookEventTypes {

	/**
	 * Sent by {@code POST /webhook-endpoints/{id}/test}, whatever the endpoint subscribed
	 * to.
	 */
	public static final String PING = "ping";

	/**
	 * A customer's personal data was erased; the payload carries ids only, so a CRM can
	 * erase its own copy.
	 */
	public static final String CUSTOMER_ERASED = "customer.erased";

	public static final List<String> ALL = List.of("case.created", "case.statement_added", "case.acknowledged",
			"case.step_changed", "case.details_saved", "case.details_confirmed", "case.offer_made",
			"case.offer_approved", "case.offer_accepted", "case.offer_rejected", "case.response_recorded",
			"case.follow_up_recorded", "case.follow_up_scheduled", "case.note_added", "case.assigned", "case.escalated",
			"case.closed", "case.reopened", "case.sla_paused", "case.sla_resumed", "case.sla_warning",
			"case.sla_breached", "case.follow_up_due", "case.repeat_detected", "customer.created", "customer.updated",
			CUSTOMER_ERASED);

	private static final Set<String> KNOWN = Set.copyOf(ALL);

	private WebhookEventTypes() {
	}

	static boolean isKnown(String type) {
		return type != null && KNOWN.contains(type);
	}

}
