package io.defuse.webhook.inbound;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import io.defuse.shared.web.ShownOnce;

/**
 * An integration just created or given a new secret: the only time the secret is shown.
 *
 * @param id the integration's id
 * @param name its unique name
 * @param description what it is
 * @param enabled whether its messages are accepted
 * @param inboundUrl where the CRM sends its events, relative to Defuse's base URL
 * @param secret the Standard Webhooks secret the CRM signs with; store it now, it cannot
 * be shown again
 * @param previousSecretValidUntil after a rotation: until when the previous secret still
 * verifies
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version the ETag, to send back as {@code If-Match}
 */
public record IntegrationWithSecret(@Schema(example = "5d0c8f5e-8d0a-4c8e-9a51-3f2b7c1d9e42") UUID id,
		@Schema(example = "salesforce-eu") String name,
		@Schema(example = "Complaints logged by the EU call centre in Salesforce") String description,
		@Schema(example = "true") boolean enabled, UUID teamId,
		@Schema(example = "/api/v1/inbound/5d0c8f5e-8d0a-4c8e-9a51-3f2b7c1d9e42") String inboundUrl,
		@Schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") String secret,
		@Schema(example = "2026-11-24T10:15:30Z") Instant previousSecretValidUntil,
		@Schema(example = "2026-11-23T10:15:30Z") Instant createdAt,
		@Schema(example = "2026-11-23T10:15:30Z") Instant updatedAt,
		@Schema(example = "0") long version) implements ShownOnce {

	static IntegrationWithSecret of(Integration integration, Instant now) {
		return new IntegrationWithSecret(integration.id(), integration.name(), integration.description(),
				integration.enabled(), integration.teamId(), IntegrationView.inboundUrl(integration.id()),
				integration.secret(), integration.previousSecretValidUntil(now), integration.createdAt(),
				integration.updatedAt(), integration.version());
	}

}
