package io.defuse.casework;

/** Who said a statement. */
public enum Speaker {

	/** The complaining customer, recorded verbatim. */
	CUSTOMER,

	/** The agent handling the case. */
	AGENT

}
