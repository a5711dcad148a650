package io.defuse.shared;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The languages Defuse analyses and guides in; written as ISO 639-1 codes ({@code en},
 * {@code de}, {@code cs}).
 */
public enum Language {

	/** English. */
	EN("en"),

	/** German. */
	DE("de"),

	/** Czech. */
	CS("cs");

	private final String code;

	Language(String code) {
		this.code = code;
	}

	@JsonValue
	public String code() {
		return this.code;
	}

	/**
	 * Accepts {@code en}, {@code EN}, {@code de-AT} and the like; anything else is
	 * refused.
	 */
	@JsonCreator
	public static Language of(String value) {
		if (value != null) {
			String primary = value.strip().toLowerCase(java.util.Locale.ROOT);
			int dash = primary.indexOf('-');
			String code = (dash > 0) ? primary.substring(0, dash) : primary;
			for (Language language : values()) {
				if (language.code.equals(code)) {
					return language;
				}
			}
		}
		throw new IllegalArgumentException("must be one of " + Arrays.toString(values()));
	}

	@Override
	public String toString() {
		return this.code;
	}

}
