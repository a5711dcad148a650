package io.defuse.casework;

/** The service-level clocks of a case. */
public enum SlaClock {

	/** From opening the case to the agent's acknowledgement (time to first response). */
	ACKNOWLEDGEMENT,

	/** From the accepted offer to the recorded response (time to deliver the remedy). */
	RESPONSE

}
