package io.defuse.casework.web;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.casework.CaseFilter;
import io.defuse.casework.CaseGuidanceService;
import io.defuse.casework.GuidanceViews.CaseGuidance;
import io.defuse.casework.CaseInputs.NewCase;
import io.defuse.casework.CaseService;
import io.defuse.casework.CaseViews.CaseSummary;
import io.defuse.casework.CaseViews.CaseView;
import io.defuse.casework.CaseViews.CustomerHistory;
import io.defuse.casework.CaseViews.OfferView;
import io.defuse.casework.CaseViews.StatementView;
import io.defuse.casework.CaseViews.TimelineEntry;
import io.defuse.shared.Severity;
import io.defuse.casework.Step;
import io.defuse.shared.Actor;
import io.defuse.shared.Language;
import io.defuse.shared.web.CursorPage;
import io.defuse.shared.web.Versions;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Cases", description = "Open, find and read cases, their timeline and the customer's history")
class CaseController {

	private final CaseService cases;

	private final CaseGuidanceService guidance;

	CaseController(CaseService cases, CaseGuidanceService guidance) {
		this.cases = cases;
		this.guidance = guidance;
	}

	@PostMapping("/cases")
	@Operation(summary = "Open a case",
			description = "A new case in LISTEN with the customer's first statement, for an existing customer "
					+ "(customerId) or one given inline and matched by its externalRef. Honours Idempotency-Key.")
	@ApiResponse(responseCode = "201", description = "Created; Location and ETag set")
	@ApiResponse(responseCode = "422",
			description = "customerId names no customer, or the Idempotency-Key was used for another request",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(ref = "#/components/schemas/Problem")))
	ResponseEntity<CaseView> open(@Valid @RequestBody NewCase request, @AuthenticationPrincipal Actor actor) {
		CaseView opened = this.cases.open(request, actor);
		return ResponseEntity.created(URI.create("/api/v1/cases/" + opened.id()))
			.eTag(Versions.etag(opened.version()))
			.body(opened);
	}

	@GetMapping("/cases")
	@Operation(summary = "Find cases", description = "Newest first, keyset-paginated; every filter optional.")
	CursorPage<CaseSummary> list(
			@Parameter(description = "only cases in this step") @RequestParam(required = false) Step step,
			@Parameter(description = "only cases of this severity") @RequestParam(required = false) Severity severity,
			@Parameter(description = "only cases assigned to this principal") @RequestParam(required = false) @Size(
					max = 100) String assignee,
			@Parameter(description = "only this customer's cases") @RequestParam(required = false) UUID customer,
			@Parameter(description = "only escalated (true) or not escalated (false) cases") @RequestParam(
					required = false) Boolean escalated,
			@Parameter(description = "text in the subject, or a case number") @RequestParam(required = false) @Size(
					max = 200) String q,
			@Parameter(description = "only this team's cases") @RequestParam(required = false) UUID team,
			@Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
			@Parameter(description = "page size, 1 to 100") @RequestParam(
					defaultValue = "20") @Min(1) @Max(CursorPage.MAX_LIMIT) int limit,
			@AuthenticationPrincipal Actor actor) {
		return this.cases.list(new CaseFilter(step, severity, assignee, customer, escalated, q, team), cursor, limit,
				actor);
	}

	@GetMapping("/cases/{id}")
	@Operation(summary = "Get a case",
			description = "Step, version (also the ETag), customer, details, offers, response, follow-ups, "
					+ "escalation and the actions legal now for your role (nextActions).")
	ResponseEntity<CaseView> get(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		CaseView found = this.cases.get(id, actor);
		return ResponseEntity.ok().eTag(Versions.etag(found.version())).body(found);
	}

	@GetMapping("/cases/{id}/guidance")
	@Operation(summary = "What to do and say now",
			description = "For the case's current step: actions, phrases and, in GATHER, one question per missing "
					+ "detail, personalised with the customer's name and history; notes for the case's circumstances "
					+ "(repeat complaint, anger, threats, escalation); in OFFER the remedies ranked by the "
					+ "satisfaction they reached for the same problem category and by what this customer accepted "
					+ "before, with the numbers behind the ranking.")
	CaseGuidance guidance(@PathVariable UUID id,
			@Parameter(description = "en, de or cs; the customer's language when left out") @RequestParam(
					required = false) Language lang,
			@AuthenticationPrincipal Actor actor) {
		return this.guidance.guidance(id, lang, actor);
	}

	@GetMapping("/cases/{id}/timeline")
	@Operation(summary = "Read a case's timeline",
			description = "Every change as an immutable event, oldest first: who, when, what, before and after.")
	CursorPage<TimelineEntry> timeline(@PathVariable UUID id,
			@Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
			@Parameter(description = "page size, 1 to 100") @RequestParam(
					defaultValue = "50") @Min(1) @Max(CursorPage.MAX_LIMIT) int limit,
			@AuthenticationPrincipal Actor actor) {
		return this.cases.timeline(id, cursor, limit, actor);
	}

	@GetMapping("/cases/{id}/statements")
	@Operation(summary = "Read a case's statements",
			description = "Oldest first, each with how it was read: a customer's tension (score, level, signals with "
					+ "their evidence spans), an agent's empathy findings.")
	CursorPage<StatementView> statements(@PathVariable UUID id,
			@Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
			@Parameter(description = "page size, 1 to 100") @RequestParam(
					defaultValue = "50") @Min(1) @Max(CursorPage.MAX_LIMIT) int limit,
			@AuthenticationPrincipal Actor actor) {
		return this.cases.statements(id, cursor, limit, actor);
	}

	@GetMapping("/cases/{id}/offers/{offerId}")
	@Operation(summary = "Get one offer of a case")
	OfferView offer(@PathVariable UUID id, @PathVariable UUID offerId, @AuthenticationPrincipal Actor actor) {
		return this.cases.offer(id, offerId, actor);
	}

	@GetMapping("/customers/{id}/history")
	@Operation(summary = "A customer's history",
			description = "Every case of the customer (newest first, up to 200) with step, outcome, offers made "
					+ "and accepted, satisfaction and dates, and totals over all their cases.")
	CustomerHistory history(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		return this.cases.history(id, actor);
	}

}
