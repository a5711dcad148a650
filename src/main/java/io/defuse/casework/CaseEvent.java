package io.defuse.casework;

import io.defuse.shared.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.defuse.shared.Role;

/**
 * Something that happened to a case: one immutable timeline entry, and the domain event
 * other modules (webhooks) react to. Published inside the transaction of the change.
 *
 * @param caseId the case
 * @param sequence 1, 2, 3, … per case, without gaps: the order of the case's history
 * @param type e.g. {@code case.offer_accepted}
 * @param occurredAt when
 * @param actor the principal's name
 * @param actorRole the principal's role
 * @param step the case's step after the change
 * @param data what changed (before/after where it applies)
 * @param snapshot the case as it is after the change, so a consumer can act without
 * asking back
 */
public record CaseEvent(UUID caseId, int sequence, String type, Instant occurredAt, String actor, Role actorRole,
		Step step, Map<String, Object> data, Snapshot snapshot) {

	/** The facts of a case a CRM needs to act on an event. */
	public record Snapshot(UUID id, UUID customerId, String subject, Channel channel, Severity severity, Step step,
			Outcome outcome, String assignee, boolean escalated) {
	}

}
