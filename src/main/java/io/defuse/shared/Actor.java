package io.defuse.shared;

import java.util.Objects;
import java.util.UUID;

/**
 * The authenticated principal behind a request: who acts, recorded on every change.
 * Controllers take it with {@code @AuthenticationPrincipal Actor actor}.
 *
 * @param id the principal's id
 * @param name the principal's unique name (a person or an integration)
 * @param role what the principal may do
 */
public record Actor(UUID id, String name, Role role) {

	public Actor {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(role, "role");
	}

	public boolean hasRole(Role wanted) {
		return this.role == wanted;
	}

}
