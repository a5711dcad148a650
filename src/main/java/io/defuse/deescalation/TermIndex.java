package io.defuse.deescalation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.defuse.deescalation.FoldedText.Token;

/**
 * Terms indexed by their first word, so a statement is scanned once, word by word, trying
 * only the terms that can start at that word.
 */
final class TermIndex {

	private static final int STEM_KEY = 3;

	private final Map<String, List<Term>> byWord = new HashMap<>();

	private final Map<String, List<Term>> byStemStart = new HashMap<>();

	TermIndex(Collection<Term> terms) {
		for (Term term : terms) {
			for (Term.Word word : term.firstWords()) {
				if (word.stem()) {
					add(this.byStemStart, word.text().substring(0, STEM_KEY), term);
				}
				else {
					add(this.byWord, word.text(), term);
				}
			}
		}
	}

	private static void add(Map<String, List<Term>> index, String key, Term term) {
		List<Term> terms = index.computeIfAbsent(key, (k) -> new ArrayList<>());
		if (!terms.contains(term)) {
			terms.add(term);
		}
	}

	/** Every match of every term, in token order; overlaps are resolved by the caller. */
	void find(List<Token> tokens, List<Match> into) {
		for (int i = 0; i < tokens.size(); i++) {
			String word = tokens.get(i).text();
			tryAll(this.byWord.get(word), tokens, i, into);
			if (word.length() >= STEM_KEY) {
				tryAll(this.byStemStart.get(word.substring(0, STEM_KEY)), tokens, i, into);
			}
		}
	}

	private static void tryAll(List<Term> terms, List<Token> tokens, int at, List<Match> into) {
		if (terms == null) {
			return;
		}
		for (Term term : terms) {
			int end = term.matchAt(tokens, at);
			if (end > at) {
				into.add(new Match(term, at, end));
			}
		}
	}

	/**
	 * A term found at tokens {@code first} (inclusive) to {@code end} (exclusive).
	 */
	record Match(Term term, int first, int end) {
	}

}
