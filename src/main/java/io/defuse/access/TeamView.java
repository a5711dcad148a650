package io.defuse.access;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A team as the API shows it.
 *
 * @param members the principals in the team, by name
 */
public record TeamView(UUID id, @Schema(example = "Returns, Prague") String name, String description,
		java.util.List<String> members, Instant createdAt, String createdBy, long version) {

	static TeamView of(Team team, java.util.List<String> members) {
		return new TeamView(team.id(), team.name(), team.description(), members, team.createdAt(), team.createdBy(),
				team.version());
	}

}
