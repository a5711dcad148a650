package io.defuse.webhook.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.shared.Actor;
import io.defuse.shared.web.CursorPage;
import io.defuse.shared.web.Versions;
import io.defuse.webhook.WebhookEndpointService;
import io.defuse.webhook.WebhookViews.DeliveryDetail;
import io.defuse.webhook.WebhookViews.DeliveryView;
import io.defuse.webhook.WebhookViews.EndpointView;
import io.defuse.webhook.WebhookViews.EndpointWithSecret;
import io.defuse.webhook.WebhookViews.Recovery;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Webhooks (outbound)",
		description = "Admin only: where case and customer changes are sent, and how each delivery went")
class WebhookEndpointController {

	private final WebhookEndpointService endpoints;

	WebhookEndpointController(WebhookEndpointService endpoints) {
		this.endpoints = endpoints;
	}

	@PostMapping("/webhook-endpoints")
	@Operation(summary = "Register a webhook endpoint",
			description = "An https URL on a public address. The signing secret (whsec_…) is in this answer only.")
	@ApiResponse(responseCode = "201", description = "Registered; the secret is shown this once")
	ResponseEntity<EndpointWithSecret> create(@RequestBody NewEndpoint request, @AuthenticationPrincipal Actor actor) {
		EndpointWithSecret created = this.endpoints.create(request.url(), request.eventTypes(), request.description(),
				actor);
		return ResponseEntity.created(URI.create("/api/v1/webhook-endpoints/" + created.endpoint().id()))
			.eTag(Versions.etag(created.endpoint().version()))
			.body(created);
	}

	@GetMapping("/webhook-endpoints")
	@Operation(summary = "List webhook endpoints", description = "Newest first; never shows secrets.")
	CursorPage<EndpointView> list(@RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "20") @Min(1) @Max(CursorPage.MAX_LIMIT) int limit) {
		return this.endpoints.list(cursor, limit);
	}

	@GetMapping("/webhook-endpoints/{id}")
	@Operation(summary = "Get a webhook endpoint")
	ResponseEntity<EndpointView> get(@PathVariable UUID id) {
		EndpointView endpoint = this.endpoints.get(id);
		return ResponseEntity.ok().eTag(Versions.etag(endpoint.version())).body(endpoint);
	}

	@PatchMapping("/webhook-endpoints/{id}")
	@Operation(summary = "Change a webhook endpoint",
			description = "Fields left out stay as they are; enabled false disables it, true re-enables it.")
	ResponseEntity<EndpointView> update(@PathVariable UUID id, @RequestBody EndpointChange request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		EndpointView endpoint = this.endpoints.update(id, request.url(), request.eventTypes(), request.description(),
				request.enabled(), Versions.expected(ifMatch), actor);
		return ResponseEntity.ok().eTag(Versions.etag(endpoint.version())).body(endpoint);
	}

	@DeleteMapping("/webhook-endpoints/{id}")
	@Operation(summary = "Delete a webhook endpoint",
			description = "With its delivery log; pending deliveries are dropped.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		this.endpoints.delete(id, actor);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/webhook-endpoints/{id}/secret-rotation")
	@Operation(summary = "Rotate the signing secret",
			description = "Answers the new secret once; deliveries carry signatures with both secrets until "
					+ "previousSecretExpiresAt (24 h by default), so the receiver can switch without losing messages.")
	EndpointWithSecret rotate(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		return this.endpoints.rotateSecret(id, actor);
	}

	@PostMapping("/webhook-endpoints/{id}/test")
	@Operation(summary = "Send a ping", description = "Delivers a ping event to this endpoint now.")
	@ApiResponse(responseCode = "202", description = "Ping queued; follow it under deliveries")
	ResponseEntity<DeliveryView> test(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		return ResponseEntity.accepted().body(this.endpoints.test(id, actor));
	}

	@GetMapping("/webhook-endpoints/{id}/deliveries")
	@Operation(summary = "List an endpoint's deliveries", description = "Newest first, optionally by status.")
	CursorPage<DeliveryView> deliveries(@PathVariable UUID id,
			@Parameter(description = "PENDING, SUCCEEDED or FAILED") @RequestParam(required = false) String status,
			@RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "20") @Min(1) @Max(CursorPage.MAX_LIMIT) int limit) {
		return this.endpoints.deliveries(id, status, cursor, limit);
	}

	@PostMapping("/webhook-endpoints/{id}/recover")
	@Operation(summary = "Re-send failed deliveries",
			description = "Queues again every FAILED delivery of this endpoint created since the given time.")
	@ApiResponse(responseCode = "202", description = "Queued")
	ResponseEntity<Recovery> recover(@PathVariable UUID id,
			@Parameter(description = "ISO-8601 time, e.g. 2026-11-20T00:00:00Z") @RequestParam @DateTimeFormat(
					iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
			@AuthenticationPrincipal Actor actor) {
		return ResponseEntity.accepted().body(this.endpoints.recover(id, since, actor));
	}

	@GetMapping("/webhook-deliveries/{id}")
	@Operation(summary = "Get a delivery with every attempt",
			description = "Each attempt: time, status code, latency, error, and the first 2 kB of the answer.")
	DeliveryDetail delivery(@PathVariable UUID id) {
		return this.endpoints.delivery(id);
	}

	@PostMapping("/webhook-deliveries/{id}/retry")
	@Operation(summary = "Retry a delivery now", description = "With the same webhook-id, and a fresh retry schedule.")
	@ApiResponse(responseCode = "202", description = "Queued")
	ResponseEntity<DeliveryView> retry(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		return ResponseEntity.accepted().body(this.endpoints.retry(id, actor));
	}

	/**
	 * @param url where to POST: https on a public address
	 * @param eventTypes the event types wanted; empty or left out for all
	 * @param description what this endpoint is
	 */
	record NewEndpoint(@NotBlank @Size(max = 2000) @Schema(example = "https://crm.example.com/hooks/defuse") String url,
			@Size(max = 100) @Schema(example = "[\"case.created\", \"case.closed\"]") List<String> eventTypes,
			@Size(max = 500) @Schema(example = "Acme CRM production") String description) {
	}

	/** Every field optional. */
	record EndpointChange(@Size(max = 2000) String url, @Size(max = 100) List<String> eventTypes,
			@Size(max = 500) String description, Boolean enabled) {
	}

}
