package io.defuse.webhook.inbound.web;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
import io.defuse.webhook.inbound.IntegrationService;
import io.defuse.webhook.inbound.IntegrationView;
import io.defuse.webhook.inbound.IntegrationWithSecret;
import io.defuse.webhook.inbound.NewIntegration;

@RestController
@RequestMapping("/api/v1/integrations")
@Tag(name = "Integrations",
		description = "Admin only: CRM systems that send events to Defuse, each signing with its own secret")
class IntegrationController {

	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM_REF = "#/components/schemas/Problem";

	private final IntegrationService integrations;

	IntegrationController(IntegrationService integrations) {
		this.integrations = integrations;
	}

	@PostMapping
	@Operation(operationId = "createIntegration", summary = "Create an integration",
			description = "Registers a CRM system that will send events. The answer carries the integration's "
					+ "`secret` (Standard Webhooks, `whsec_…`), shown this once: configure it in the CRM together "
					+ "with the `inboundUrl`. The integration is enabled at once.")
	@ApiResponse(responseCode = "201", description = "Created; the secret is in the body, this once")
	@ApiResponse(responseCode = "409", description = "The name is taken (`integration-name-taken`)",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	ResponseEntity<IntegrationWithSecret> create(@RequestBody NewIntegration input,
			@AuthenticationPrincipal Actor actor) {
		IntegrationWithSecret created = this.integrations.create(input, actor);
		return ResponseEntity.created(URI.create("/api/v1/integrations/" + created.id()))
			.eTag(Versions.etag(created.version()))
			.body(created);
	}

	@GetMapping
	@Operation(operationId = "listIntegrations", summary = "List integrations",
			description = "Newest first, keyset-paginated; never shows secrets.")
	CursorPage<IntegrationView> list(
			@Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
			@Parameter(description = "page size, 1 to 100") @RequestParam(
					defaultValue = "20") @Min(1) @Max(CursorPage.MAX_LIMIT) int limit) {
		return this.integrations.list(cursor, limit);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getIntegration", summary = "Get an integration",
			description = "Never shows the secret. The `ETag` is the version: send it as `If-Match` when changing "
					+ "the integration.")
	ResponseEntity<IntegrationView> get(@PathVariable UUID id) {
		IntegrationView integration = this.integrations.get(id);
		return ResponseEntity.ok().eTag(Versions.etag(integration.version())).body(integration);
	}

	@PatchMapping(path = "/{id}", consumes = { MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE })
	@Operation(operationId = "changeIntegration", summary = "Change an integration",
			description = "A JSON merge patch of `description` (`null` clears it) and `enabled`; fields left out "
					+ "stay. A disabled integration's messages are answered 404 until it is enabled again. Send "
					+ "the `ETag` you read as `If-Match`: if the integration changed since, nothing changes (412).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
			@Content(mediaType = MERGE_PATCH_JSON, schema = @Schema(implementation = IntegrationMergePatch.class)),
			@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = IntegrationMergePatch.class)) })
	@ApiResponse(responseCode = "200", description = "Changed (or already so); the body and `ETag` are current")
	@ApiResponse(responseCode = "412",
			description = "`If-Match` is not the current version (`stale-version`, with `currentVersion`); "
					+ "nothing changed",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	ResponseEntity<IntegrationView> update(@PathVariable UUID id, @RequestBody JsonNode patch,
			@Parameter(
					description = "the ETag last read, e.g. \"3\"; omit to change whatever is current") @RequestHeader(
							name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@AuthenticationPrincipal Actor actor) {
		IntegrationView updated = this.integrations.update(id, patch, Versions.expected(ifMatch), actor);
		return ResponseEntity.ok().eTag(Versions.etag(updated.version())).body(updated);
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "deleteIntegration", summary = "Delete an integration",
			description = "Its URL stops accepting messages at once and its record of received message ids is "
					+ "dropped. Cases and customers it created stay.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		this.integrations.delete(id, actor);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/secret-rotation")
	@Operation(operationId = "rotateIntegrationSecret", summary = "Rotate an integration's secret",
			description = "Issues a new secret, shown in this answer only. The previous secret keeps verifying "
					+ "until `previousSecretValidUntil` (24 hours by default), so the CRM can switch without "
					+ "losing messages; a secret from an earlier rotation stops working at once.")
	@ApiResponse(responseCode = "200", description = "The new secret is in the body, this once")
	ResponseEntity<IntegrationWithSecret> rotateSecret(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		IntegrationWithSecret rotated = this.integrations.rotateSecret(id, actor);
		return ResponseEntity.ok().eTag(Versions.etag(rotated.version())).body(rotated);
	}

	/**
	 * The fields a merge patch may carry (for the OpenAPI document).
	 *
	 * @param description what the integration is; {@code null} clears it
	 * @param enabled whether its messages are accepted
	 */
	record IntegrationMergePatch(
			@Schema(example = "Complaints from the EU call centre (Salesforce)", maxLength = 500) String description,
			@Schema(example = "false") Boolean enabled) {
	}

}
