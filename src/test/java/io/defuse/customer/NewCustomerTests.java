package io.defuse.customer;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;

import io.defuse.shared.Language;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class NewCustomerTests {

	@Test
	void valuesAreStrippedAndBlankOptionalValuesMeanNone() {
		NewCustomer customer = new NewCustomer("  Jana Nováková ", " ", " jana@example.cz ", "", Language.CS, "\t",
				"  Mornings only ");
		assertThat(customer).isEqualTo(
				new NewCustomer("Jana Nováková", null, "jana@example.cz", null, Language.CS, null, "Mornings only"));
	}

	@Test
	void languageMayBeLeftOpen() {
		assertThat(new NewCustomer("Jana", null, null, null, null, null, null).language()).isNull();
	}

	@Test
	void everyInvalidFieldIsReportedAtOnce() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> new NewCustomer(" ", "p".repeat(101), "jana@", "12ab", Language.DE, "r".repeat(101),
					"x".repeat(2001)))
			.satisfies((refused) -> {
				assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(refused.code()).isEqualTo("validation-failed");
				assertThat(refused.getMessage()).isEqualTo("The request has 6 invalid values");
				assertThat(fields(refused)).containsExactly("displayName", "preferredName", "email", "phone",
						"externalRef", "preferences");
			});
	}

	@Test
	void missingDisplayNameIsRefused() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> new NewCustomer(null, "Jana", null, null, null, null, null))
			.satisfies((refused) -> assertThat(fields(refused)).containsExactly("displayName"));
	}

	@Test
	void limitsAreCountedInCharactersAsTheDatabaseCountsThem() {
		String emoji = "\uD83D\uDE00";
		assertThatNoException()
			.isThrownBy(() -> new NewCustomer(emoji.repeat(200), null, null, null, null, null, null));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> new NewCustomer(emoji.repeat(201), null, null, null, null, null, null));
		assertThatNoException().isThrownBy(
				() -> new NewCustomer("a".repeat(200), null, null, null, null, "r".repeat(100), "x".repeat(2000)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "12345", "+420 777 123 456", "+1 (555) 010-9999", "0049-30-1234567" })
	void acceptsPhoneNumbersOfDigitsSpacesAndPunctuation(String phone) {
		assertThat(new NewCustomer("Jana", null, null, phone, null, null, null).phone()).isEqualTo(phone);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1234", "12ab5", "call me", "-----", "+420.777.123.456",
			"1234567890123456789012345678901234567890X", "12345678901234567890123456789012345678901" })
	void refusesOtherPhoneNumbers(String phone) {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> new NewCustomer("Jana", null, null, phone, null, null, null))
			.satisfies((refused) -> assertThat(fields(refused)).containsExactly("phone"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "jana@example.cz", "jana.novakova+case-7@mail.example.co.uk", "x@y.io" })
	void acceptsEmailAddresses(String email) {
		assertThat(new NewCustomer("Jana", null, email, null, null, null, null).email()).isEqualTo(email);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jana", "jana@", "@example.cz", "jana@example", "ja na@example.cz", "a@b@example.cz",
			"jana@example..cz" })
	void refusesMalformedEmailAddresses(String email) {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> new NewCustomer("Jana", null, email, null, null, null, null))
			.satisfies((refused) -> assertThat(fields(refused)).containsExactly("email"));
	}

	private static List<String> fields(ApiException refused) {
		List<?> errors = (List<?>) refused.properties().get("errors");
		return errors.stream().map((error) -> ((FieldError) error).field()).toList();
	}

}
