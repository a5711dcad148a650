package io.defuse.customer.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of a customer PATCH as the OpenAPI document shows it. Documentation only: the
 * body is read as a JSON merge patch, where leaving a field out and sending {@code null}
 * mean different things, which no record can express.
 */
@Schema(name = "CustomerMergePatch",
		description = "Any of the customer's fields: left out = unchanged, null = cleared (not displayName "
				+ "or language), a value = replaced. Limits as in NewCustomer.")
record CustomerMergePatch(@Schema(example = "Jana Dvořáková", maxLength = 200) String displayName,
		@Schema(example = "Jana", maxLength = 100) String preferredName,
		@Schema(example = "jana.dvorakova@example.cz", maxLength = 254, format = "email") String email,
		@Schema(example = "+49 30 1234567", maxLength = 40) String phone, @Schema(example = "de", allowableValues = {
				"en", "de", "cs" }) String language,
		@Schema(example = "crm-000123", maxLength = 100) String externalRef,
		@Schema(example = "Prefers e-mail", maxLength = 2000) String preferences){
}
