package io.defuse.access;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.shared.Actor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.Role;
import io.defuse.shared.TeamScope;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.InvalidInput;
import io.defuse.shared.web.Versions;

/**
 * The teams and who is in them. Admins manage them; everyone else sees only the teams
 * they belong to.
 */
@Service
public class Teams {

	/**
	 * The team every installation has: cases opened by an admin or an integration without
	 * a team land here, and new principals join it until an admin says otherwise.
	 */
	public static final UUID DEFAULT = TeamScope.DEFAULT_TEAM;

	private final TeamRepository teams;

	private final AccountRepository accounts;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final RecentKeys recent;

	/** Teams found to exist (no more than there are teams: only an admin makes one). */
	private final Set<UUID> known = ConcurrentHashMap.newKeySet();

	Teams(TeamRepository teams, AccountRepository accounts, JdbcClient jdbc, ApplicationEventPublisher events,
			Clock clock, RecentKeys recent) {
		this.recent = recent;
		this.teams = teams;
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Whether the team exists. Teams are never deleted, so a team found once is
	 * remembered and not looked up again (every case opened asks for its team).
	 */
	@Transactional(readOnly = true)
	public boolean exists(UUID team) {
		if (this.known.contains(team)) {
			return true;
		}
		boolean exists = this.teams.existsById(team);
		if (exists) {
			this.known.add(team);
		}
		return exists;
	}

	/** Whether the team exists and the actor may put work into it. */
	@Transactional(readOnly = true)
	public boolean usableBy(UUID team, Actor actor) {
		return actor.canSee(team) && exists(team);
	}

	@Transactional
	public TeamView create(String name, String description, Actor actor) {
		String checkedName = InvalidInput.text("name", name, true, 100);
		String checkedDescription = InvalidInput.text("description", description, false, 500);
		if (this.teams.existsByNameIgnoreCase(checkedName)) {
			throw ApiException.conflict("team-exists", "A team named '" + checkedName + "' exists already");
		}
		Team team = this.teams
			.saveAndFlush(new Team(checkedName, checkedDescription, actor.name(), this.clock.instant()));
		audit(actor, "team.created", team, Map.of("name", checkedName));
		return TeamView.of(team, List.of());
	}

	/** Every team for an admin; for anyone else the teams they belong to. */
	@Transactional(readOnly = true)
	public List<TeamView> list(Actor actor) {
		List<Team> visible = actor.seesAllTeams() ? this.teams.findAllByOrderByName()
				: this.teams.findByIdInOrderByName(actor.teams());
		Map<UUID, List<String>> members = members(visible.stream().map(Team::id).toList());
		return visible.stream().map((team) -> TeamView.of(team, members.getOrDefault(team.id(), List.of()))).toList();
	}

	@Transactional(readOnly = true)
	public TeamView get(UUID id, Actor actor) {
		return TeamView.of(find(id, actor), members(id));
	}

	@Transactional
	public TeamView update(UUID id, String name, String description, Long expectedVersion, Actor actor) {
		Team team = find(id, actor);
		Versions.check(expectedVersion, team.version());
		if (name != null) {
			String checkedName = InvalidInput.text("name", name, true, 100);
			if (!checkedName.equalsIgnoreCase(team.name()) && this.teams.existsByNameIgnoreCase(checkedName)) {
				throw ApiException.conflict("team-exists", "A team named '" + checkedName + "' exists already");
			}
			team.rename(checkedName);
		}
		if (description != null) {
			team.describe(InvalidInput.text("description", description, false, 500));
		}
		this.teams.saveAndFlush(team);
		audit(actor, "team.changed", team, Map.of("name", team.name()));
		return TeamView.of(team, members(id));
	}

	/**
	 * Puts a principal in the team; they see its cases from their next request on (on
	 * other instances, once their {@link RecentKeys} forget the principal's keys).
	 */
	@Transactional
	public TeamView addMember(UUID id, String principal, Actor actor) {
		Team team = find(id, actor);
		Account account = member(principal);
		if (account.role() == Role.ADMIN) {
			throw ApiException.conflict("admin-sees-all", "An ADMIN sees every team and belongs to none");
		}
		if (account.teams().add(id)) {
			this.accounts.saveAndFlush(account);
			this.recent.forgetAllAfterCommit();
			audit(actor, "team.member-added", team, Map.of("principal", account.name()));
		}
		return TeamView.of(team, members(id));
	}

	@Transactional
	public TeamView removeMember(UUID id, String principal, Actor actor) {
		Team team = find(id, actor);
		Account account = member(principal);
		if (account.teams().remove(id)) {
			this.accounts.saveAndFlush(account);
			this.recent.forgetAllAfterCommit();
			audit(actor, "team.member-removed", team, Map.of("principal", account.name()));
		}
		return TeamView.of(team, members(id));
	}

	private Team find(UUID id, Actor actor) {
		return this.teams.findById(id)
			.filter((team) -> actor.canSee(team.id()))
			.orElseThrow(() -> ApiException.notFound("Team", id));
	}

	private Account member(String principal) {
		return this.accounts.findByName(principal)
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not Found",
					"Principal '" + principal + "' does not exist"));
	}

	/** The members of several teams, in one query. */
	private Map<UUID, List<String>> members(List<UUID> teams) {
		Map<UUID, List<String>> members = new java.util.HashMap<>();
		this.jdbc.sql("""
				select t.team_id, a.name from accounts a join account_teams t on t.account_id = a.id
				where t.team_id = any(:teams) order by a.name""")
			.param("teams", teams.toArray(UUID[]::new))
			.query((row) -> {
				members.computeIfAbsent(row.getObject("team_id", UUID.class), (team) -> new java.util.ArrayList<>())
					.add(row.getString("name"));
			});
		return members;
	}

	private List<String> members(UUID team) {
		return this.jdbc.sql("""
				select a.name from accounts a join account_teams t on t.account_id = a.id
				where t.team_id = :team order by a.name""").param("team", team).query(String.class).list();
	}

	private void audit(Actor actor, String action, Team team, Map<String, Object> details) {
		this.events.publishEvent(new AdminAction(actor, action, "team", team.id().toString(), details));
	}

}
