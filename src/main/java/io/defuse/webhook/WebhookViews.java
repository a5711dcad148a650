package io.defuse.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import io.defuse.shared.web.ShownOnce;

/**
 * What admins see of endpoints and deliveries. Secrets appear only in the answers that
 * create them.
 */
public final class WebhookViews {

	private WebhookViews() {
	}

	/**
	 * @param eventTypes the subscribed event types; empty means all
	 * @param failingSince when the current run of failed attempts began, if one is
	 * running
	 * @param previousSecretExpiresAt until when the previous secret also signs, after a
	 * rotation
	 */
	public record EndpointView(UUID id, String url, String description, List<String> eventTypes, boolean enabled,
			String disabledReason, Instant disabledAt, Instant failingSince, Instant previousSecretExpiresAt,
			Instant createdAt, Instant updatedAt, long version) {

		static EndpointView of(WebhookEndpoint e, Instant now) {
			return new EndpointView(e.id(), e.url(), e.description(), e.eventTypes(), e.enabled(), e.disabledReason(),
					e.disabledAt(), e.failingSince(), e.previousSecretExpiresAt(now), e.createdAt(), e.updatedAt(),
					e.version());
		}

	}

	/**
	 * @param secret the signing secret ({@code whsec_…}); shown only in this answer
	 */
	public record EndpointWithSecret(EndpointView endpoint, String secret) implements ShownOnce {
	}

	public record DeliveryView(UUID id, String messageId, UUID endpointId, String eventType, String status,
			int attempts, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatusCode, String lastError,
			Instant createdAt, Instant completedAt) {
	}

	/** A delivery with every attempt made. */
	public record DeliveryDetail(DeliveryView delivery, List<AttemptView> attempts) {
	}

	/**
	 * @param responseExcerpt the first 2 kB of the receiver's answer
	 */
	public record AttemptView(int attempt, Instant attemptedAt, Integer statusCode, int latencyMs, String error,
			String responseExcerpt) {
	}

	/**
	 * @param requeued how many failed deliveries were queued again
	 */
	public record Recovery(int requeued) {
	}

}
