package io.defuse.casework;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.defuse.shared.web.InvalidInput;

/**
 * A supervisor closing a case outside the normal follow-up path.
 *
 * @param outcome WITHDRAWN or UNRESOLVED (RESOLVED comes only from a satisfied follow-up)
 * @param reason why
 */
public record Closure(@NotNull @Schema(example = "WITHDRAWN") Outcome outcome,
		@Size(max = 1000) @Schema(example = "Customer found the parcel at a neighbour's") String reason) {

	public Closure {
		InvalidInput.required("outcome", outcome);
		if (outcome != Outcome.WITHDRAWN && outcome != Outcome.UNRESOLVED) {
			throw InvalidInput.of("outcome", "must be WITHDRAWN or UNRESOLVED; RESOLVED comes from a follow-up");
		}
		reason = InvalidInput.text("reason", reason, true, 1000);
	}

}
