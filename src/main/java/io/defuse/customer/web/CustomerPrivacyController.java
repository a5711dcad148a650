package io.defuse.customer.web;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.customer.CustomerPrivacyService;
import io.defuse.customer.CustomerView;
import io.defuse.customer.LegalHoldRequest;
import io.defuse.shared.Actor;
import io.defuse.shared.web.Versions;

@RestController
@RequestMapping("/api/v1/customers/{id}")
@Tag(name = "Privacy", description = "A customer's data under GDPR: export, erasure, legal holds (admins only)")
@ApiResponse(responseCode = "412",
		description = "`If-Match` is not the current version (`stale-version`); nothing changed",
		content = @Content(mediaType = "application/problem+json",
				schema = @Schema(ref = "#/components/schemas/Problem")))
class CustomerPrivacyController {

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM_REF = "#/components/schemas/Problem";

	private final CustomerPrivacyService privacy;

	CustomerPrivacyController(CustomerPrivacyService privacy) {
		this.privacy = privacy;
	}

	@PostMapping("/erasure")
	@Operation(operationId = "eraseCustomer", summary = "Erase a customer's personal data (GDPR art. 17)",
			description = "Anonymises the customer everywhere in one transaction: the profile; statement texts and "
					+ "the evidence quoted in their analysis; case subjects, descriptions, order references, "
					+ "attachments; notes, offer descriptions, rejection reasons, response notes and references, "
					+ "follow-up comments; free text in the timeline; pending and retained webhook payloads; "
					+ "remembered Idempotency-Key answers. Keeps the statistics: category, product, severity, "
					+ "channel, step, outcome, satisfaction, tension, offer types and amounts, timestamps. Sends "
					+ "`customer.erased` (ids only). Erasing an erased customer again answers 200 and changes "
					+ "nothing.")
	@ApiResponse(responseCode = "200", description = "Erased (now or before); `erasedAt` says when")
	@ApiResponse(responseCode = "409",
			description = "A legal hold keeps the data (`legal-hold`, with the hold); lift it first",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	ResponseEntity<CustomerView> erase(@PathVariable UUID id,
			@Parameter(description = "the ETag last read; omit to erase whatever is current") @RequestHeader(
					name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@AuthenticationPrincipal Actor actor) {
		return withEtag(this.privacy.erase(id, Versions.expected(ifMatch), actor));
	}

	@PutMapping("/legal-hold")
	@Operation(operationId = "placeLegalHold", summary = "Set a legal hold",
			description = "While the hold lasts the customer's data must be kept: erasure is refused (409 "
					+ "`legal-hold`). Setting it again replaces the reason and keeps `since`. The reason is shown "
					+ "with the customer: write a matter or file reference, not the customer's details.")
	@ApiResponse(responseCode = "200", description = "The customer with the hold")
	@ApiResponse(responseCode = "409", description = "The customer was erased (`customer-erased`)",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	ResponseEntity<CustomerView> placeLegalHold(@PathVariable UUID id, @RequestBody LegalHoldRequest request,
			@Parameter(description = "the ETag last read") @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@AuthenticationPrincipal Actor actor) {
		return withEtag(this.privacy.placeLegalHold(id, request, Versions.expected(ifMatch), actor));
	}

	@DeleteMapping("/legal-hold")
	@Operation(operationId = "liftLegalHold", summary = "Lift the legal hold",
			description = "The customer's data may be erased again. Without a hold, nothing changes.")
	@ApiResponse(responseCode = "200", description = "The customer without a hold")
	ResponseEntity<CustomerView> liftLegalHold(@PathVariable UUID id,
			@Parameter(description = "the ETag last read") @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@AuthenticationPrincipal Actor actor) {
		return withEtag(this.privacy.liftLegalHold(id, Versions.expected(ifMatch), actor));
	}

	private static ResponseEntity<CustomerView> withEtag(CustomerView customer) {
		return ResponseEntity.ok().eTag(Versions.etag(customer.version())).body(customer);
	}

}
