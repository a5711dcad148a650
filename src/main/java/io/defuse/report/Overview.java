package io.defuse.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

import io.defuse.casework.EscalationKind;
import io.defuse.casework.OfferType;
import io.defuse.casework.Outcome;
import io.defuse.casework.ProblemCategory;
import io.defuse.casework.Step;

/**
 * What happened in a period, for a set of teams. Every rate comes with the counts it is
 * computed from ({@code basis}); a rate whose basis is 0 is null. Rates are fractions
 * from 0 to 1, rounded to four decimals. docs/REPORTS.md defines each figure.
 *
 * @param period the period reported on
 * @param scope whose cases are counted
 * @param generatedAt when the figures were computed; "now" for open cases and running
 * clocks
 * @param cases volumes
 * @param timeInStep how long cases stayed in each of the five steps
 * @param sla the SLA clocks' results
 * @param escalation how many cases were escalated, and why
 * @param deescalation how many heated cases calmed down
 * @param satisfaction the ratings given at follow-ups
 * @param repeatComplaints how many cases were repeat complaints
 * @param offers offers made and accepted
 * @param topCategories the most frequent problem categories
 * @param topProducts the most frequent products
 */
public record Overview(ReportPeriod period, ReportScope scope, Instant generatedAt, Cases cases,
		List<StepTime> timeInStep, List<SlaResult> sla, Escalation escalation, Deescalation deescalation,
		Satisfaction satisfaction, RepeatComplaints repeatComplaints, Offers offers, TopCategories topCategories,
		TopProducts topProducts) {

	@Schema(name = "ReportCases", description = "Volumes")
	public record Cases(@Schema(description = "Cases opened in the period") long opened,
			@Schema(description = "Cases closed in the period that are closed now (a reopened case counts "
					+ "again when it closes again)") long closed,
			@Schema(description = "The closed cases by outcome; every outcome listed") Map<Outcome, Long> closedByOutcome,
			@Schema(description = "Cases open now, whenever they were opened") long openNow,
			@Schema(description = "The open cases by the step they are in now; every step listed") Map<Step, Long> openNowByStep) {
	}

	@Schema(name = "ReportStepTime",
			description = "How long cases stayed in a step: wall-clock time from entering the step to leaving it, "
					+ "paused SLA time included. Counts the stays that ended in the period; a case that passed "
					+ "through the step twice contributes two stays. Percentiles are interpolated "
					+ "(PostgreSQL percentile_cont); null when there is no stay.")
	public record StepTime(Step step, @Schema(description = "Stays in this step that ended in the period") long stays,
			@Schema(description = "Median length of those stays, in seconds") Double medianSeconds,
			@Schema(description = "90th percentile of their length, in seconds") Double p90Seconds) {
	}

	@Schema(name = "ReportSlaResult", description = """
			One SLA clock. ACKNOWLEDGEMENT: the clocks of the cases opened in the period (opening to the \
			agent's acknowledgement). RESPONSE: the response clocks started in the period (accepted offer to \
			recorded response; a case's latest). FOLLOW_UP: the follow-ups that fell due in the period (due time \
			to the recorded attempt, on time within the follow-up grace, 1 day by default). A clock is met when \
			it stopped within its target (the severity's current SLA policy, paused time not counted) and no \
			breach was recorded; breached when a breach was recorded, it stopped late, or it still runs past its \
			target; pending while it runs within its target. A case closed before its clock stopped counts only \
			if the clock was breached.""")
	public record SlaResult(@Schema(allowableValues = {
			"ACKNOWLEDGEMENT", "RESPONSE", "FOLLOW_UP" }) String clock, long met, long breached, long pending,
			@Schema(description = "met + breached: the clocks with a result") long basis,
			@Schema(description = "met / basis") Double metRate){
	}

	@Schema(name = "ReportEscalation", description = "Escalation of the cases opened in the period")
	public record Escalation(
			@Schema(description = "Of the cases opened in the period, those escalated (now)") long escalated,
			@Schema(description = "Cases opened in the period") long basis,
			@Schema(description = "escalated / basis") Double rate,
			@Schema(description = "The escalated cases by why they were escalated (the latest escalation), most "
					+ "first") List<ReasonCount> topReasons) {
	}

	@Schema(name = "ReportReasonCount", description = "Escalated cases of one kind")
	public record ReasonCount(
			@Schema(description = "The kind of escalation; UNKNOWN for escalations recorded before kinds were, "
					+ "whose reason has since been erased") String reason,
			long cases, @Schema(description = "cases / escalated") Double share) {

		static final String UNKNOWN = "UNKNOWN";

		static List<String> kinds() {
			return java.util.Arrays.stream(EscalationKind.values()).map(Enum::name).toList();
		}

	}

	@Schema(name = "ReportDeescalation",
			description = "De-escalation: of the cases closed in the period whose tension peaked at ANGRY or "
					+ "HOSTILE, those that ended de-escalated: closed RESOLVED (the customer satisfied at the follow-up) "
					+ "or with the customer's latest statement at least two levels below the peak (the case's "
					+ "deescalated flag)")
	public record Deescalation(long deescalated,
			@Schema(description = "Cases closed in the period whose peak tension was ANGRY or HOSTILE") long basis,
			@Schema(description = "deescalated / basis") Double rate) {
	}

	@Schema(name = "ReportSatisfaction",
			description = "The ratings (1 to 5) given at follow-ups recorded in the period, the customer reached")
	public record Satisfaction(Ratings overall,
			@Schema(description = "By the remedy rated: the type of the offer the customer accepted last before "
					+ "the rating; remedies without ratings left out, most rated first") List<RemedyRatings> byRemedy,
			@Schema(description = "By the case's problem category; categories without ratings left out, most "
					+ "rated first") List<CategoryRatings> byCategory) {
	}

	@Schema(name = "ReportRatings", description = "Ratings")
	public record Ratings(@Schema(description = "How many ratings") long ratings,
			@Schema(description = "Their mean, rounded to two decimals; null without ratings") Double average,
			@Schema(description = "How many ratings of each value, \"1\" to \"5\"") Map<Integer, Long> distribution) {
	}

	@Schema(name = "ReportRemedyRatings")
	public record RemedyRatings(OfferType remedy, long ratings, Double average, Map<Integer, Long> distribution) {
	}

	@Schema(name = "ReportCategoryRatings")
	public record CategoryRatings(ProblemCategory category, long ratings, Double average,
			Map<Integer, Long> distribution) {
	}

	@Schema(name = "ReportRepeatComplaints",
			description = "Repeat complaints among the cases opened in the period: a case is a repeat "
					+ "complaint when, at the confirmation of its details, the customer had another case about the same "
					+ "product or category within the repeat window")
	public record RepeatComplaints(long repeats,
			@Schema(description = "Cases opened in the period whose details were confirmed (the moment repeats "
					+ "are detected)") long basis,
			@Schema(description = "repeats / basis") Double rate) {
	}

	@Schema(name = "ReportOffers", description = "The offers made in the period, by their status now")
	public record Offers(long made, long accepted, long rejected, long withdrawn,
			@Schema(description = "Still waiting for the customer or for a supervisor's approval") long open,
			@Schema(description = "accepted / made") Double acceptanceRate,
			@Schema(description = "By remedy type; types never offered left out, most made first") List<OfferTypeCount> byType) {
	}

	@Schema(name = "ReportOfferTypeCount")
	public record OfferTypeCount(OfferType type, long made, long accepted,
			@Schema(description = "accepted / made") Double acceptanceRate) {
	}

	@Schema(name = "ReportTopCategories",
			description = "The problem categories of the cases opened in the period, most frequent first (at "
					+ "most 10)")
	public record TopCategories(@Schema(description = "Cases opened in the period with a category") long basis,
			List<CategoryCount> top) {
	}

	@Schema(name = "ReportCategoryCount")
	public record CategoryCount(ProblemCategory category, long cases,
			@Schema(description = "cases / basis") Double share) {
	}

	@Schema(name = "ReportTopProducts",
			description = "The products of the cases opened in the period, most frequent first (at most 10); "
					+ "products that differ only in letter case are one, shown in the spelling that sorts first by "
					+ "character code (capitals first)")
	public record TopProducts(@Schema(description = "Cases opened in the period with a product") long basis,
			List<ProductCount> top) {
	}

	@Schema(name = "ReportProductCount")
	public record ProductCount(String product, long cases, @Schema(description = "cases / basis") Double share) {
	}

}
