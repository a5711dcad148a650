package io.defuse.webhook;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * A {@code whsec_} signing secret that can be rotated without losing messages: after a
 * rotation the previous secret stays valid until its expiry, then never again. Only the
 * latest previous secret is kept, so rotating twice within a grace period ends the oldest
 * one at once. Used by outbound endpoints (to sign) and inbound integrations (to verify).
 */
@Embeddable
public class RotatingSecret {

	@Column(name = "secret", nullable = false, length = 100)
	private String current;

	@Column(name = "previous_secret", length = 100)
	private String previous;

	@Column(name = "previous_secret_expires_at")
	private Instant previousExpiresAt;

	protected RotatingSecret() {
	}

	public static RotatingSecret fresh() {
		RotatingSecret secret = new RotatingSecret();
		secret.current = WebhookSignature.newSecret();
		return secret;
	}

	/**
	 * Issues a new secret; the current one stays valid until {@code previousValidUntil}.
	 */
	public void rotate(Instant previousValidUntil) {
		this.previous = this.current;
		this.previousExpiresAt = previousValidUntil;
		this.current = WebhookSignature.newSecret();
	}

	public String current() {
		return this.current;
	}

	/** The secrets valid now, current first. */
	public String[] validAt(Instant now) {
		return (previousValidAt(now)) ? new String[] { this.current, this.previous } : new String[] { this.current };
	}

	/** When the previous secret stops being valid; {@code null} if none is valid now. */
	public Instant previousValidUntil(Instant now) {
		return previousValidAt(now) ? this.previousExpiresAt : null;
	}

	private boolean previousValidAt(Instant now) {
		return this.previous != null && this.previousExpiresAt != null && this.previousExpiresAt.isAfter(now);
	}

}
