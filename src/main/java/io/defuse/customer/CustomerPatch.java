package io.defuse.customer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import io.defuse.shared.Language;
import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;

/**
 * A JSON merge patch (RFC 7396) of a customer's details: an absent field stays as it is,
 * {@code null} clears it, a value replaces it. Parsing checks the shape (known fields,
 * strings, a known language; display name and language cannot be cleared); the merged
 * details are then validated as a {@link NewCustomer}.
 */
final class CustomerPatch {

	private static final Set<String> TEXTS = Set.of("displayName", "preferredName", "email", "phone", "externalRef",
			"preferences");

	private static final Set<String> REQUIRED = Set.of("displayName", "language");

	private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "version", "legalHold",
			"erasedAt");

	/** Field to new value; a {@code null} value clears the field. */
	private final Map<String, String> texts;

	/** {@code null}: unchanged. */
	private final Language language;

	private CustomerPatch(Map<String, String> texts, Language language) {
		this.texts = texts;
		this.language = language;
	}

	static CustomerPatch parse(JsonNode patch) {
		if (patch == null || !patch.isObject()) {
			throw InvalidInput.of("(body)", "must be a JSON object: a merge patch of the customer's fields");
		}
		Map<String, String> texts = new LinkedHashMap<>();
		Language language = null;
		List<FieldError> errors = new ArrayList<>();
		for (Map.Entry<String, JsonNode> property : patch.properties()) {
			String field = property.getKey();
			JsonNode value = property.getValue();
			if (value.isNull() && REQUIRED.contains(field)) {
				errors.add(new FieldError(field, "cannot be cleared"));
			}
			else if (TEXTS.contains(field)) {
				if (value.isNull() || value.isString()) {
					texts.put(field, value.isNull() ? null : value.asString());
				}
				else {
					errors.add(new FieldError(field, "must be a string, or null to clear it"));
				}
			}
			else if (field.equals("language")) {
				try {
					language = Language.of(value.isString() ? value.asString() : null);
				}
				catch (IllegalArgumentException ex) {
					errors.add(new FieldError(field, ex.getMessage()));
				}
			}
			else if (READ_ONLY.contains(field)) {
				errors.add(new FieldError(field, "is read-only"));
			}
			else {
				errors.add(new FieldError(field, "is not a known field"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		return new CustomerPatch(texts, language);
	}

	/** The details after the patch; throws 400 if they are not valid. */
	NewCustomer applyTo(NewCustomer current) {
		return new NewCustomer(text("displayName", current.displayName()),
				text("preferredName", current.preferredName()), text("email", current.email()),
				text("phone", current.phone()), (this.language != null) ? this.language : current.language(),
				text("externalRef", current.externalRef()), text("preferences", current.preferences()));
	}

	private String text(String field, String current) {
		return this.texts.containsKey(field) ? this.texts.get(field) : current;
	}

}
