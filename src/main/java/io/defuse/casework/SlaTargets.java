package io.defuse.casework;

import java.time.Duration;

import io.defuse.sla.SlaPolicy;

/** The targets of one SLA policy, per clock, as the case measures them. */
record SlaTargets(Duration acknowledgement, Duration response, int warnAtPercent) {

	static SlaTargets of(SlaPolicy policy) {
		return new SlaTargets(policy.acknowledgeWithin(), policy.respondWithin(), policy.warnAtPercent());
	}

	Duration target(SlaClock clock) {
		return (clock == SlaClock.ACKNOWLEDGEMENT) ? this.acknowledgement : this.response;
	}

	Duration warnAfter(SlaClock clock) {
		return target(clock).multipliedBy(this.warnAtPercent).dividedBy(100);
	}

}
