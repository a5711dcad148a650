package io.defuse.deescalation;

import java.util.Objects;

/**
 * One empathy finding and where it was found.
 *
 * @param finding what was recognised
 * @param evidence the phrase in the agent's message
 */
public record EmpathyHit(EmpathyFinding finding, Evidence evidence) {

	public EmpathyHit {
		Objects.requireNonNull(finding, "finding");
		Objects.requireNonNull(evidence, "evidence");
	}

}
