package io.defuse.deescalation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import io.defuse.deescalation.FoldedText.Token;
import io.defuse.deescalation.TermIndex.Match;

/**
 * Turns raw term matches into findings: applies negation and resolves overlaps. Shared by
 * the tension analysis and the empathy check so both read a text the same way.
 */
final class Matches {

	/**
	 * Heavier first, then longer, then earlier; the rest only makes ties deterministic.
	 */
	private static final Comparator<Found> PRECEDENCE = Comparator.comparingInt(Found::weight)
		.reversed()
		.thenComparing(Comparator.comparingInt(Found::length).reversed())
		.thenComparingInt(Found::first)
		.thenComparing(Found::category)
		.thenComparing((found) -> found.term().source);

	private Matches() {
	}

	/**
	 * Applies each category's polarity: a negated "angry" is dropped, a negated
	 * "satisfied" is kept with the negator included in its span, and threats count either
	 * way.
	 */
	static List<Found> negated(List<Match> matches, List<Token> tokens, Vocabulary.Negation negation) {
		List<Found> found = new ArrayList<>(matches.size());
		for (Match match : matches) {
			Category category = match.term().category;
			if (category.polarity == Category.Polarity.ANY) {
				found.add(new Found(match.term(), match.first(), match.end()));
				continue;
			}
			int negator = negation.negatorBefore(tokens, match.first());
			if (category.polarity == Category.Polarity.AFFIRMED && negator < 0
					&& !negation.negatedAfter(tokens, match.end())) {
				found.add(new Found(match.term(), match.first(), match.end()));
			}
			else if (category.polarity == Category.Polarity.NEGATED && negator >= 0) {
				found.add(new Found(match.term(), negator, match.end()));
			}
		}
		return found;
	}

	/**
	 * Keeps, among findings of the same group that overlap, only the strongest, so "fuck
	 * you" is one abuse and not also an anger word, and "schon zum dritten Mal" is one
	 * repeat contact.
	 */
	static List<Found> withoutOverlaps(List<Found> found, Function<Category, Object> group) {
		List<Found> ordered = new ArrayList<>(found);
		ordered.sort(PRECEDENCE);
		List<Found> kept = new ArrayList<>();
		for (Found candidate : ordered) {
			Object candidateGroup = group.apply(candidate.category());
			boolean overlaps = kept.stream()
				.anyMatch((other) -> group.apply(other.category()).equals(candidateGroup) && other.overlaps(candidate));
			if (!overlaps) {
				kept.add(candidate);
			}
		}
		kept.sort(Comparator.comparingInt(Found::first).thenComparingInt(Found::end).thenComparing(Found::category));
		return kept;
	}

	/**
	 * A term found at tokens {@code first} (inclusive, the negator for negated positives)
	 * to {@code end} (exclusive).
	 */
	record Found(Term term, int first, int end) {

		Category category() {
			return this.term.category;
		}

		int weight() {
			return this.term.weight;
		}

		int length() {
			return this.end - this.first;
		}

		boolean overlaps(Found other) {
			return this.first < other.end && other.first < this.end;
		}

	}

}
