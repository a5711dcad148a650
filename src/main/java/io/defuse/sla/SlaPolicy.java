package io.defuse.sla;

import java.time.Duration;
import java.time.Instant;

import io.defuse.shared.Severity;

/**
 * The service levels promised for cases of one severity.
 *
 * @param severity the cases it applies to
 * @param acknowledgeWithin from opening the case to the agent's acknowledgement
 * @param respondWithin from the accepted offer to the recorded response
 * @param followUpDelay from the recorded response to the follow-up
 * @param warnAtPercent share of a target after which a warning goes out
 */
public record SlaPolicy(Severity severity, Duration acknowledgeWithin, Duration respondWithin, Duration followUpDelay,
		int warnAtPercent, Instant updatedAt, String updatedBy, long version) {
}
