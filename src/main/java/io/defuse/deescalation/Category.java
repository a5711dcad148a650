package io.defuse.deescalation;

/**
 * The vocabulary categories of the data files, each with the signal or finding it
 * produces and how negation affects it.
 */
enum Category {

	ANGER("anger", SignalKind.ANGER, null, Polarity.AFFIRMED, false),

	INSULT("insult", SignalKind.INSULT, null, Polarity.ANY, true),

	INTENSIFIER("intensifier", SignalKind.INTENSIFIER, null, Polarity.ANY, false),

	DISSATISFACTION("dissatisfaction", SignalKind.DISSATISFACTION, null, Polarity.AFFIRMED, false),

	/** "satisfied", "zufrieden", "spokojený": dissatisfaction only when negated. */
	NEGATED_POSITIVE("negatedPositive", SignalKind.DISSATISFACTION, null, Polarity.NEGATED, false),

	REPEAT_CONTACT("repeatContact", SignalKind.REPEAT_CONTACT, null, Polarity.ANY, false),

	CHURN("churn", SignalKind.THREAT, ThreatType.CHURN, Polarity.ANY, true),

	PUBLIC_EXPOSURE("publicExposure", SignalKind.THREAT, ThreatType.PUBLIC_EXPOSURE, Polarity.ANY, true),

	LEGAL("legal", SignalKind.THREAT, ThreatType.LEGAL, Polarity.ANY, true),

	UNDERSTANDING("understanding", null, null, Polarity.AFFIRMED, false),

	APOLOGY("apology", null, null, Polarity.AFFIRMED, false),

	BLAME("blame", null, null, Polarity.ANY, false),

	POLICY_SPEAK("policySpeak", null, null, Polarity.ANY, false);

	/** The key of the category in the data file. */
	final String key;

	/** The signal it yields in the tension analysis; null for empathy categories. */
	final SignalKind kind;

	final ThreatType threat;

	final Polarity polarity;

	/**
	 * Whether statements in any language are scanned for it: CRMs hand over mixed text,
	 * and a German customer swearing in English is still swearing.
	 */
	final boolean everyLanguage;

	Category(String key, SignalKind kind, ThreatType threat, Polarity polarity, boolean everyLanguage) {
		this.key = key;
		this.kind = kind;
		this.threat = threat;
		this.polarity = polarity;
		this.everyLanguage = everyLanguage;
	}

	boolean isTension() {
		return this.kind != null;
	}

	EmpathyFinding finding() {
		switch (this) {
			case UNDERSTANDING:
				return EmpathyFinding.UNDERSTANDING;
			case APOLOGY:
				return EmpathyFinding.APOLOGY;
			case BLAME:
				return EmpathyFinding.BLAME;
			case POLICY_SPEAK:
				return EmpathyFinding.POLICY_SPEAK;
			default:
				throw new IllegalStateException(this + " is not an empathy category");
		}
	}

	/**
	 * How a negator shortly before a match ("not", "nicht", "nejsem") changes it.
	 */
	enum Polarity {

		/** Counts unless negated: "not angry" is no anger. */
		AFFIRMED,

		/** Counts only when negated: "not satisfied" is dissatisfaction. */
		NEGATED,

		/** Negation does not matter: "I don't want to go to court, but…" is a threat. */
		ANY

	}

}
