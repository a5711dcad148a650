package io.defuse.shared.web;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

import io.defuse.shared.Language;

/**
 * Reads a language from a path or query parameter as its code ({@code en},
 * {@code de-AT}); anything else is a 400 naming the parameter.
 */
@Component
class LanguageParameter implements Converter<String, Language> {

	@Override
	public Language convert(String code) {
		return Language.of(code);
	}

}
