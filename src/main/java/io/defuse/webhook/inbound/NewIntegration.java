package io.defuse.webhook.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.defuse.shared.TeamScope;
import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;

/**
 * A CRM system to receive events from, validated at construction.
 *
 * @param name unique; letters, digits and {@code . _ @ -}. Cases and customers the
 * integration creates are recorded as created by {@code integration:<name>}, so the name
 * is at most 88 characters (the recorded name must fit 100).
 * @param description what the integration is, for admins
 * @param teamId the team whose cases its complaints open, and the only team its events
 * act for; the Default team when left out
 */
public record NewIntegration(
		@NotBlank @Size(max = NewIntegration.NAME_MAX) @jakarta.validation.constraints.Pattern(
				regexp = NewIntegration.NAME_PATTERN) @Schema(example = "salesforce-eu") String name,
		@Size(max = NewIntegration.DESCRIPTION_MAX) @Schema(
				example = "Complaints logged by the EU call centre in Salesforce") String description,
		UUID teamId) {

	/** 100, the length of recorded names, less {@code "integration:"}. */
	static final int NAME_MAX = 88;

	static final int DESCRIPTION_MAX = 500;

	static final String NAME_PATTERN = "[\\p{L}\\p{N}._@-]+";

	private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

	public NewIntegration {
		teamId = (teamId != null) ? teamId : TeamScope.DEFAULT_TEAM;
		List<FieldError> errors = new ArrayList<>();
		name = (name != null) ? name.strip() : "";
		if (name.isEmpty()) {
			errors.add(new FieldError("name", "must not be blank"));
		}
		else if (name.length() > NAME_MAX) {
			errors.add(new FieldError("name", "must be at most " + NAME_MAX + " characters"));
		}
		else if (!NAME.matcher(name).matches()) {
			errors.add(new FieldError("name", "may contain letters, digits and . _ @ - only"));
		}
		description = (description == null || description.isBlank()) ? null : description.strip();
		if (description != null && description.length() > DESCRIPTION_MAX) {
			errors.add(new FieldError("description", "must be at most " + DESCRIPTION_MAX + " characters"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
	}

}
