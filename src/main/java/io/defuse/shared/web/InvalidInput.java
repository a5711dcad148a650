package io.defuse.shared.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * Input that cannot even be built: thrown by the compact constructors of input records,
 * so a malformed offer or statement never exists. Rendered as 400
 * {@code validation-failed} with the same {@code errors} list as Bean Validation
 * failures.
 */
public class InvalidInput extends ApiException {

	public InvalidInput(List<FieldError> errors) {
		super(HttpStatus.BAD_REQUEST, "validation-failed", "Validation Failed",
				"The request has " + errors.size() + " invalid " + ((errors.size() == 1) ? "value" : "values"));
		with("errors", List.copyOf(errors));
	}

	/** The same errors, for input that sits at {@code prefix} inside a larger body. */
	public InvalidInput within(String prefix) {
		List<?> errors = (List<?>) properties().get("errors");
		return new InvalidInput(errors.stream()
			.map(FieldError.class::cast)
			.map((error) -> new FieldError(prefix + "." + error.field(), error.message()))
			.toList());
	}

	public static InvalidInput of(String field, String message) {
		return new InvalidInput(List.of(new FieldError(field, message)));
	}

	/**
	 * Checks a free text: required or not, at most {@code max} characters; returns it
	 * stripped.
	 */
	public static String text(String field, String value, boolean required, int max) {
		if (value == null || value.isBlank()) {
			if (required) {
				throw of(field, "must not be blank");
			}
			return null;
		}
		String stripped = value.strip();
		if (stripped.length() > max) {
			throw of(field, "must be at most " + max + " characters");
		}
		return stripped;
	}

	public static <T> T required(String field, T value) {
		if (value == null) {
			throw of(field, "is required");
		}
		return value;
	}

}
