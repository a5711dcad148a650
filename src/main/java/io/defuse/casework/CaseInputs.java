package io.defuse.casework;

import io.defuse.shared.Severity;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.defuse.shared.web.InvalidInput;

/** The small inputs of case actions, each valid by construction. */
public final class CaseInputs {

	private CaseInputs() {
	}

	/**
	 * @param text what was said, verbatim (at most 10 000 characters)
	 * @param from who said it
	 */
	public record NewStatement(
			@NotBlank @Size(max = Statement.MAX_LENGTH) @Schema(
					example = "This is the third time I call about this kettle!") String text,
			@NotNull @Schema(example = "CUSTOMER") Speaker from) {

		public NewStatement {
			text = InvalidInput.text("text", text, true, Statement.MAX_LENGTH);
			InvalidInput.required("from", from);
		}

	}

	/**
	 * @param message what the agent said to show understanding and apologise
	 */
	public record Acknowledgement(@NotBlank @Size(max = 2000) @Schema(
			example = "I understand how frustrating this is, and I'm sorry you had to call again.") String message) {

		public Acknowledgement {
			message = InvalidInput.text("message", message, true, 2000);
		}

	}

	/**
	 * @param text an internal note, never shown to the customer
	 */
	public record Note(
			@NotBlank @Size(max = 4000) @Schema(example = "Customer prefers e-mail after 6 pm.") String text) {

		public Note {
			text = InvalidInput.text("text", text, true, 4000);
		}

	}

	/**
	 * @param assignee the principal now handling the case; null or blank to unassign
	 */
	/**
	 * @param assignee who works on the case; blank for nobody
	 * @param teamId hand the case to this team (SUPERVISOR or ADMIN); left out: it stays
	 */
	public record Assignment(@Size(max = 100) @Schema(example = "alice") String assignee, UUID teamId) {

		public Assignment {
			assignee = InvalidInput.text("assignee", assignee, false, 100);
		}

	}

	/**
	 * @param reason why the case needs a supervisor
	 */
	public record Escalation(
			@NotBlank @Size(max = 500) @Schema(example = "Customer threatens to go to the press") String reason) {

		public Escalation {
			reason = InvalidInput.text("reason", reason, true, 500);
		}

	}

	/**
	 * @param reason why the customer declined (or why a supervisor refused approval)
	 */
	public record Rejection(
			@NotBlank @Size(max = 1000) @Schema(example = "Wants a full refund, not a voucher") String reason) {

		public Rejection {
			reason = InvalidInput.text("reason", reason, true, 1000);
		}

	}

	/**
	 * @param reason what the case waits for, e.g. the customer sending photos
	 */
	public record SlaPause(@NotBlank @Size(max = 500) @Schema(
			example = "Waiting for the customer to send photos of the damage") String reason) {

		public SlaPause {
			reason = InvalidInput.text("reason", reason, true, 500);
		}

	}

	/**
	 * @param reason why the case is reopened
	 */
	public record Reopening(
			@NotBlank @Size(max = 1000) @Schema(example = "The replacement is defective too") String reason) {

		public Reopening {
			reason = InvalidInput.text("reason", reason, true, 1000);
		}

	}

	/**
	 * A new complaint.
	 *
	 * @param customerId an existing customer
	 * @param customer or an inline customer, matched (and updated) by its externalRef
	 * @param channel where the complaint came in
	 * @param subject a one-line summary
	 * @param severity how much is at stake (default MEDIUM)
	 * @param statement the customer's first statement, verbatim
	 */
	public record NewCase(@Schema(example = "0b7e7c2a-4f0e-4d5e-9b1a-3c2d1e0f9a8b") UUID customerId,
			InlineCustomer customer, @NotNull @Schema(example = "PHONE") Channel channel,
			@NotBlank @Size(max = 200) @Schema(example = "Kettle stopped heating after three weeks") String subject,
			@Schema(example = "MEDIUM") Severity severity,
			@NotBlank @Size(max = Statement.MAX_LENGTH) @Schema(
					example = "I bought this kettle three weeks ago and it already stopped working. I'm really annoyed.") String statement,
			@Schema(description = "the team the case belongs to; left out: yours (or the Default team for an admin)") UUID teamId) {

		public NewCase {
			if ((customerId == null) == (customer == null)) {
				throw InvalidInput.of("customerId", "give either customerId or customer (with externalRef), not both");
			}
			InvalidInput.required("channel", channel);
			subject = InvalidInput.text("subject", subject, true, 200);
			severity = (severity != null) ? severity : Severity.MEDIUM;
			statement = InvalidInput.text("statement", statement, true, Statement.MAX_LENGTH);
		}

	}

	/**
	 * A customer given with the case, as a CRM knows them; created or updated by
	 * {@code externalRef}.
	 *
	 * @param externalRef the CRM's id of the customer
	 * @param displayName full name
	 * @param preferredName how they like to be addressed
	 * @param email e-mail address
	 * @param phone phone number
	 * @param language en, de or cs
	 */
	public record InlineCustomer(@NotBlank @Size(max = 100) @Schema(example = "CRM-448120") String externalRef,
			@Size(max = 200) @Schema(example = "Jana Nováková") String displayName,
			@Size(max = 100) @Schema(example = "Jana") String preferredName,
			@Size(max = 254) @Schema(example = "jana.novakova@example.cz") String email,
			@Size(max = 40) @Schema(example = "+420 601 123 456") String phone,
			@Schema(example = "cs") io.defuse.shared.Language language) {

		public InlineCustomer {
			externalRef = InvalidInput.text("customer.externalRef", externalRef, true, 100);
		}

	}

}
