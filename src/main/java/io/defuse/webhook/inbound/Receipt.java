package io.defuse.webhook.inbound;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What Defuse did with a message.
 *
 * @param status {@code accepted}: applied now; {@code duplicate}: this message id was
 * applied before, nothing was done again
 * @param messageId the message's {@code webhook-id}
 * @param type the event type (for a duplicate: as first received)
 * @param caseId the case the message opened ({@code complaint.created})
 * @param customerId the customer it created or changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(@Schema(allowableValues = {
		"accepted", "duplicate" }, example = "accepted") String status,
		@Schema(example = "msg_2b7c1d9e42") String messageId, @Schema(example = "complaint.created") String type,
		@Schema(example = "0b7e7c2a-4f0e-4d5e-9b1a-3c2d1e0f9a8b") UUID caseId,
		@Schema(example = "0b9e6f2c-3c4d-4f7a-9d55-2f1e7c9a8b10") UUID customerId){

	static final String ACCEPTED = "accepted";

	static final String DUPLICATE = "duplicate";

	/** Whether the message had been applied before. */
	public boolean duplicate() {
		return DUPLICATE.equals(this.status);
	}

}
