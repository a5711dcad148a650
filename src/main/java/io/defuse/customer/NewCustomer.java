package io.defuse.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.defuse.shared.Language;
import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;

/**
 * A customer's details as given by an agent or a CRM, validated at construction: a
 * customer with a blank name, a malformed e-mail address or an over-long value cannot
 * even be built, whichever module builds it. Every invalid field is reported at once (400
 * {@code validation-failed} with an {@code errors} list).
 * <p>
 * Values are stripped of surrounding white space, and a blank optional value means "none"
 * ({@code null}). The Bean Validation annotations state the same limits for the OpenAPI
 * document; the constructor is what enforces them.
 *
 * @param displayName how the customer is addressed in lists and the case file
 * @param preferredName what they like to be called, if they said
 * @param email e-mail address
 * @param phone phone number: digits, spaces and {@code + - ( )}
 * @param language the language to talk to them in; {@code null} when not known:
 * {@link CustomerService#create} then records English, and
 * {@link CustomerService#upsertByExternalRef} keeps the language already on record
 * @param externalRef the customer's id in the CRM they came from; unique across customers
 * @param preferences free-text notes on how they want to be treated
 */
public record NewCustomer(
		@NotBlank @Size(max = NewCustomer.DISPLAY_NAME_MAX) @Schema(example = "Jana Nováková") String displayName,
		@Size(max = NewCustomer.PREFERRED_NAME_MAX) @Schema(example = "Jana") String preferredName,
		@Email @Size(max = NewCustomer.EMAIL_MAX) @Schema(example = "jana.novakova@example.cz") String email,
		@jakarta.validation.constraints.Pattern(regexp = NewCustomer.PHONE_PATTERN) @Size(min = NewCustomer.PHONE_MIN,
				max = NewCustomer.PHONE_MAX) @Schema(example = "+420 777 123 456") String phone,
		@Schema(example = "cs", description = "en, de or cs; English when omitted") Language language,
		@Size(max = NewCustomer.EXTERNAL_REF_MAX) @Schema(example = "crm-000123") String externalRef,
		@Size(max = NewCustomer.PREFERENCES_MAX) @Schema(
				example = "Prefers e-mail; never call before 10:00") String preferences) {

	static final int DISPLAY_NAME_MAX = 200;

	static final int PREFERRED_NAME_MAX = 100;

	static final int EMAIL_MAX = 254;

	static final int PHONE_MIN = 5;

	static final int PHONE_MAX = 40;

	static final int EXTERNAL_REF_MAX = 100;

	static final int PREFERENCES_MAX = 2000;

	/** Digits, spaces and {@code + - ( )}, with at least one digit. */
	static final String PHONE_PATTERN = "[0-9 +()-]*[0-9][0-9 +()-]*";

	/**
	 * Deliberately simple: one {@code @}, no white space, a dot in the domain. Whether
	 * the address exists only a mail can tell.
	 */
	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

	private static final Pattern PHONE = Pattern.compile(PHONE_PATTERN);

	public NewCustomer {
		List<FieldError> errors = new ArrayList<>();
		displayName = strip(displayName);
		if (displayName == null) {
			errors.add(new FieldError("displayName", "must not be blank"));
		}
		limit("displayName", displayName, DISPLAY_NAME_MAX, errors);
		preferredName = strip(preferredName);
		limit("preferredName", preferredName, PREFERRED_NAME_MAX, errors);
		email = strip(email);
		if (limit("email", email, EMAIL_MAX, errors) && !EMAIL.matcher(email).matches()) {
			errors.add(new FieldError("email", "must be an e-mail address like name@example.com"));
		}
		phone = strip(phone);
		if (limit("phone", phone, PHONE_MAX, errors)
				&& (phone.length() < PHONE_MIN || !PHONE.matcher(phone).matches())) {
			errors.add(new FieldError("phone", "must be " + PHONE_MIN + " to " + PHONE_MAX
					+ " characters of digits, spaces and + - ( ), such as +420 777 123 456"));
		}
		externalRef = strip(externalRef);
		limit("externalRef", externalRef, EXTERNAL_REF_MAX, errors);
		preferences = strip(preferences);
		limit("preferences", preferences, PREFERENCES_MAX, errors);
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
	}

	/** The value without surrounding white space; {@code null} when blank. */
	private static String strip(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * Whether there is a value within the limit; a value over it is an error. Counted in
	 * code points, as PostgreSQL counts varchar(n), not in UTF-16 units.
	 */
	private static boolean limit(String field, String value, int max, List<FieldError> errors) {
		if (value == null) {
			return false;
		}
		if (value.codePointCount(0, value.length()) > max) {
			errors.add(new FieldError(field, "must be at most " + max + " characters"));
			return false;
		}
		return true;
	}

}
