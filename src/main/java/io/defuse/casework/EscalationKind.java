package io.defuse.casework;

/**
 * Why a case was escalated, as a kind: the reason's text is free and may be erased, the
 * kind is a statistic and stays.
 */
public enum EscalationKind {

	/** A customer statement read as hostile. */
	HOSTILE_STATEMENT,

	/** A customer threatened legal action. */
	LEGAL_THREAT,

	/** The escalation risk reached the threshold for the case's severity. */
	HIGH_RISK,

	/** An SLA clock ran past its target. */
	SLA_BREACHED,

	/** The customer was reached at the follow-up and was not satisfied. */
	NOT_SATISFIED_AT_FOLLOW_UP,

	/** An agent or supervisor escalated it, with their own reason. */
	MANUAL

}
