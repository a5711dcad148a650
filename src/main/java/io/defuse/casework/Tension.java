package io.defuse.casework;

import java.util.Set;

import io.defuse.deescalation.TensionAnalysis;
import io.defuse.deescalation.TensionLevel;
import io.defuse.deescalation.ThreatType;

/**
 * What the case keeps of a customer statement's analysis.
 *
 * @param score 0 to 100
 * @param level the tension level
 * @param threats the threats the statement made
 */
record Tension(int score, TensionLevel level, Set<ThreatType> threats) {

	static Tension of(TensionAnalysis analysis) {
		return new Tension(analysis.score(), analysis.level(), Set.copyOf(analysis.threats()));
	}

	/**
	 * Why this statement escalates the case at once, or null: hostility and legal threats
	 * do.
	 */
	String escalationReason() {
		if (this.level == TensionLevel.HOSTILE) {
			return "hostile customer statement";
		}
		if (this.threats.contains(ThreatType.LEGAL)) {
			return "legal threat";
		}
		return null;
	}

}
