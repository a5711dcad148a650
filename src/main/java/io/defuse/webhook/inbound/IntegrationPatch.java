package io.defuse.webhook.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;

/**
 * A JSON merge patch (RFC 7396) of an integration's settings: an absent field stays as it
 * is, {@code null} clears the description, a value replaces it. Only {@code description}
 * and {@code enabled} can change; the name is the integration's identity in every record
 * it made, and the secret changes only by rotation.
 */
final class IntegrationPatch {

	private static final Set<String> FIXED = Set.of("id", "name", "secret", "inboundUrl", "previousSecretValidUntil",
			"createdAt", "updatedAt", "version");

	private final boolean descriptionGiven;

	private final String description;

	/** {@code null}: unchanged. */
	private final Boolean enabled;

	private IntegrationPatch(boolean descriptionGiven, String description, Boolean enabled) {
		this.descriptionGiven = descriptionGiven;
		this.description = description;
		this.enabled = enabled;
	}

	static IntegrationPatch parse(JsonNode patch) {
		if (patch == null || !patch.isObject()) {
			throw InvalidInput.of("(body)", "must be a JSON object: a merge patch of description and enabled");
		}
		boolean descriptionGiven = false;
		String description = null;
		Boolean enabled = null;
		List<FieldError> errors = new ArrayList<>();
		for (Map.Entry<String, JsonNode> property : patch.properties()) {
			String field = property.getKey();
			JsonNode value = property.getValue();
			if (field.equals("description")) {
				if (value.isNull() || value.isString()) {
					descriptionGiven = true;
					description = value.isNull() ? null : value.asString();
				}
				else {
					errors.add(new FieldError(field, "must be a string, or null to clear it"));
				}
			}
			else if (field.equals("enabled")) {
				if (value.isBoolean()) {
					enabled = value.asBoolean();
				}
				else {
					errors.add(new FieldError(field, "must be true or false"));
				}
			}
			else if (FIXED.contains(field)) {
				errors.add(new FieldError(field, "cannot be changed"));
			}
			else {
				errors.add(new FieldError(field, "is not a known field"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		return new IntegrationPatch(descriptionGiven, description, enabled);
	}

	/** The description after the patch, validated like a new integration's. */
	String description(Integration current) {
		if (!this.descriptionGiven) {
			return current.description();
		}
		return new NewIntegration(current.name(), this.description, null).description();
	}

	boolean enabled(Integration current) {
		return (this.enabled != null) ? this.enabled : current.enabled();
	}

}
