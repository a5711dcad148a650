package io.defuse.customer;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import io.defuse.shared.Language;

/**
 * Stores a language as its ISO 639-1 code ({@code en}), as the column's check expects.
 */
@Converter
class LanguageConverter implements AttributeConverter<Language, String> {

	@Override
	public String convertToDatabaseColumn(Language language) {
		return (language != null) ? language.code() : null;
	}

	@Override
	public Language convertToEntityAttribute(String code) {
		return (code != null) ? Language.of(code) : null;
	}

}
