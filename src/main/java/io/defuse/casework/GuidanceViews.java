package io.defuse.casework;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import io.defuse.deescalation.GuidanceSituation;
import io.defuse.shared.Language;

/** What an agent is told for one case, now. */
public final class GuidanceViews {

	private GuidanceViews() {
	}

	/**
	 * Guidance for the case's current step, in one language, personalised for the
	 * customer.
	 *
	 * @param actions what to do now, in order
	 * @param phrases what to say
	 * @param questions GATHER: one question per missing detail, in the order the details
	 * are missing
	 * @param notes what this case's circumstances call for
	 * @param recommendation OFFER: remedies ranked by the satisfaction they reached
	 */
	public record CaseGuidance(UUID caseId, Step step, Language language, CustomerContext customer,
			List<String> actions, List<String> phrases, List<Question> questions, List<Note> notes,
			RemedyRecommendation recommendation) {
	}

	/**
	 * @param name how to address the customer: their preferred name, else their display
	 * name
	 * @param previousCases cases the customer had before this one
	 * @param lastCaseAt when the latest of them was opened
	 * @param acceptedBefore remedies they accepted on earlier cases, most often first
	 */
	public record CustomerContext(String name, long previousCases, Instant lastCaseAt,
			List<CustomerRecord> acceptedBefore) {
	}

	/**
	 * @param field the missing detail, as named in the case's {@code details.missing}
	 */
	public record Question(@Schema(example = "purchaseDate or orderRef") String field, String question) {
	}

	public record Note(GuidanceSituation situation, String text) {
	}

	/**
	 * Remedies for the case's problem category, best first. The score is the remedy's
	 * average satisfaction in the category, shrunk towards the average of all remedies
	 * ({@code (sum + priorWeight * priorSatisfaction) / (ratings + priorWeight)}) so that
	 * a few ratings cannot dominate, plus {@code (customer's own average - 3) / 4} when
	 * the customer rated the remedy before (+0.25 when they accepted it unrated).
	 *
	 * @param since closed cases opened since then are counted
	 * @param priorSatisfaction average satisfaction over every accepted remedy in the
	 * window, 3 when there is none
	 * @param priorWeight how many ratings the prior counts as
	 */
	public record RemedyRecommendation(ProblemCategory category, Instant since, double priorSatisfaction,
			int priorWeight, List<RankedRemedy> remedies) {
	}

	/**
	 * @param inCategory how the remedy did for the same problem category
	 * @param byCustomer how this customer took it before; null when never
	 */
	public record RankedRemedy(int rank, OfferType remedy, double score, CategoryRecord inCategory,
			CustomerRecord byCustomer) {
	}

	/**
	 * @param offered offers of the remedy the customer decided on (accepted or rejected)
	 * @param acceptanceRate accepted / offered, null when none was decided
	 * @param ratings accepted offers whose case has a satisfaction rating
	 * @param averageSatisfaction their average (1–5), null without ratings
	 * @param adjustedSatisfaction the average shrunk towards the prior
	 */
	public record CategoryRecord(long offered, long accepted, Double acceptanceRate, long ratings,
			Double averageSatisfaction, double adjustedSatisfaction) {
	}

	/**
	 * @param accepted how often the customer accepted the remedy before
	 * @param averageSatisfaction how they rated it, null without ratings
	 */
	public record CustomerRecord(OfferType remedy, long accepted, long ratings, Double averageSatisfaction) {
	}

}
