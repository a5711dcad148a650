package io.defuse.deescalation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A statement folded for matching (lower case, diacritics removed, German umlauts written
 * out, apostrophes dropped), split into word tokens, with every folded character mapped
 * back to the original characters it came from so evidence spans can point at the text as
 * the customer wrote it.
 *
 * <p>
 * Umlauts become {@code ae oe ue} (not {@code a o u}) because that is how Germans write
 * them without an umlaut keyboard; Czech has no umlauts, so its háčky and čárky simply
 * disappear ({@code naštvaný} and {@code nastvany} fold alike).
 */
final class FoldedText {

	/** Folded forms of U+0000..U+024F, computed once; the rest is folded on demand. */
	private static final String[] LATIN = new String[0x250];

	static {
		for (int c = 0; c < LATIN.length; c++) {
			LATIN[c] = foldSlowly(c);
		}
	}

	final String original;

	final String folded;

	/** For each folded char, the original offset of the code point it came from. */
	private final int[] from;

	/** For each folded char, the original offset after that code point. */
	private final int[] to;

	final List<Token> tokens;

	private FoldedText(String original, String folded, int[] from, int[] to, List<Token> tokens) {
		this.original = original;
		this.folded = folded;
		this.from = from;
		this.to = to;
		this.tokens = tokens;
	}

	static FoldedText of(String original) {
		StringBuilder folded = new StringBuilder(original.length() + 8);
		int[] from = new int[original.length() + 8];
		int[] to = new int[original.length() + 8];
		int i = 0;
		while (i < original.length()) {
			int cp = original.codePointAt(i);
			int next = i + Character.charCount(cp);
			String part = fold(cp);
			for (int k = 0; k < part.length(); k++) {
				int at = folded.length();
				if (at == from.length) {
					from = Arrays.copyOf(from, at * 2);
					to = Arrays.copyOf(to, at * 2);
				}
				from[at] = i;
				to[at] = next;
				folded.append(part.charAt(k));
			}
			i = next;
		}
		String text = folded.toString();
		return new FoldedText(original, text, from, to, tokenize(text));
	}

	/** Folds a vocabulary entry exactly as statements are folded. */
	static String fold(String text) {
		return of(text).folded;
	}

	/** Original offset where the token starts. */
	int start(Token token) {
		return this.from[token.start];
	}

	/** Original offset after the token. */
	int end(Token token) {
		return this.to[token.end - 1];
	}

	/** The evidence from the start of the first to the end of the last token. */
	Evidence evidence(int firstToken, int lastToken) {
		return Evidence.of(this.original, start(this.tokens.get(firstToken)), end(this.tokens.get(lastToken)));
	}

	/** The token as written in the original text. */
	String originalOf(Token token) {
		return this.original.substring(start(token), end(token));
	}

	private static String fold(int cp) {
		return (cp < LATIN.length) ? LATIN[cp] : foldSlowly(cp);
	}

	private static String foldSlowly(int cp) {
		if (cp == '\'' || cp == '\u2019' || cp == '\u2018' || cp == '\u02BC' || cp == '`') {
			// "don't", "dont" and "don’t" are the same word to a customer.
			return "";
		}
		String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
		switch (lower) {
			case "ä":
				return "ae";
			case "ö":
				return "oe";
			case "ü":
				return "ue";
			case "ß":
				return "ss";
			default:
		}
		String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
		StringBuilder out = new StringBuilder(decomposed.length());
		decomposed.codePoints()
			.filter((c) -> Character.getType(c) != Character.NON_SPACING_MARK)
			.forEach(out::appendCodePoint);
		// A mark on its own (rare) folds to nothing; anything else keeps at least itself.
		return out.toString();
	}

	private static List<Token> tokenize(String folded) {
		List<Token> tokens = new ArrayList<>();
		int sentence = 0;
		int clause = 0;
		int i = 0;
		int n = folded.length();
		while (i < n) {
			int cp = folded.codePointAt(i);
			if (Character.isLetterOrDigit(cp)) {
				int start = i;
				while (i < n && Character.isLetterOrDigit(folded.codePointAt(i))) {
					i += Character.charCount(folded.codePointAt(i));
				}
				tokens.add(new Token(folded.substring(start, i), start, i, sentence, clause));
			}
			else {
				if (endsSentence(cp)) {
					sentence++;
					clause++;
				}
				else if (endsClause(cp)) {
					clause++;
				}
				i += Character.charCount(cp);
			}
		}
		return List.copyOf(tokens);
	}

	private static boolean endsSentence(int cp) {
		return cp == '.' || cp == '!' || cp == '?' || cp == ';' || cp == '\n' || cp == '\u2026' || cp == '\uFF01'
				|| cp == '\uFF1F';
	}

	private static boolean endsClause(int cp) {
		return cp == ',' || cp == ':' || cp == '(' || cp == ')' || cp == '"' || cp == '\u2013' || cp == '\u2014'
				|| cp == '\u201C' || cp == '\u201D' || cp == '\u201E';
	}

	/**
	 * A word of the folded text.
	 *
	 * @param text the folded word
	 * @param start folded offset
	 * @param end folded offset, exclusive
	 * @param sentence sentence number; phrases never span sentences
	 * @param clause clause number; negation never reaches across a comma
	 */
	record Token(String text, int start, int end, int sentence, int clause) {
	}

}
