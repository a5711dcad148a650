package io.defuse.access;

import java.time.Instant;

import io.defuse.shared.web.InvalidInput;

/**
 * What to look for in the audit log; every criterion is optional.
 *
 * @param actor the principal's name
 * @param action e.g. {@code api-key.created}
 * @param targetType e.g. {@code webhook-endpoint}
 * @param targetId e.g. an endpoint's id
 * @param from entries at or after this time
 * @param to entries before this time
 */
public record AuditQuery(String actor, String action, String targetType, String targetId, Instant from, Instant to) {

	public AuditQuery {
		actor = blankToNull(actor);
		action = blankToNull(action);
		targetType = blankToNull(targetType);
		targetId = blankToNull(targetId);
		if (from != null && to != null && !from.isBefore(to)) {
			throw InvalidInput.of("to", "must be after from");
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
