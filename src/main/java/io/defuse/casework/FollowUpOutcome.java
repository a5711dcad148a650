package io.defuse.casework;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.defuse.shared.web.InvalidInput;

/**
 * The result of one follow-up attempt.
 *
 * @param reached whether the customer was reached
 * @param satisfaction 1 (very unhappy) to 5 (delighted); required when reached, absent
 * when not
 * @param comment what the customer said, or why they could not be reached
 */
public record FollowUpOutcome(@NotNull @Schema(example = "true") Boolean reached,
		@Min(1) @Max(5) @Schema(example = "5") Integer satisfaction,
		@Size(max = 2000) @Schema(example = "Very happy with the replacement, thanked us") String comment) {

	/** Satisfaction from which a case counts as resolved. */
	static final int SATISFIED = 4;

	public FollowUpOutcome {
		InvalidInput.required("reached", reached);
		comment = InvalidInput.text("comment", comment, false, 2000);
		if (reached) {
			InvalidInput.required("satisfaction", satisfaction);
			if (satisfaction < 1 || satisfaction > 5) {
				throw InvalidInput.of("satisfaction", "must be from 1 to 5");
			}
		}
		else if (satisfaction != null) {
			throw InvalidInput.of("satisfaction", "must be absent when the customer was not reached");
		}
	}

	boolean satisfied() {
		return this.reached && this.satisfaction >= SATISFIED;
	}

}
