package io.defuse.casework;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import io.defuse.casework.CaseViews.DetailsView;
import io.defuse.casework.CaseViews.EscalationView;
import io.defuse.casework.CaseViews.FollowUpView;
import io.defuse.casework.CaseViews.OfferView;
import io.defuse.casework.CaseViews.ResponseView;
import io.defuse.casework.CaseViews.StatementView;
import io.defuse.casework.CaseViews.TensionView;
import io.defuse.casework.CaseViews.TimelineEntry;
import io.defuse.customer.CustomerView;
import io.defuse.shared.Severity;

/** The document {@code GET /customers/{id}/export} answers (GDPR art. 15 and 20). */
public final class ExportViews {

	private ExportViews() {
	}

	/**
	 * Everything Defuse holds about one person. Written as a stream, case by case, in
	 * exactly this shape.
	 *
	 * @param format always {@code defuse.customer-export}
	 * @param formatVersion increases when the shape changes incompatibly
	 * @param exportedAt when the export was made
	 * @param customer the profile, with any legal hold and the erasure time
	 * @param cases every case of the customer, oldest first
	 */
	@Schema(name = "CustomerExport")
	public record CustomerExport(@Schema(example = "defuse.customer-export") String format,
			@Schema(example = "1") int formatVersion, Instant exportedAt, CustomerView customer,
			List<ExportedCase> cases) {
	}

	/**
	 * One case with everything recorded on it.
	 *
	 * @param notes the internal notes, in the order they were added (also in the
	 * timeline)
	 * @param statements what was said, oldest first, with how each was read
	 * @param timeline every change, oldest first
	 */
	public record ExportedCase(UUID id, long number, String subject, Channel channel, Severity severity, Step step,
			Outcome outcome, String assignee, EscalationView escalation, DetailsView details, List<OfferView> offers,
			List<ResponseView> responses, List<FollowUpView> followUps, TensionView tension, List<UUID> repeatOf,
			int reopenCount, Instant createdAt, String createdBy, Instant updatedAt, Instant closedAt,
			List<NoteView> notes, List<StatementView> statements, List<TimelineEntry> timeline) {
	}

	/**
	 * An internal note.
	 *
	 * @param sequence its timeline entry
	 */
	public record NoteView(int sequence, Instant at, String author, String text) {
	}

}
