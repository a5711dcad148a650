package io.defuse.deescalation;

/**
 * What the empathy check recognises in an agent's message.
 */
public enum EmpathyFinding {

	/** The agent acknowledges the customer's view ("I understand", "chápu"). */
	UNDERSTANDING,

	/** The agent apologises ("I'm sorry", "es tut mir leid"). */
	APOLOGY,

	/** The agent blames the customer ("you should have", "Sie hätten"). */
	BLAME,

	/** The agent hides behind rules ("that's our policy", "laut unseren AGB"). */
	POLICY_SPEAK

}
