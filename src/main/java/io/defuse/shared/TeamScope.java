package io.defuse.shared;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * What a query may return for an actor, as query parameters: everything ({@code all}), or
 * only what belongs to {@code teams}. The check belongs inside the query, so that another
 * team's row is never even loaded: {@code :all = true or has_element(:teams, x.team)},
 * with {@link #teamIds()} bound as one array (see {@link ArrayFunctions}).
 *
 * @param all the actor sees every team
 * @param teams the actor's teams; never empty (a team no row has stands in for none), so
 * that {@code in} lists built from them are valid SQL
 */
public record TeamScope(boolean all, Collection<UUID> teams) {

	/**
	 * The team every installation has: what an admin or an integration opens without
	 * naming a team lands here, and new principals join it.
	 */
	public static final UUID DEFAULT_TEAM = UUID.fromString("00000000-0000-0000-0000-000000000001");

	private static final UUID NO_TEAM = new UUID(0, 0);

	/**
	 * The teams something the actor records belongs to: the actor's own, or the default
	 * team for an actor of no team (an admin).
	 */
	public static Set<UUID> owningTeams(Actor actor) {
		return actor.teams().isEmpty() ? Set.of(DEFAULT_TEAM) : actor.teams();
	}

	/** The teams as one array, to bind as one query parameter. */
	public UUID[] teamIds() {
		return this.teams.toArray(UUID[]::new);
	}

	public static TeamScope of(Actor actor) {
		return new TeamScope(actor.seesAllTeams(), actor.teams().isEmpty() ? Set.of(NO_TEAM) : actor.teams());
	}

}
