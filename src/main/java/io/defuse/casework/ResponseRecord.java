package io.defuse.casework;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.defuse.shared.web.InvalidInput;

/**
 * What was done to deliver the accepted offer.
 *
 * @param action what was done
 * @param reference the refund, tracking, repair or voucher reference (required for a
 * shipped replacement)
 * @param note anything the next person should know
 */
public record ResponseRecord(@NotNull @Schema(example = "REPLACEMENT_SHIPPED") ResponseAction action,
		@Size(max = 200) @Schema(example = "DHL 00340434161094042557") String reference,
		@Size(max = 2000) @Schema(example = "Sent by express; customer told to expect it Thursday") String note) {

	public ResponseRecord {
		InvalidInput.required("action", action);
		reference = InvalidInput.text("reference", reference, action == ResponseAction.REPLACEMENT_SHIPPED, 200);
		note = InvalidInput.text("note", note, action == ResponseAction.OTHER, 2000);
	}

}
