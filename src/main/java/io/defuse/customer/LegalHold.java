package io.defuse.customer;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A legal hold on a customer: while it lasts, their data must be kept, so erasure is
 * refused.
 *
 * @param reason why the data must be kept, as the admin who set the hold wrote it
 * @param since when the hold was set
 * @param by the admin who set (or last changed) it
 */
public record LegalHold(@Schema(example = "Court proceedings 4 C 118/2026") String reason,
		@Schema(example = "2026-11-23T10:15:30Z") Instant since, @Schema(example = "alice") String by) {
}
