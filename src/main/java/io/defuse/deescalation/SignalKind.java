package io.defuse.deescalation;

/**
 * The kinds of evidence the tension analysis finds in a statement.
 */
public enum SignalKind {

	/** An anger word or expression ("furious", "lächerlich", "naštvaný"). */
	ANGER,

	/** An insult aimed at people or the company; the strongest ones are abuse. */
	INSULT,

	/** A word that amplifies the emotion right after it ("absolutely", "völlig"). */
	INTENSIFIER,

	/** A run of capitalised words. */
	SHOUTING,

	/** Repeated exclamation or question marks ("!!!", "?!?"). */
	PUNCTUATION,

	/** The customer says they have contacted support before ("third time I call"). */
	REPEAT_CONTACT,

	/** A typed threat; see {@link ThreatType}. */
	THREAT,

	/** Dissatisfaction, stated or as a negated positive ("not satisfied"). */
	DISSATISFACTION

}
