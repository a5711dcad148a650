package io.defuse.deescalation;

import java.util.List;
import java.util.Objects;

import io.defuse.shared.Language;

/**
 * The empathy check of one agent message.
 *
 * @param language the language whose phrases were used
 * @param hits every finding, in text order
 */
public record EmpathyResult(Language language, List<EmpathyHit> hits) {

	public EmpathyResult {
		Objects.requireNonNull(language, "language");
		hits = List.copyOf(hits);
	}

	/**
	 * Whether the message acknowledges the customer: an understanding or an apology
	 * phrase.
	 */
	public boolean showsUnderstandingOrApology() {
		return this.hits.stream()
			.anyMatch(
					(hit) -> hit.finding() == EmpathyFinding.UNDERSTANDING || hit.finding() == EmpathyFinding.APOLOGY);
	}

	/**
	 * Whether the message blames the customer or hides behind policy; worth a warning
	 * even when it also apologises.
	 */
	public boolean blamesOrHidesBehindPolicy() {
		return this.hits.stream()
			.anyMatch((hit) -> hit.finding() == EmpathyFinding.BLAME || hit.finding() == EmpathyFinding.POLICY_SPEAK);
	}

}
