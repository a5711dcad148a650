package io.defuse.customer;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.defuse.shared.web.InvalidInput;

/**
 * The body of {@code PUT /customers/{id}/legal-hold}, validated at construction: a hold
 * without a reason, or with an over-long one, cannot be built (400).
 *
 * @param reason why the customer's data must be kept: a matter or file reference, not the
 * customer's details, since it is shown wherever the customer is
 */
public record LegalHoldRequest(@NotBlank @Size(max = LegalHoldRequest.REASON_MAX) @Schema(
		example = "Court proceedings 4 C 118/2026") String reason) {

	static final int REASON_MAX = 500;

	public LegalHoldRequest {
		reason = InvalidInput.text("reason", reason, true, REASON_MAX);
	}

}
