package io.defuse.deescalation;

import java.util.Objects;

/**
 * One piece of evidence for the tension score.
 *
 * @param kind what was found
 * @param threat the type of threat for {@link SignalKind#THREAT}, otherwise {@code null}
 * @param weight the points this signal contributes before the caps of its kind apply
 * @param evidence where in the statement it was found
 */
public record Signal(SignalKind kind, ThreatType threat, int weight, Evidence evidence) {

	public Signal {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(evidence, "evidence");
		if ((kind == SignalKind.THREAT) != (threat != null)) {
			throw new IllegalArgumentException("a threat type is given exactly for THREAT signals");
		}
		if (weight < 0) {
			throw new IllegalArgumentException("weight must not be negative");
		}
	}

}
