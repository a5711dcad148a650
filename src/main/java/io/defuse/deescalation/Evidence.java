package io.defuse.deescalation;

import java.util.Objects;

/**
 * The part of the analysed text a finding rests on.
 *
 * @param start offset of the first character in the original text (UTF-16 index, as
 * {@link String#substring(int, int)})
 * @param end offset after the last character, exclusive
 * @param text the original text between the two offsets, as written
 */
public record Evidence(int start, int end, String text) {

	public Evidence {
		Objects.requireNonNull(text, "text");
		if (start < 0 || end < start) {
			throw new IllegalArgumentException("evidence span must satisfy 0 <= start <= end");
		}
		if (text.length() != end - start) {
			throw new IllegalArgumentException("evidence text must be exactly the span");
		}
	}

	static Evidence of(String original, int start, int end) {
		return new Evidence(start, end, original.substring(start, end));
	}

}
