package io.defuse.casework;

/** How a closed case ended. */
public enum Outcome {

	/** The customer confirmed at follow-up that they are satisfied (4 or 5 of 5). */
	RESOLVED,

	/** The remedy was delivered but the customer could not be reached to confirm it. */
	RESOLVED_UNCONFIRMED,

	/** The customer withdrew the complaint. */
	WITHDRAWN,

	/** Closed by a supervisor without a remedy the customer accepted. */
	UNRESOLVED

}
