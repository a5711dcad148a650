package io.defuse.customer;

import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import io.defuse.shared.Language;

/**
 * Just enough of a customer to show next to a case in a list.
 *
 * @param id the customer's id
 * @param displayName how the customer is addressed
 * @param preferredName what they like to be called, if they said
 * @param language the language to talk to them in
 */
public record CustomerSummary(@Schema(example = "0b9e6f2c-3c4d-4f7a-9d55-2f1e7c9a8b10") UUID id,
		@Schema(example = "Jana Nováková") String displayName, @Schema(example = "Jana") String preferredName,
		@Schema(example = "cs") Language language) {
}
