package io.defuse.shared;

import java.util.Map;
import java.util.Objects;

/**
 * An administrative action (keys, teams, endpoints, policies, guidance, exports,
 * erasures), published as an application event by the service that performs it, inside
 * its transaction. The audit log records it in that same transaction, so an action that
 * rolls back leaves no audit entry and one that commits always has one.
 *
 * @param actor who did it
 * @param action what was done, as {@code <target>.<verb>}, e.g. {@code api-key.revoked}
 * @param targetType the kind of thing acted on, e.g. {@code api-key}
 * @param targetId its id (or key, such as a severity), never a secret
 * @param details what changed; never secrets or personal data
 */
public record AdminAction(Actor actor, String action, String targetType, String targetId, Map<String, Object> details) {

	public AdminAction {
		Objects.requireNonNull(actor, "actor");
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(targetType, "targetType");
		details = (details != null) ? Map.copyOf(details) : Map.of();
	}

}
