package io.defuse.casework;

/** Where a case stands in the five de-escalation steps. */
public enum Step {

	/**
	 * Let the customer speak; record what they say; the agent acknowledges with
	 * understanding and an apology.
	 */
	LISTEN,

	/**
	 * Collect the details the problem category needs: product, purchase date, order,
	 * description.
	 */
	GATHER,

	/**
	 * Offer a fair remedy; large offers need a supervisor's approval; the customer
	 * accepts or declines.
	 */
	OFFER,

	/** Do what was agreed, quickly, and record it. */
	RESPOND,

	/**
	 * Check back with the customer when the follow-up falls due; thank them and apologise
	 * again.
	 */
	FOLLOW_UP,

	/** Finished, with an {@link Outcome}; a supervisor may reopen it. */
	CLOSED

}
