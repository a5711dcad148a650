package io.defuse.access.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.access.TeamView;
import io.defuse.access.Teams;
import io.defuse.shared.Actor;
import io.defuse.shared.web.Versions;

@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "Teams", description = "Cases and customers belong to teams; agents and supervisors see their teams' only")
class TeamController {

	private final Teams teams;

	TeamController(Teams teams) {
		this.teams = teams;
	}

	@PostMapping
	@Operation(summary = "Create a team (admin)")
	ResponseEntity<TeamView> create(@Valid @RequestBody NewTeam request, @AuthenticationPrincipal Actor actor) {
		TeamView team = this.teams.create(request.name(), request.description(), actor);
		return ResponseEntity.created(URI.create("/api/v1/teams/" + team.id()))
			.eTag(Versions.etag(team.version()))
			.body(team);
	}

	@GetMapping
	@Operation(summary = "List teams", description = "Every team for an admin; your own teams for anyone else.")
	List<TeamView> list(@AuthenticationPrincipal Actor actor) {
		return this.teams.list(actor);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get a team", description = "404 for a team you do not belong to.")
	ResponseEntity<TeamView> get(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		TeamView team = this.teams.get(id, actor);
		return ResponseEntity.ok().eTag(Versions.etag(team.version())).body(team);
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Rename or describe a team (admin)", description = "Fields left out stay; If-Match optional.")
	ResponseEntity<TeamView> update(@PathVariable UUID id, @Valid @RequestBody TeamChange request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		TeamView team = this.teams.update(id, request.name(), request.description(), Versions.expected(ifMatch), actor);
		return ResponseEntity.ok().eTag(Versions.etag(team.version())).body(team);
	}

	@PutMapping("/{id}/members/{principal}")
	@Operation(summary = "Put a principal in a team (admin)",
			description = "The principal sees the team's cases and customers from its next request on.")
	TeamView addMember(@PathVariable UUID id, @PathVariable String principal, @AuthenticationPrincipal Actor actor) {
		return this.teams.addMember(id, principal, actor);
	}

	@DeleteMapping("/{id}/members/{principal}")
	@Operation(summary = "Take a principal out of a team (admin)")
	TeamView removeMember(@PathVariable UUID id, @PathVariable String principal, @AuthenticationPrincipal Actor actor) {
		return this.teams.removeMember(id, principal, actor);
	}

	record NewTeam(@NotBlank @Size(max = 100) @Schema(example = "Returns, Prague") String name,
			@Size(max = 500) String description) {
	}

	record TeamChange(@Size(min = 1, max = 100) String name, @Size(max = 500) String description) {
	}

}
