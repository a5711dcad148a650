package io.defuse.access;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.defuse.shared.Role;

/**
 * One administrative action as the audit log recorded it.
 *
 * @param id the entry's number; entries are never changed or removed
 * @param occurredAt when the action was taken
 * @param actor who took it, as they were named then
 * @param action what was done, {@code <target>.<verb>}, e.g. {@code api-key.revoked}
 * @param targetType the kind of thing acted on, e.g. {@code api-key}
 * @param targetId which one (an id, or a key such as a severity)
 * @param details what changed; never secrets or personal data
 */
public record AuditEntry(long id, Instant occurredAt, AuditActor actor, String action, String targetType,
		String targetId, Map<String, Object> details) {

	/**
	 * @param id the principal's id
	 * @param name the principal's name
	 * @param role the principal's role at the time
	 */
	public record AuditActor(UUID id, String name, Role role) {
	}

}
