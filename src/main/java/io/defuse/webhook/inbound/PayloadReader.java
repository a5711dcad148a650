package io.defuse.webhook.inbound;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

import io.defuse.casework.CaseInputs.InlineCustomer;
import io.defuse.casework.CaseInputs.NewCase;
import io.defuse.casework.Channel;
import io.defuse.shared.Severity;
import io.defuse.shared.Language;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;
import io.defuse.shared.web.StorableText;

/**
 * Reads a Standard Webhooks payload, {@code {"type": …, "timestamp": …, "data": {…}}},
 * into an {@link InboundEvent}, reporting every field of the wrong shape at once (400
 * with field paths such as {@code data.customer.language}). Fields Defuse does not know
 * are refused like everywhere in the API, so a misspelt field never silently loses data.
 */
final class PayloadReader {

	private static final String[] CUSTOMER_FIELDS = { "externalRef", "displayName", "preferredName", "email", "phone",
			"language" };

	private final List<FieldError> errors = new ArrayList<>();

	private PayloadReader() {
	}

	static InboundEvent read(JsonMapper json, byte[] body) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			String message = "is not valid JSON" + where(ex.getLocation());
			throw new ApiException(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
					"The request body " + message)
				.with("errors", List.of(new FieldError("(body)", message)));
		}
		if (root == null || !root.isObject()) {
			throw InvalidInput.of("(body)", "must be a JSON object with type, timestamp and data");
		}
		PayloadReader reader = new PayloadReader();
		String type = reader.text(root, "", "type");
		if (type == null) {
			reader.fail("type", "is required");
		}
		else if (!InboundEvent.TYPES.contains(type)) {
			reader.fail("type", "must be one of " + InboundEvent.TYPES);
		}
		reader.timestamp(root, "timestamp");
		reader.onlyKnown(root, "", "type", "timestamp", "data");
		JsonNode data = reader.object(root, "", "data");
		if (data != null && InboundEvent.COMPLAINT_CREATED.equals(type)) {
			return reader.complaint(data);
		}
		if (data != null && InboundEvent.CUSTOMER_UPDATED.equals(type)) {
			return reader.customer(data);
		}
		reader.throwIfAny();
		throw new IllegalStateException("a known type with data, or an error, was expected");
	}

	private InboundEvent complaint(JsonNode data) {
		onlyKnown(data, "data.", "customer", "channel", "subject", "severity", "statement");
		JsonNode customer = object(data, "data.", "customer");
		onlyKnown(customer, "data.customer.", CUSTOMER_FIELDS);
		String externalRef = text(customer, "data.customer.", "externalRef");
		String displayName = text(customer, "data.customer.", "displayName");
		String preferredName = text(customer, "data.customer.", "preferredName");
		String email = text(customer, "data.customer.", "email");
		String phone = text(customer, "data.customer.", "phone");
		Language language = language(customer, "data.customer.", "language");
		Channel channel = choice(data, "data.", "channel", Channel.class);
		String subject = text(data, "data.", "subject");
		Severity severity = choice(data, "data.", "severity", Severity.class);
		String statement = text(data, "data.", "statement");
		throwIfAny();
		try {
			return new InboundEvent.ComplaintCreated(new NewCase(null,
					new InlineCustomer(externalRef, displayName, preferredName, email, phone, language), channel,
					subject, severity, statement, null));
		}
		catch (InvalidInput ex) {
			throw ex.within("data");
		}
	}

	private InboundEvent customer(JsonNode data) {
		onlyKnown(data, "data.", CUSTOMER_FIELDS);
		String externalRef = text(data, "data.", "externalRef");
		String displayName = text(data, "data.", "displayName");
		String preferredName = text(data, "data.", "preferredName");
		String email = text(data, "data.", "email");
		String phone = text(data, "data.", "phone");
		Language language = language(data, "data.", "language");
		if (externalRef == null && !hasError("data.externalRef")) {
			fail("data.externalRef", "must not be blank");
		}
		throwIfAny();
		return new InboundEvent.CustomerUpdated(externalRef, displayName, preferredName, email, phone, language);
	}

	/** The field's text, stripped; {@code null} when absent, null or blank. */
	private String text(JsonNode parent, String prefix, String name) {
		JsonNode value = (parent != null) ? parent.get(name) : null;
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			fail(prefix + name, "must be a string");
			return null;
		}
		String flaw = StorableText.flaw(value.asString());
		if (flaw != null) {
			fail(prefix + name, flaw);
			return null;
		}
		return value.asString().isBlank() ? null : value.asString().strip();
	}

	private void onlyKnown(JsonNode node, String prefix, String... names) {
		if (node == null) {
			return;
		}
		List<String> known = List.of(names);
		for (String name : node.propertyNames()) {
			if (!known.contains(name)) {
				fail(prefix + name, "is not a known field");
			}
		}
	}

	/** The field's object; a missing one is an error. */
	private JsonNode object(JsonNode parent, String prefix, String name) {
		JsonNode value = (parent != null) ? parent.get(name) : null;
		if (value == null || value.isNull()) {
			fail(prefix + name, "is required");
			return null;
		}
		if (!value.isObject()) {
			fail(prefix + name, "must be an object");
			return null;
		}
		return value;
	}

	private <E extends Enum<E>> E choice(JsonNode parent, String prefix, String name, Class<E> type) {
		String value = text(parent, prefix, name);
		if (value == null) {
			return null;
		}
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equals(value.toUpperCase(Locale.ROOT))) {
				return constant;
			}
		}
		fail(prefix + name, "must be one of " + Arrays.toString(type.getEnumConstants()));
		return null;
	}

	private Language language(JsonNode parent, String prefix, String name) {
		String value = text(parent, prefix, name);
		if (value == null) {
			return null;
		}
		try {
			return Language.of(value);
		}
		catch (IllegalArgumentException ex) {
			fail(prefix + name, ex.getMessage());
			return null;
		}
	}

	/**
	 * The payload's own timestamp is optional and informational (the signed
	 * {@code webhook-timestamp} header is what counts), but must be ISO-8601 if given.
	 */
	private void timestamp(JsonNode parent, String name) {
		String value = text(parent, "", name);
		if (value == null) {
			return;
		}
		try {
			OffsetDateTime.parse(value);
		}
		catch (DateTimeParseException ex) {
			fail(name, "must be an ISO-8601 timestamp such as 2026-11-23T10:15:30Z");
		}
	}

	private void fail(String field, String message) {
		this.errors.add(new FieldError(field, message));
	}

	private boolean hasError(String field) {
		return this.errors.stream().anyMatch((error) -> error.field().equals(field));
	}

	private void throwIfAny() {
		if (!this.errors.isEmpty()) {
			throw new InvalidInput(this.errors);
		}
	}

	private static String where(TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 0) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

}
