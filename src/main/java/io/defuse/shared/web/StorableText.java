package io.defuse.shared.web;

import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text a request may carry only if it can be stored as sent. PostgreSQL text cannot hold
 * NUL, and an unpaired UTF-16 surrogate (JSON allows {@code "\ud83d"} alone) is no
 * character at all: the database driver would store {@code ?} instead. Such text is
 * refused with 400 naming the field, wherever it is in the body.
 */
public final class StorableText {

	private StorableText() {
	}

	/** What is wrong with the text, or {@code null} when it can be stored. */
	public static String flaw(String text) {
		if (text == null) {
			return null;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\u0000') {
				return "must not contain NUL characters";
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
					continue;
				}
				return "must not contain unpaired surrogates (not Unicode characters)";
			}
			if (Character.isLowSurrogate(c)) {
				return "must not contain unpaired surrogates (not Unicode characters)";
			}
		}
		return null;
	}

	/** The first unstorable text in a JSON tree (values and names), as an error. */
	static FieldError find(JsonNode node, String path) {
		if (node.isString()) {
			String flaw = flaw(node.asString());
			return (flaw != null) ? new FieldError(path, flaw) : null;
		}
		if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				FieldError error = find(node.get(i), path + "[" + i + "]");
				if (error != null) {
					return error;
				}
			}
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				String at = path.equals("(body)") ? property.getKey() : path + "." + property.getKey();
				String flaw = flaw(property.getKey());
				if (flaw != null) {
					return new FieldError(at, "the field name " + flaw);
				}
				FieldError error = find(property.getValue(), at);
				if (error != null) {
					return error;
				}
			}
		}
		return null;
	}

	/** Refuses unstorable text in every string and string key a body is bound to. */
	static SimpleModule jacksonModule() {
		SimpleModule module = new SimpleModule("storable-text");
		module.addDeserializer(String.class, new Checked());
		module.addKeyDeserializer(String.class, new CheckedKey());
		return module;
	}

	static final class Checked extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String text = super.deserialize(parser, context);
			String flaw = flaw(text);
			if (flaw != null) {
				throw InvalidFormatException.from(parser, flaw, text, String.class);
			}
			return text;
		}

	}

	static final class CheckedKey extends KeyDeserializer {

		@Override
		public Object deserializeKey(String key, DeserializationContext context) {
			String flaw = flaw(key);
			if (flaw != null) {
				throw InvalidFormatException.from(context.getParser(), "the field name " + flaw, key, String.class);
			}
			return key;
		}

	}

}
