package io.defuse.deescalation;

/**
 * How tense a customer statement reads, from calm to hostile; ordered, so
 * {@code level.compareTo(TensionLevel.ANGRY) >= 0} means "angry or worse".
 */
public enum TensionLevel {

	/** Neutral or polite, even when reporting a problem (score below 25). */
	CALM,

	/** Noticeable annoyance, disappointment or impatience (score 25 to 49). */
	TENSE,

	/** Open anger, an insult or a legal threat (score 50 to 74). */
	ANGRY,

	/** Abuse, or anger piled on insults and threats (score 75 and above). */
	HOSTILE;

	static TensionLevel of(int score) {
		if (score >= 75) {
			return HOSTILE;
		}
		if (score >= 50) {
			return ANGRY;
		}
		if (score >= 25) {
			return TENSE;
		}
		return CALM;
	}

}
