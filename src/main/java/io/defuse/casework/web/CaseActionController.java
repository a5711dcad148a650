package io.defuse.casework.web;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.casework.CaseInputs;
import io.defuse.casework.CaseService;
import io.defuse.casework.CaseViews.CaseView;
import io.defuse.casework.CaseViews.StatementView;
import io.defuse.casework.Closure;
import io.defuse.casework.DetailsUpdate;
import io.defuse.casework.FollowUpOutcome;
import io.defuse.casework.OfferProposal;
import io.defuse.casework.ResponseRecord;
import io.defuse.shared.Actor;
import io.defuse.shared.web.Versions;

/**
 * The workflow actions. Each takes an optional {@code If-Match} (412 when stale), answers
 * with the case (or what was created) and its new ETag, and is refused with 409 when the
 * case's rules say no.
 */
@RestController
@RequestMapping("/api/v1/cases/{id}")
@Tag(name = "Case workflow",
		description = "listen → gather → offer → respond → follow-up, and the actions open in any step")
@ApiResponse(responseCode = "200", description = "The case after the change; the ETag header carries its new version")
@ApiResponse(responseCode = "409",
		description = "The case's rules refuse the action now: names the step, the action and what is missing",
		content = @Content(mediaType = "application/problem+json",
				schema = @Schema(ref = "#/components/schemas/Problem"),
				examples = @ExampleObject(
						value = """
								{"type":"urn:defuse:problem:workflow-refused","title":"Action Not Possible Now","status":409,
								 "detail":"Cannot confirmDetails while the case is in GATHER: needs detail product; detail purchaseDate or orderRef",
								 "code":"workflow-refused","step":"GATHER","action":"confirmDetails",
								 "missing":["detail product","detail purchaseDate or orderRef"],"correlationId":"3f0c9c52-5a3e-4bd5-9a55-0d7d1f8b7e21"}""")))
@ApiResponse(responseCode = "412",
		description = "If-Match does not match the case's current version; nothing was changed",
		content = @Content(mediaType = "application/problem+json",
				schema = @Schema(ref = "#/components/schemas/Problem")))
class CaseActionController {

	private static final String IF_MATCH = "If-Match";

	private final CaseService cases;

	CaseActionController(CaseService cases) {
		this.cases = cases;
	}

	@PostMapping("/statements")
	@Operation(summary = "Record a statement",
			description = "What the customer or the agent said, verbatim. Any open step.")
	@ApiResponse(responseCode = "201", description = "The statement as recorded")
	ResponseEntity<StatementView> addStatement(@PathVariable UUID id,
			@Valid @RequestBody CaseInputs.NewStatement request,
			@Parameter(description = "the ETag you last saw") @RequestHeader(name = IF_MATCH,
					required = false) String ifMatch,
			@AuthenticationPrincipal Actor actor) {
		StatementView said = this.cases.addStatement(id, request, Versions.expected(ifMatch), actor);
		return ResponseEntity.status(201).body(said);
	}

