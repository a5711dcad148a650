package io.defuse.access.web;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.access.ApiKeyService;
import io.defuse.access.ApiKeyView;
import io.defuse.access.NewApiKey;
import io.defuse.access.RotatedApiKey;
import io.defuse.shared.Actor;
import io.defuse.shared.Role;
import io.defuse.shared.web.CursorPage;

@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Admin only: keys that authenticate agents, supervisors, admins and integrations")
class ApiKeyController {

	private final ApiKeyService keys;

	ApiKeyController(ApiKeyService keys) {
		this.keys = keys;
	}

	@PostMapping
	@Operation(summary = "Create an API key",
			description = "Creates a key for the named principal (created on first use with the given role). "
					+ "The key is in the response once and can never be shown again.")
	@ApiResponse(responseCode = "201", description = "Created; the key is in the body, this once")
	ResponseEntity<NewApiKey> create(@Valid @RequestBody CreateApiKeyRequest request,
			@AuthenticationPrincipal Actor actor) {
		NewApiKey created = this.keys.create(request.principal(), request.role(), request.description(),
				request.expiresAt(), actor);
		return ResponseEntity.created(URI.create("/api/v1/api-keys/" + created.id()))
			.cacheControl(CacheControl.noStore())
			.body(created);
	}

	@GetMapping
	@Operation(summary = "List API keys", description = "Oldest first; shows each key's prefix, never the key.")
	CursorPage<ApiKeyView> list(
			@Parameter(description = "only keys of this principal") @RequestParam(required = false) @Size(
					max = 100) String principal,
			@Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
			@Parameter(description = "page size, 1 to 100") @RequestParam(
					defaultValue = "20") @Min(1) @Max(CursorPage.MAX_LIMIT) int limit) {
		return this.keys.list(principal, cursor, limit);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get an API key")
	ApiKeyView get(@PathVariable UUID id) {
		return this.keys.get(id);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke an API key",
			description = "The key stops working at once and stays listed as REVOKED; this also ends the grace "
					+ "period of a rotated key. The last active admin key cannot be revoked (409).")
	ApiKeyView revoke(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		return this.keys.revoke(id, actor);
	}

	@PostMapping("/{id}/rotation")
	@Operation(summary = "Rotate an API key",
			description = "Creates a new key for the same principal, role and description, with a lifetime as long "
					+ "as the old key's, and revokes the old key: at once, or after graceMinutes (at most 1440) "
					+ "during which both work. The new key is in the response once and can never be shown again.")
	@ApiResponse(responseCode = "201", description = "Rotated; the new key is in the body, this once")
	@ApiResponse(responseCode = "409", description = "The key is revoked, expired or already rotated (key-not-active)")
	ResponseEntity<RotatedApiKey> rotate(@PathVariable UUID id,
			@Valid @RequestBody(required = false) RotationRequest request, @AuthenticationPrincipal Actor actor) {
		Integer graceMinutes = (request != null) ? request.graceMinutes() : null;
		RotatedApiKey rotated = this.keys.rotate(id,
				(graceMinutes != null) ? Duration.ofMinutes(graceMinutes) : Duration.ZERO, actor);
		return ResponseEntity.created(URI.create("/api/v1/api-keys/" + rotated.id()))
			.cacheControl(CacheControl.noStore())
			.body(rotated);
	}

	/**
	 * @param graceMinutes how long the old key keeps working next to the new one; omit or
	 * 0 to stop it at once
	 */
	record RotationRequest(
			@Min(0) @Max(ApiKeyService.MAX_ROTATION_GRACE_MINUTES) @Schema(example = "60") Integer graceMinutes) {
	}

	/**
	 * @param principal who the key authenticates: a person's or an integration's unique
	 * name
	 * @param role the principal's role; must match the role of an existing principal
	 * @param description what the key is for
	 * @param expiresAt when the key stops working; omit for no expiry
	 */
	record CreateApiKeyRequest(@NotBlank @Size(max = 100) @Pattern(regexp = "[\\p{L}\\p{N}._@-]+",
			message = "may contain letters, digits and . _ @ - only") @Schema(example = "alice") String principal,
			@NotNull @Schema(example = "AGENT") Role role,
			@Size(max = 200) @Schema(example = "Alice's key for the support desk") String description,
			@Schema(example = "2027-06-30T00:00:00Z") Instant expiresAt) {
	}

}
