package io.defuse.deescalation;

/**
 * Circumstances of a case that change what an agent should do; each step's guidance may
 * carry a note for any of them, shown only when the circumstance holds.
 */
public enum GuidanceSituation {

	/** The customer had cases before this one. */
	RETURNING_CUSTOMER,

	/** This case repeats an earlier complaint (same product or category, recently). */
	REPEAT_COMPLAINT,

	/** The customer accepted remedies on earlier cases. */
	ACCEPTED_BEFORE,

	/** The customer's latest statement reads ANGRY or HOSTILE. */
	ANGRY_CUSTOMER,

	/** The customer mentioned legal action. */
	LEGAL_THREAT,

	/** The customer threatened to leave. */
	CHURN_THREAT,

	/** The customer threatened to go public. */
	PUBLIC_EXPOSURE_THREAT,

	/** The case is escalated. */
	ESCALATED

}
