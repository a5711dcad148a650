package io.defuse.shared;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated principal behind a request: who acts, recorded on every change.
 * Controllers take it with {@code @AuthenticationPrincipal Actor actor}.
 *
 * @param id the principal's id
 * @param name the principal's unique name (a person or an integration)
 * @param role what the principal may do
 * @param teams the teams whose cases and customers the principal works on; ADMIN sees
 * every team whatever this holds
 */
public record Actor(UUID id, String name, Role role, Set<UUID> teams) {

	public Actor {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(role, "role");
		teams = (teams != null) ? Set.copyOf(teams) : Set.of();
	}

	/** A principal of no team: an ADMIN, or one that sees nothing team-bound. */
	public Actor(UUID id, String name, Role role) {
		this(id, name, role, Set.of());
	}

	public boolean hasRole(Role wanted) {
		return this.role == wanted;
	}

	/** Whether the principal sees every team's cases and customers. */
	public boolean seesAllTeams() {
		return this.role == Role.ADMIN;
	}

	/** Whether the principal may see what belongs to this team. */
	public boolean canSee(UUID team) {
		return seesAllTeams() || this.teams.contains(team);
	}

}