	@PostMapping("/acknowledgement")
	@Operation(summary = "Acknowledge the customer (LISTEN → GATHER)",
			description = "The agent shows understanding and apologises. Needs at least one customer statement.")
	ResponseEntity<CaseView> acknowledge(@PathVariable UUID id, @Valid @RequestBody CaseInputs.Acknowledgement request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.acknowledge(id, request, Versions.expected(ifMatch), actor));
	}

	@PutMapping("/details")
	@Operation(summary = "Save details (GATHER)",
			description = "Partial save: the fields given replace what was there.")
	ResponseEntity<CaseView> saveDetails(@PathVariable UUID id, @Valid @RequestBody DetailsUpdate request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.saveDetails(id, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/details/confirmation")
	@Operation(summary = "Confirm the details (GATHER → OFFER)",
			description = "Refused (409) with each missing detail named until the category's required details are present.")
	ResponseEntity<CaseView> confirmDetails(@PathVariable UUID id,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.confirmDetails(id, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/offers")
	@Operation(summary = "Make an offer (OFFER)",
			description = "Money offers above the approval threshold wait for a supervisor (status PENDING_APPROVAL). "
					+ "Honours Idempotency-Key. Location points at the new offer; the body is the case.")
	@ApiResponse(responseCode = "201", description = "Offer made")
	ResponseEntity<CaseView> makeOffer(@PathVariable UUID id, @Valid @RequestBody OfferProposal request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		CaseService.MadeOffer made = this.cases.makeOffer(id, request, Versions.expected(ifMatch), actor);
		return ResponseEntity.created(URI.create("/api/v1/cases/" + id + "/offers/" + made.offerId()))
			.eTag(Versions.etag(made.supportCase().version()))
			.body(made.supportCase());
	}

	@PostMapping("/offers/{offerId}/approval")
	@Operation(summary = "Approve an offer (supervisor)", description = "SUPERVISOR or ADMIN; the offer becomes OPEN.")
	ResponseEntity<CaseView> approveOffer(@PathVariable UUID id, @PathVariable UUID offerId,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.approveOffer(id, offerId, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/offers/{offerId}/acceptance")
	@Operation(summary = "The customer accepts an offer (OFFER → RESPOND)",
			description = "Other offers still on the table are withdrawn.")
	ResponseEntity<CaseView> acceptOffer(@PathVariable UUID id, @PathVariable UUID offerId,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.acceptOffer(id, offerId, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/offers/{offerId}/rejection")
	@Operation(summary = "The customer declines an offer",
			description = "Also how a supervisor refuses an offer waiting for approval. The case stays in OFFER.")
	ResponseEntity<CaseView> rejectOffer(@PathVariable UUID id, @PathVariable UUID offerId,
			@Valid @RequestBody CaseInputs.Rejection request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.rejectOffer(id, offerId, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/response")
	@Operation(summary = "Record what was done (RESPOND → FOLLOW_UP)",
			description = "The follow-up is scheduled by policy (followUp.dueAt).")
	ResponseEntity<CaseView> recordResponse(@PathVariable UUID id, @Valid @RequestBody ResponseRecord request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.recordResponse(id, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/follow-ups")
	@Operation(summary = "Record a follow-up (FOLLOW_UP)",
			description = "Satisfied (4–5) → CLOSED/RESOLVED; not satisfied → back to OFFER, escalated; "
					+ "not reached → another attempt, after the last CLOSED/RESOLVED_UNCONFIRMED.")
	ResponseEntity<CaseView> recordFollowUp(@PathVariable UUID id, @Valid @RequestBody FollowUpOutcome request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.recordFollowUp(id, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/notes")
	@Operation(summary = "Add an internal note", description = "Any open step; never shown to the customer.")
	ResponseEntity<CaseView> addNote(@PathVariable UUID id, @Valid @RequestBody CaseInputs.Note request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.addNote(id, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/assignment")
	@Operation(summary = "Assign the case", description = "Any open step; a blank assignee unassigns.")
	ResponseEntity<CaseView> assign(@PathVariable UUID id, @Valid @RequestBody CaseInputs.Assignment request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.assign(id, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/escalation")
	@Operation(summary = "Escalate to a supervisor", description = "Any open step, once.")
	ResponseEntity<CaseView> escalate(@PathVariable UUID id, @Valid @RequestBody CaseInputs.Escalation request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.escalate(id, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/closure")
	@Operation(summary = "Close the case (supervisor)",
			description = "SUPERVISOR or ADMIN; outcome WITHDRAWN or UNRESOLVED. Offers on the table are withdrawn.")
	ResponseEntity<CaseView> close(@PathVariable UUID id, @Valid @RequestBody Closure request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.close(id, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/reopening")
	@Operation(summary = "Reopen a closed case (supervisor)",
			description = "SUPERVISOR or ADMIN; back into OFFER (or the step it was closed from if details were never confirmed).")
	ResponseEntity<CaseView> reopen(@PathVariable UUID id, @Valid @RequestBody CaseInputs.Reopening request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.reopen(id, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/sla-pause")
	@Operation(summary = "Pause the SLA clock",
			description = "While the case waits on the customer; paused time does not count.")
	ResponseEntity<CaseView> pauseSla(@PathVariable UUID id, @Valid @RequestBody CaseInputs.SlaPause request,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.pauseSla(id, request, Versions.expected(ifMatch), actor));
	}

	@PostMapping("/sla-resume")
	@Operation(summary = "Resume the SLA clock", description = "Also happens by itself when the step changes.")
	ResponseEntity<CaseView> resumeSla(@PathVariable UUID id,
			@RequestHeader(name = IF_MATCH, required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		return withEtag(this.cases.resumeSla(id, Versions.expected(ifMatch), actor));
	}

	private static ResponseEntity<CaseView> withEtag(CaseView view) {
		return ResponseEntity.ok().eTag(Versions.etag(view.version())).body(view);
	}

}
