package io.defuse.webhook.inbound.web;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.webhook.WebhookSignature;
import io.defuse.webhook.inbound.InboundReceiver;
import io.defuse.webhook.inbound.Receipt;
import io.defuse.webhook.inbound.SignedMessage;

@RestController
@RequestMapping("/api/v1/inbound")
@Tag(name = "Inbound webhooks",
		description = "Where CRM systems send events, signed the Standard Webhooks way; no API key")
class InboundController {

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM_REF = "#/components/schemas/Problem";

	private static final String COMPLAINT_EXAMPLE = """
			{"type": "complaint.created", "timestamp": "2026-11-23T10:15:30Z",
			 "data": {"customer": {"externalRef": "CRM-448120", "displayName": "Jana Nováková",
			                       "email": "jana.novakova@example.cz", "language": "cs"},
			          "channel": "PHONE", "subject": "Kettle stopped heating after three weeks",
			          "severity": "HIGH", "statement": "It already stopped working. I'm really annoyed."}}""";

	private static final String CUSTOMER_EXAMPLE = """
			{"type": "customer.updated", "timestamp": "2026-11-23T10:20:00Z",
			 "data": {"externalRef": "CRM-448120", "preferredName": "Jana", "phone": "+420 601 123 456"}}""";

	private final InboundReceiver receiver;

	InboundController(InboundReceiver receiver) {
		this.receiver = receiver;
	}

	@PostMapping(path = "/{integrationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@SecurityRequirements
	@Operation(operationId = "receiveInboundEvent", summary = "Receive an event from a CRM",
			description = "Authenticated by its Standard Webhooks signature, not by an API key: HMAC-SHA256 over "
					+ "`{webhook-id}.{webhook-timestamp}.{body}` with the integration's secret (or, for 24 hours "
					+ "after a rotation, its previous one). `webhook-timestamp` must be within 5 minutes of the "
					+ "server's time. Types: `complaint.created` opens a case, creating or updating the customer by "
					+ "`externalRef`; `customer.updated` changes the fields given (or records a new customer, then "
					+ "`displayName` is required). A `webhook-id` already applied is answered 200 `duplicate` with "
					+ "what it made the first time and is not applied again; a message refused with 400 is not "
					+ "remembered, so it can be corrected and resent under the same id. Unknown fields are refused.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = InboundPayload.class),
					examples = { @ExampleObject(name = "complaint.created", value = COMPLAINT_EXAMPLE),
							@ExampleObject(name = "customer.updated", value = CUSTOMER_EXAMPLE) }))
	@ApiResponse(responseCode = "202",
			description = "Accepted and applied: `status` `accepted`, with the `caseId` "
					+ "opened and/or the `customerId` created or changed")
	@ApiResponse(responseCode = "200",
			description = "This `webhook-id` was applied before: `status` `duplicate` with the ids it made then; "
					+ "nothing was done again")
	@ApiResponse(responseCode = "400",
			description = "Malformed JSON (`malformed-json`), an unknown `type` or invalid data "
					+ "(`validation-failed`, with `errors` such as `data.customer.email`); nothing was recorded",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	@ApiResponse(responseCode = "401",
			description = "Missing headers or no matching signature (`invalid-signature`), or a "
					+ "`webhook-timestamp` more than 5 minutes away (`stale-timestamp`)",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	@ApiResponse(responseCode = "404", description = "No such integration, or it is disabled (`not-found`)",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	ResponseEntity<Receipt> receive(@PathVariable UUID integrationId,
			@Parameter(in = ParameterIn.HEADER, required = true,
					description = "the message's id, the same on every retry (at most 255 characters)",
					example = "msg_2b7c1d9e42") @RequestHeader(name = WebhookSignature.ID_HEADER,
							required = false) String messageId,
			@Parameter(in = ParameterIn.HEADER, required = true,
					description = "Unix seconds when this attempt was signed", example = "1795601730") @RequestHeader(
							name = WebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
			@Parameter(in = ParameterIn.HEADER, required = true,
					description = "one or more space-separated `v1,<base64 HMAC-SHA256>`",
					example = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=") @RequestHeader(
							name = WebhookSignature.SIGNATURE_HEADER, required = false) String signature,
			@RequestBody(required = false) byte[] body) {
		Receipt receipt = this.receiver.receive(integrationId,
				new SignedMessage(messageId, timestamp, signature, body));
		return ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(receipt);
	}

	/**
	 * A Standard Webhooks payload (for the OpenAPI document; the body is read as signed).
	 *
	 * @param type {@code complaint.created} or {@code customer.updated}
	 * @param timestamp when the event happened, ISO-8601 (informational)
	 * @param data the event's fields
	 */
	record InboundPayload(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {
			"complaint.created", "customer.updated" }) String type,
			@Schema(example = "2026-11-23T10:15:30Z", format = "date-time") String timestamp,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
					description = "complaint.created: {customer: {externalRef, displayName, preferredName?, email?, "
							+ "phone?, language?}, channel, subject, severity?, statement}; customer.updated: "
							+ "{externalRef, displayName?, preferredName?, email?, phone?, language?}") Object data){
	}

}
