package io.defuse.deescalation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.defuse.deescalation.FoldedText.Token;

/**
 * One vocabulary entry compiled into a sequence of word matchers.
 *
 * <p>
 * Syntax, written in the data files: words separated by spaces; a trailing {@code *}
 * matches any word beginning with the stem ({@code betrüg*}: betrügen, Betrüger,
 * betrügerisch), at least three letters so a stem cannot swallow everything;
 * {@code a|b|c*} accepts any of the alternatives at that position; {@code ~} skips up to
 * three arbitrary words and {@code ~N} up to N ({@code post* ~ facebook}). Entries are
 * folded like the text, so {@code naštvaný} also matches {@code nastvany}. A phrase never
 * reaches across a sentence end.
 */
final class Term {

	private static final Pattern GAP = Pattern.compile("~(\\d?)");

	private static final Pattern SYNTAX = Pattern.compile("[\\p{L}\\p{N}\\p{M}\\s|*~'\u2019.&-]+");

	private static final int DEFAULT_GAP = 3;

	private static final int MIN_STEM = 3;

	final String source;

	final Category category;

	final int weight;

	private final Step[] steps;

	private Term(String source, Category category, int weight, Step[] steps) {
		this.source = source;
		this.category = category;
		this.weight = weight;
		this.steps = steps;
	}

	static Term compile(String source, Category category, int weight) {
		if (!SYNTAX.matcher(source).matches()) {
			// Parentheses and the like would silently vanish in folding; refuse them.
			throw new IllegalArgumentException("'" + source + "': only words, spaces, | * ~ ' - . & are allowed");
		}
		List<Step> steps = new ArrayList<>();
		for (String part : source.strip().split("\\s+")) {
			var gap = GAP.matcher(part);
			if (gap.matches()) {
				if (steps.isEmpty()) {
					throw new IllegalArgumentException("'" + source + "': a gap cannot come first");
				}
				steps.add(new Step(null, gap.group(1).isEmpty() ? DEFAULT_GAP : Integer.parseInt(gap.group(1))));
				continue;
			}
			String[] alternatives = part.split("\\|");
			List<List<Word>> expanded = new ArrayList<>();
			for (String alternative : alternatives) {
				expanded.add(words(source, alternative));
			}
			if (alternatives.length == 1) {
				// "e-mail" or "ein-stern" fold into several words: one step each.
				for (Word word : expanded.get(0)) {
					steps.add(new Step(new Word[] { word }, 0));
				}
			}
			else {
				Word[] words = new Word[alternatives.length];
				for (int i = 0; i < words.length; i++) {
					if (expanded.get(i).size() != 1) {
						throw new IllegalArgumentException(
								"'" + source + "': an alternative must be a single word: " + alternatives[i]);
					}
					words[i] = expanded.get(i).get(0);
				}
				steps.add(new Step(words, 0));
			}
		}
		if (steps.isEmpty() || steps.get(steps.size() - 1).words == null) {
			throw new IllegalArgumentException("'" + source + "': empty, or ends with a gap");
		}
		return new Term(source, category, weight, steps.toArray(Step[]::new));
	}

	private static List<Word> words(String source, String alternative) {
		boolean stem = alternative.endsWith("*");
		String core = stem ? alternative.substring(0, alternative.length() - 1) : alternative;
		List<Token> tokens = FoldedText.of(core).tokens;
		if (tokens.isEmpty()) {
			throw new IllegalArgumentException("'" + source + "': no word in '" + alternative + "'");
		}
		List<Word> words = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			boolean last = i == tokens.size() - 1;
			String text = tokens.get(i).text();
			if (stem && last && text.length() < MIN_STEM) {
				throw new IllegalArgumentException("'" + source + "': a stem needs at least " + MIN_STEM + " letters");
			}
			words.add(new Word(text, stem && last));
		}
		return words;
	}

	/** The first-word matchers, for indexing. */
	Word[] firstWords() {
		return this.steps[0].words;
	}

	/**
	 * Matches this term at token {@code at}; returns the index after its last token, or
	 * -1. The shortest match wins, so a gap takes no more words than needed.
	 */
	int matchAt(List<Token> tokens, int at) {
		return match(tokens, 0, at, tokens.get(at).sentence());
	}

	private int match(List<Token> tokens, int step, int at, int sentence) {
		if (step == this.steps.length) {
			return at;
		}
		Step current = this.steps[step];
		if (current.words == null) {
			for (int skip = 0; skip <= current.gap; skip++) {
				int end = match(tokens, step + 1, at + skip, sentence);
				if (end >= 0) {
					return end;
				}
			}
			return -1;
		}
		if (at >= tokens.size() || tokens.get(at).sentence() != sentence) {
			return -1;
		}
		String text = tokens.get(at).text();
		for (Word word : current.words) {
			if (word.matches(text)) {
				return match(tokens, step + 1, at + 1, sentence);
			}
		}
		return -1;
	}

	@Override
	public String toString() {
		return this.category + ":" + this.source;
	}

	/**
	 * One word of a term: an exact folded word or a stem.
	 */
	record Word(String text, boolean stem) {

		boolean matches(String token) {
			return this.stem ? token.startsWith(this.text) : token.equals(this.text);
		}

	}

	/** Either alternatives for one word, or (words == null) a gap of up to n words. */
	private record Step(Word[] words, int gap) {
	}

}
