package io.defuse.deescalation;

/**
 * The workflow steps guidance is written for; the same names as the case workflow's steps
 * (a test keeps them in line).
 */
public enum GuidanceStep {

	/** The customer speaks; the agent listens and acknowledges. */
	LISTEN,

	/** The agent collects the details the remedy depends on. */
	GATHER,

	/** The agent offers remedies; the customer accepts or declines. */
	OFFER,

	/** The agent carries out the accepted remedy. */
	RESPOND,

	/** The agent checks back with the customer. */
	FOLLOW_UP,

	/** The case is closed. */
	CLOSED

}
