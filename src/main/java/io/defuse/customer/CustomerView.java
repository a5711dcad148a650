package io.defuse.customer;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import io.defuse.shared.Language;

/**
 * A customer as the API and other modules see them.
 *
 * @param id the customer's id
 * @param displayName how the customer is addressed in lists and the case file
 * @param preferredName what they like to be called, if they said
 * @param email e-mail address, if known
 * @param phone phone number, if known
 * @param language the language to talk to them in
 * @param externalRef the customer's id in the CRM they came from, if any
 * @param preferences free-text notes on how they want to be treated
 * @param createdAt when Defuse first recorded them
 * @param updatedAt when their details last changed
 * @param version increases with every change; the ETag of the customer, to send back as
 * {@code If-Match}
 * @param legalHold the legal hold that keeps the customer's data from being erased;
 * {@code null} when there is none
 * @param erasedAt when the customer's personal data was erased; {@code null} until then
 */
public record CustomerView(@Schema(example = "0b9e6f2c-3c4d-4f7a-9d55-2f1e7c9a8b10") UUID id,
		@Schema(example = "Jana Nováková") String displayName, @Schema(example = "Jana") String preferredName,
		@Schema(example = "jana.novakova@example.cz") String email, @Schema(example = "+420 777 123 456") String phone,
		@Schema(example = "cs") Language language, @Schema(example = "crm-000123") String externalRef,
		@Schema(example = "Prefers e-mail; never call before 10:00") String preferences,
		@Schema(example = "2026-11-23T10:15:30Z") Instant createdAt,
		@Schema(example = "2026-11-24T08:02:11Z") Instant updatedAt, @Schema(example = "3") long version,
		LegalHold legalHold, Instant erasedAt) {

	static CustomerView of(Customer customer) {
		return new CustomerView(customer.id(), customer.displayName(), customer.preferredName(), customer.email(),
				customer.phone(), customer.language(), customer.externalRef(), customer.preferences(),
				customer.createdAt(), customer.updatedAt(), customer.version(), customer.legalHold(),
				customer.erasedAt());
	}

}
