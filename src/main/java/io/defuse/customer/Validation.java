package io.defuse.customer;

import java.util.List;

import org.springframework.http.HttpStatus;

import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.FieldError;

/**
 * The 400 answer for invalid customer input, in the same shape as the shared handler's
 * {@code validation-failed}: every invalid field at once, as a list.
 */
final class Validation {

	private Validation() {
	}

	static ApiException failed(List<FieldError> errors) {
		return new ApiException(HttpStatus.BAD_REQUEST, "validation-failed", "Validation Failed",
				"The request has " + errors.size() + " invalid " + ((errors.size() == 1) ? "value" : "values"))
			.with("errors", List.copyOf(errors));
	}

	static ApiException failed(String field, String message) {
		return failed(List.of(new FieldError(field, message)));
	}

}
