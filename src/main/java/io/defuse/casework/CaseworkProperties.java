package io.defuse.casework;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.defuse.shared.Severity;

/**
 * Workflow policies. (The first follow-up's delay is an SLA policy, per severity.)
 *
 * @param approvalThreshold offers above this amount need a supervisor's approval, in any
 * currency not listed in {@code approvalThresholds}
 * @param approvalThresholds per-currency thresholds, e.g. {@code CZK: 2500}
 * @param followUpRetryDelay from an unreached attempt to the next
 * @param followUpAttempts unreached attempts before the case closes as
 * RESOLVED_UNCONFIRMED
 * @param repeatWindow how far back an earlier case about the same product or category
 * makes a new one a repeat complaint
 * @param requireEmpathy refuse (422) an acknowledgement that shows neither understanding
 * nor an apology; false only records the finding
 * @param riskThreshold an open case whose escalation risk reaches this (0–100) is
 * escalated, for every severity not listed in {@code riskThresholds}
 * @param riskThresholds per-severity thresholds, e.g. {@code CRITICAL: 50}
 * @param recommendationWindow how far back closed cases count for the remedy
 * recommendation
 */
@ConfigurationProperties("defuse.casework")
record CaseworkProperties(@DefaultValue("100") BigDecimal approvalThreshold,
		@DefaultValue Map<String, BigDecimal> approvalThresholds, @DefaultValue("P1D") Duration followUpRetryDelay,
		@DefaultValue("3") int followUpAttempts, @DefaultValue("P90D") Duration repeatWindow,
		@DefaultValue("true") boolean requireEmpathy, @DefaultValue("70") int riskThreshold,
		@DefaultValue Map<Severity, Integer> riskThresholds, @DefaultValue("P365D") Duration recommendationWindow) {

	/** The escalation risk at which an open case of this severity is escalated. */
	int riskThreshold(Severity severity) {
		return this.riskThresholds.getOrDefault(severity, this.riskThreshold);
	}

	/**
	 * Whether an offer needs a supervisor's approval before the customer may accept it.
	 */
	boolean requiresApproval(OfferProposal proposal) {
		if (!proposal.hasMoney()) {
			return false;
		}
		BigDecimal threshold = this.approvalThresholds.getOrDefault(proposal.currency(), this.approvalThreshold);
		return proposal.amount().compareTo(threshold) > 0;
	}

	/**
	 * @param delay the first follow-up's delay, from the SLA policy of the case's
	 * severity
	 */
	FollowUpPolicy followUpPolicy(Duration delay) {
		return new FollowUpPolicy(delay, this.followUpRetryDelay, this.followUpAttempts);
	}

}
