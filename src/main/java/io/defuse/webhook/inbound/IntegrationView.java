package io.defuse.webhook.inbound;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An integration as admins see it: never its secret.
 *
 * @param id the integration's id
 * @param name its unique name
 * @param description what it is
 * @param enabled whether its messages are accepted (a disabled integration's URL answers
 * 404)
 * @param inboundUrl where the CRM sends its events, relative to Defuse's base URL
 * @param previousSecretValidUntil after a secret rotation: until when the previous secret
 * still verifies; {@code null} when only the current secret does
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version increases with every change; the ETag, to send back as {@code If-Match}
 */
public record IntegrationView(@Schema(example = "5d0c8f5e-8d0a-4c8e-9a51-3f2b7c1d9e42") UUID id,
		@Schema(example = "salesforce-eu") String name,
		@Schema(example = "Complaints logged by the EU call centre in Salesforce") String description,
		@Schema(example = "true") boolean enabled, UUID teamId,
		@Schema(example = "/api/v1/inbound/5d0c8f5e-8d0a-4c8e-9a51-3f2b7c1d9e42") String inboundUrl,
		@Schema(example = "2026-11-24T10:15:30Z") Instant previousSecretValidUntil,
		@Schema(example = "2026-11-23T10:15:30Z") Instant createdAt,
		@Schema(example = "2026-11-23T10:15:30Z") Instant updatedAt, @Schema(example = "0") long version) {

	/** The receiver's path for an integration. */
	public static String inboundUrl(UUID id) {
		return "/api/v1/inbound/" + id;
	}

	static IntegrationView of(Integration integration, Instant now) {
		return new IntegrationView(integration.id(), integration.name(), integration.description(),
				integration.enabled(), integration.teamId(), inboundUrl(integration.id()),
				integration.previousSecretValidUntil(now), integration.createdAt(), integration.updatedAt(),
				integration.version());
	}

}
