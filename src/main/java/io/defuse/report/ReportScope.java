package io.defuse.report;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Whose cases a report counts.
 *
 * @param allTeams every team's cases (an admin who named no team)
 * @param teams the teams counted: the one asked for, all of a supervisor's teams, or
 * every team
 */
@Schema(description = "Whose cases are counted: those of the listed teams (every team when allTeams). A case, and "
		+ "everything recorded on it, counts for the team it belongs to now.")
public record ReportScope(boolean allTeams, List<UUID> teams) {

	static ReportScope all(Collection<UUID> teams) {
		return new ReportScope(true, teams.stream().sorted().toList());
	}

	static ReportScope of(Collection<UUID> teams) {
		return new ReportScope(false, teams.stream().sorted().toList());
	}

	UUID[] teamArray() {
		return this.teams.toArray(UUID[]::new);
	}

}
