package io.defuse.report.web;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.report.Overview;
import io.defuse.report.ReportService;
import io.defuse.report.Timeseries;
import io.defuse.shared.Actor;

@RestController
@RequestMapping("/api/v1/reports")
@Tag(name = "Reports", description = "How the teams de-escalate: an overview of a period and time series for charts "
		+ "(supervisors: their teams; admins: every team)")
class ReportController {

	private static final String PERIOD = """
			from and to: an ISO date (2026-11-01) or an instant with its offset (2026-11-01T08:00:00Z). A date \
			as from is the start of that day, a date as to includes that whole day (UTC). The period is from \
			(included) to to (excluded); without to it ends now, without from it starts 30 days before its end. \
			from must be before to, and the period at most 366 days long. """;

	private static final String SCOPE = """
			team: one team's cases (404 if it does not exist or you are not in it); without it, all your teams' \
			cases (a supervisor) or every team's (an admin). A case counts for the team it belongs to now. """;

	private final ReportService reports;

	ReportController(ReportService reports) {
		this.reports = reports;
	}

	@GetMapping("/overview")
	@Operation(summary = "Overview of a period", description = PERIOD + SCOPE + """
			Each figure counts a cohort of the period: cases opened in it (escalation, repeat complaints, \
			categories, products, acknowledgement clock), cases closed in it (outcomes, de-escalation), stays that \
			ended in it (time in step), clocks that started in it (SLA), follow-ups recorded in it (satisfaction), \
			offers made in it; openNow is the state at the time of the request. Every rate is a fraction from 0 \
			to 1 (four decimals) next to its basis, the count it is a share of, and is null when the basis is 0. \
			The schema of each part defines its figures; docs/REPORTS.md has them all, with examples.""")
	@ApiResponse(responseCode = "200", description = "The figures")
	@ApiResponse(responseCode = "400", description = "from or to unreadable, not a period, or longer than 366 days",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(ref = "#/components/schemas/Problem")))
	@ApiResponse(responseCode = "404", description = "team does not exist or is not one of yours",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(ref = "#/components/schemas/Problem")))
	Overview overview(
			@Parameter(description = "start of the period: a date or an instant",
					example = "2026-11-01") @RequestParam(required = false) String from,
			@Parameter(description = "end of the period: a date (included) or an instant (excluded)",
					example = "2026-11-30") @RequestParam(required = false) String to,
			@Parameter(description = "only this team's cases") @RequestParam(required = false) UUID team,
			@AuthenticationPrincipal Actor actor) {
		return this.reports.overview(from, to, team, actor);
	}

	@GetMapping("/timeseries")
	@Operation(summary = "One metric per day or week, for charts", description = PERIOD + SCOPE + """
			Every bucket of the period is there, oldest first, zero-filled (null for an average without \
			ratings). Buckets are UTC days, or ISO weeks starting on Monday 00:00 UTC; the first and last may \
			reach outside the period but count only what lies inside it. Metrics: cases_opened (cases opened), \
			cases_closed (cases closed, and closed now), escalations (cases escalated, by the time of their \
			latest escalation), satisfaction_avg (the mean rating of the follow-ups recorded; basis: the \
			ratings), sla_breaches (SLA clocks breached, in the bucket the clock started; basis: the clocks with \
			a result), deescalated (cases closed that had peaked at ANGRY or worse and ended de-escalated; basis: \
			the cases closed that had peaked at ANGRY or worse). Each counts what the overview counts for the \
			same figure, so the points of a period add up to the overview's figure.""")
	@ApiResponse(responseCode = "200", description = "One point per bucket")
	@ApiResponse(responseCode = "400",
			description = "metric or interval not one of the allowed values (the answer names them), or from and to "
					+ "not a period of at most 366 days",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(ref = "#/components/schemas/Problem")))
	@ApiResponse(responseCode = "404", description = "team does not exist or is not one of yours",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(ref = "#/components/schemas/Problem")))
	Timeseries timeseries(
			@Parameter(description = "what to show", required = true,
					schema = @Schema(type = "string",
							allowableValues = { "cases_opened", "cases_closed", "escalations", "satisfaction_avg",
									"sla_breaches", "deescalated" })) @RequestParam(required = false) String metric,
			@Parameter(description = "bucket size; day when left out",
					schema = @Schema(type = "string", allowableValues = { "day", "week" },
							defaultValue = "day")) @RequestParam(required = false) String interval,
			@Parameter(description = "start of the period: a date or an instant",
					example = "2026-11-01") @RequestParam(required = false) String from,
			@Parameter(description = "end of the period: a date (included) or an instant (excluded)",
					example = "2026-11-30") @RequestParam(required = false) String to,
			@Parameter(description = "only this team's cases") @RequestParam(required = false) UUID team,
			@AuthenticationPrincipal Actor actor) {
		return this.reports.timeseries(metric, interval, from, to, team, actor);
	}

}
