package io.defuse.deescalation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.defuse.deescalation.FoldedText.Token;
import io.defuse.shared.Language;

/**
 * The vocabularies of all languages and the language detection built on them.
 */
final class Lexicon {

	/**
	 * Detection needs this much evidence (stopwords plus characteristic letters) before
	 * it overrides the caller's fallback; "OK danke" is not enough.
	 */
	private static final int MIN_EVIDENCE = 2;

	private final Map<Language, Vocabulary> vocabularies;

	/** The acronyms of every language: "ČOI" in a German text is still not shouting. */
	final Set<String> acronyms;

	Lexicon(Map<Language, Vocabulary> vocabularies) {
		if (!vocabularies.keySet().containsAll(List.of(Language.values()))) {
			throw new IllegalArgumentException("a vocabulary is needed for every language");
		}
		this.vocabularies = Collections.unmodifiableMap(new EnumMap<>(vocabularies));
		Set<String> acronyms = new HashSet<>();
		vocabularies.values().forEach((vocabulary) -> acronyms.addAll(vocabulary.shouting.ignore));
		this.acronyms = Collections.unmodifiableSet(acronyms);
	}

	/** The vocabularies shipped in {@code src/main/resources/deescalation}, read once. */
	static Lexicon standard() {
		return Standard.LEXICON;
	}

	Vocabulary vocabulary(Language language) {
		return this.vocabularies.get(language);
	}

	/**
	 * Counts each language's stopwords and characteristic letters; the clear winner is
	 * the language, a tie or too little evidence leaves the fallback.
	 */
	Detected detect(FoldedText text, Language fallback) {
		Map<Language, Integer> scores = new EnumMap<>(Language.class);
		String lower = text.original.toLowerCase(Locale.ROOT);
		for (Vocabulary vocabulary : this.vocabularies.values()) {
			int score = 0;
			for (Token token : text.tokens) {
				if (vocabulary.stopwords.contains(token.text())) {
					score++;
				}
			}
			for (int i = 0; i < lower.length(); i++) {
				if (vocabulary.letters.indexOf(lower.charAt(i)) >= 0) {
					score++;
				}
			}
			scores.put(vocabulary.language, score);
		}
		Language best = null;
		int bestScore = -1;
		int secondScore = -1;
		for (Map.Entry<Language, Integer> entry : scores.entrySet()) {
			int score = entry.getValue();
			if (score > bestScore) {
				secondScore = bestScore;
				bestScore = score;
				best = entry.getKey();
			}
			else if (score > secondScore) {
				secondScore = score;
			}
		}
		if (bestScore >= MIN_EVIDENCE && bestScore > secondScore) {
			return new Detected(best, true);
		}
		return new Detected(fallback, false);
	}

	record Detected(Language language, boolean detected) {
	}

	/** Holder so the default vocabularies are read once, on first use, thread-safely. */
	private static final class Standard {

		private static final Lexicon LEXICON = load();

		private static Lexicon load() {
			Map<Language, Vocabulary> vocabularies = new EnumMap<>(Language.class);
			for (Language language : Language.values()) {
				vocabularies.put(language, Vocabulary.load(language));
			}
			return new Lexicon(vocabularies);
		}

	}

}
