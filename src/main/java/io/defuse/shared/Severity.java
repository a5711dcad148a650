package io.defuse.shared;

/** How much is at stake; drives SLA targets and escalation. */
public enum Severity {

	/** An inconvenience. */
	LOW,

	/** A real problem for the customer. */
	MEDIUM,

	/** Significant loss or a very upset customer. */
	HIGH,

	/** Safety, legal or public exposure at stake. */
	CRITICAL

}
