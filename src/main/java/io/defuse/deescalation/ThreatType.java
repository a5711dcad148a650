package io.defuse.deescalation;

/**
 * What a customer threatens to do.
 */
public enum ThreatType {

	/** To leave: cancel, switch to a competitor, never buy again. */
	CHURN,

	/** To go public: reviews, social media, the press. */
	PUBLIC_EXPOSURE,

	/** To involve a lawyer, a court, the police or a consumer-protection body. */
	LEGAL

}
