package io.defuse.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A CRM's receiving URL with the events it wants and the secret its deliveries are signed
 * with.
 */
@Entity
@Table(name = "webhook_endpoints")
class WebhookEndpoint {

	@Id
	private UUID id;

	@Column(nullable = false, length = 2000)
	private String url;

	@Column(length = 500)
	private String description;

	/** Null: every event type. */
	@Column(name = "event_types", columnDefinition = "text[]")
	private String[] eventTypes;

	@Column(nullable = false)
	private boolean enabled;

	@Column(name = "disabled_reason", length = 200)
	private String disabledReason;

	@Column(name = "disabled_at")
	private Instant disabledAt;

	@Column(name = "failing_since")
	private Instant failingSince;

	@Embedded
	private RotatingSecret secret;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Version
	private Long version;

	protected WebhookEndpoint() {
	}

	WebhookEndpoint(String url, List<String> eventTypes, String description, Instant now) {
		this.id = UUID.randomUUID();
		this.url = url;
		this.eventTypes = toArray(eventTypes);
		this.description = description;
		this.enabled = true;
		this.secret = RotatingSecret.fresh();
		this.createdAt = now;
		this.updatedAt = now;
	}

	void change(String url, List<String> eventTypes, String description, Boolean enabled, Instant now) {
		if (url != null) {
			this.url = url;
		}
		if (eventTypes != null) {
			this.eventTypes = toArray(eventTypes);
		}
		if (description != null) {
			this.description = description;
		}
		if (Boolean.TRUE.equals(enabled) && !this.enabled) {
			this.enabled = true;
			this.disabledReason = null;
			this.disabledAt = null;
			this.failingSince = null;
		}
		else if (Boolean.FALSE.equals(enabled) && this.enabled) {
			disable("disabled by an admin", now);
		}
		this.updatedAt = now;
	}

	void disable(String reason, Instant now) {
		this.enabled = false;
		this.disabledReason = reason;
		this.disabledAt = now;
		this.updatedAt = now;
	}

	/**
	 * A new secret; the old one keeps signing alongside it until the grace period ends.
	 */
	String rotateSecret(Duration grace, Instant now) {
		this.secret.rotate(now.plus(grace));
		this.updatedAt = now;
		return this.secret.current();
	}

	private static String[] toArray(List<String> eventTypes) {
		return (eventTypes == null || eventTypes.isEmpty()) ? null
				: eventTypes.stream().distinct().toArray(String[]::new);
	}

	UUID id() {
		return this.id;
	}

	String url() {
		return this.url;
	}

	String description() {
		return this.description;
	}

	List<String> eventTypes() {
		return (this.eventTypes != null) ? List.of(this.eventTypes) : List.of();
	}

	boolean enabled() {
		return this.enabled;
	}

	String disabledReason() {
		return this.disabledReason;
	}

	Instant disabledAt() {
		return this.disabledAt;
	}

	Instant failingSince() {
		return this.failingSince;
	}

	String secret() {
		return this.secret.current();
	}

	Instant previousSecretExpiresAt(Instant now) {
		return this.secret.previousValidUntil(now);
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	long version() {
		return (this.version != null) ? this.version : 0;
	}

}
