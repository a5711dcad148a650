package io.defuse.webhook.inbound;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.defuse.shared.Actor;
import io.defuse.shared.Role;
import io.defuse.webhook.RotatingSecret;

/**
 * A CRM system allowed to send events, with the secret its messages are signed with.
 * After a rotation the previous secret verifies until its expiry, then never again.
 */
@Entity
@Table(name = "integrations")
class Integration {

	/** Prefix of the name its actor carries on everything it changes. */
	static final String ACTOR_PREFIX = "integration:";

	@Id
	private UUID id;

	@Column(nullable = false, unique = true, length = 100)
	private String name;

	@Column(length = NewIntegration.DESCRIPTION_MAX)
	private String description;

	@Embedded
	private RotatingSecret secret;

	@Column(nullable = false)
	private boolean enabled;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	/**
	 * {@code null} until stored: the id is assigned here, so this is how Spring Data
	 * tells a new integration (persist) from a stored one (merge).
	 */
	@Version
	private Long version;

	@jakarta.persistence.Column(name = "team_id", nullable = false)
	private UUID teamId;

	protected Integration() {
	}

	/** A new, enabled integration with a fresh secret. */
	Integration(NewIntegration input, Instant now) {
		this.id = UUID.randomUUID();
		this.name = input.name();
		this.description = input.description();
		this.teamId = input.teamId();
		this.secret = RotatingSecret.fresh();
		this.enabled = true;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/**
	 * Replaces the description and the enabled flag; returns whether anything changed
	 * (only then does {@code updatedAt}, and on flush the version, move on).
	 */
	boolean change(String description, boolean enabled, Instant now) {
		if (Objects.equals(this.description, description) && this.enabled == enabled) {
			return false;
		}
		this.description = description;
		this.enabled = enabled;
		this.updatedAt = now;
		return true;
	}

	/**
	 * Issues a new secret; the current one keeps verifying until
	 * {@code previousValidUntil}. A secret that was still in its grace period from an
	 * earlier rotation stops working at once: only the latest previous secret is kept.
	 */
	void rotateSecret(Instant previousValidUntil, Instant now) {
		this.secret.rotate(previousValidUntil);
		this.updatedAt = now;
	}

	/** The secrets a message received now may be signed with: current first. */
	String[] secretsAt(Instant now) {
		return this.secret.validAt(now);
	}

	/** When the previous secret stops verifying; {@code null} if none verifies now. */
	Instant previousSecretValidUntil(Instant now) {
		return this.secret.previousValidUntil(now);
	}

	/** Who the integration's changes are recorded as. */
	Actor actor() {
		return new Actor(this.id, ACTOR_PREFIX + this.name, Role.INTEGRATION, java.util.Set.of(this.teamId));
	}

	UUID teamId() {
		return this.teamId;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	String description() {
		return this.description;
	}

	String secret() {
		return this.secret.current();
	}

	boolean enabled() {
		return this.enabled;
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
