package io.defuse.deescalation;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.defuse.shared.Language;

/**
 * The tension of one statement and the evidence for it.
 *
 * @param score 0 (calm) to 100 (hostile); see {@code docs/DEESCALATION.md} for the
 * formula
 * @param level the band the score falls into
 * @param language the language whose vocabulary was used
 * @param languageDetected whether {@code language} was detected from the text
 * ({@code false}: the text was inconclusive and the caller's fallback was used)
 * @param signals every signal found, in text order
 * @param threats the distinct threat types among the signals
 */
public record TensionAnalysis(int score, TensionLevel level, Language language, boolean languageDetected,
		List<Signal> signals, Set<ThreatType> threats) {

	public TensionAnalysis {
		if (score < 0 || score > 100) {
			throw new IllegalArgumentException("score must be within 0..100");
		}
		Objects.requireNonNull(level, "level");
		Objects.requireNonNull(language, "language");
		signals = List.copyOf(signals);
		// An EnumSet keeps the iteration order stable across JVM runs (Set.copyOf does
		// not).
		threats = Collections
			.unmodifiableSet(threats.isEmpty() ? EnumSet.noneOf(ThreatType.class) : EnumSet.copyOf(threats));
	}

}
