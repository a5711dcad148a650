package io.defuse.deescalation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.defuse.deescalation.Matches.Found;
import io.defuse.deescalation.TermIndex.Match;
import io.defuse.shared.Language;

import org.springframework.stereotype.Component;

/**
 * Reads an agent's acknowledgement or reply for the empathy steps: understanding and
 * apology are what de-escalates; blame and policy-speak are what the agent should be
 * warned about. Offline, deterministic, thread-safe.
 */
@Component
public class EmpathyCheck {

	private final Lexicon lexicon;

	/** With the vocabularies shipped in {@code classpath:deescalation/}. */
	public EmpathyCheck() {
		this(Lexicon.standard());
	}

	EmpathyCheck(Lexicon lexicon) {
		this.lexicon = lexicon;
	}

	/**
	 * Checks one agent message.
	 * @param text the message; may be empty
	 * @param fallback the language to use when the text does not tell
	 * @return the language used and every finding with its evidence, in text order
	 */
	public EmpathyResult check(String text, Language fallback) {
		Objects.requireNonNull(text, "text");
		Objects.requireNonNull(fallback, "fallback");
		FoldedText folded = FoldedText.of(text);
		Language language = this.lexicon.detect(folded, fallback).language();
		Vocabulary vocabulary = this.lexicon.vocabulary(language);
		List<Match> matches = new ArrayList<>();
		vocabulary.empathy.find(folded.tokens, matches);
		List<Found> found = Matches.withoutOverlaps(Matches.negated(matches, folded.tokens, vocabulary.negation),
				(category) -> category);
		List<EmpathyHit> hits = new ArrayList<>();
		for (Found candidate : found) {
			hits.add(new EmpathyHit(candidate.category().finding(),
					folded.evidence(candidate.first(), candidate.end() - 1)));
		}
		return new EmpathyResult(language, hits);
	}

	/**
	 * Phrases to offer an agent whose acknowledgement lacks understanding or an apology,
	 * three to five per language.
	 */
	public List<String> suggestedPhrases(Language language) {
		return this.lexicon.vocabulary(Objects.requireNonNull(language, "language")).suggestedPhrases;
	}

}
