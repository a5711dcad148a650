package io.defuse.shared.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Input records validate at construction; when one refuses a request body, the client
 * gets that record's answer with field names relative to the body.
 */
class RefusedInputTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aRefusingRecordAtTheTopOfTheBodyAnswersWithItsOwnFieldErrors() {
		ProblemDetail problem = answer("{\"name\": \" \", \"email\": \"x\"}", Contact.class);

		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getProperties()).containsEntry("code", "validation-failed");
		assertThat(problem.getDetail()).isEqualTo("The request has 2 invalid values");
		assertThat(problem.getProperties().get("errors")).isEqualTo(
				List.of(new FieldError("name", "must not be blank"), new FieldError("email", "must be an address")));
	}

	@Test
	void aRefusingRecordInsideTheBodyNamesItsFieldsByTheirPath() {
		ProblemDetail problem = answer("{\"contacts\": [{\"name\": \"Jo\", \"email\": \"jo@example.com\"}, "
				+ "{\"name\": \" \", \"email\": \"jo@example.com\"}]}", Contacts.class);

		assertThat(problem.getProperties().get("errors"))
			.isEqualTo(List.of(new FieldError("contacts[1].name", "must not be blank")));
	}

	private ProblemDetail answer(String body, Class<?> type) {
		JacksonException refusal = catchThrowableOfType(JacksonException.class, () -> this.json.readValue(body, type));
		HttpMessageNotReadableException unreadable = new HttpMessageNotReadableException("unreadable", refusal,
				new MockHttpInputMessage(body.getBytes()));
		Object answer = new GlobalExceptionHandler()
			.handleHttpMessageNotReadable(unreadable, new HttpHeaders(), HttpStatus.BAD_REQUEST, null)
			.getBody();
		assertThat(answer).isInstanceOf(ProblemDetail.class);
		return (ProblemDetail) answer;
	}

	record Contact(String name, String email) {

		Contact {
			List<FieldError> errors = new java.util.ArrayList<>();
			if (name.isBlank()) {
				errors.add(new FieldError("name", "must not be blank"));
			}
			if (!email.contains("@")) {
				errors.add(new FieldError("email", "must be an address"));
			}
			if (!errors.isEmpty()) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "validation-failed", "Validation Failed",
						"The request has " + errors.size() + " invalid values")
					.with("errors", errors);
			}
		}

	}

	record Contacts(List<Contact> contacts) {
	}

}
