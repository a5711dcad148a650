package io.defuse.access;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * An API key as stored: its hash, never the key itself. Once revoked it stays revoked;
 * once expired it stays expired. A rotated key is revoked at a time in the future (the
 * end of its grace period) and works until then.
 */
@Entity
@Table(name = "api_keys")
class ApiKey {

	/**
	 * How stale {@code last_used_at} may get before a request refreshes it (saves a write
	 * per call).
	 */
	static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	@Id
	private UUID id;

	@ManyToOne(fetch = FetchType.EAGER, optional = false)
	@JoinColumn(name = "account_id")
	private Account account;

	@Column(nullable = false, length = 16)
	private String prefix;

	@Column(name = "key_hash", nullable = false, length = 64)
	private String keyHash;

	@Column(length = 200)
	private String description;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", nullable = false, length = 100)
	private String createdBy;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	protected ApiKey() {
	}

	ApiKey(Account account, ApiKeySecret secret, String description, Instant expiresAt, String createdBy, Instant now) {
		this.id = UUID.randomUUID();
		this.account = account;
		this.prefix = secret.prefix();
		this.keyHash = secret.hash();
		this.description = description;
		this.expiresAt = expiresAt;
		this.createdBy = createdBy;
		this.createdAt = now;
	}

	enum Status {

		/** Authenticates requests. */
		ACTIVE,

		/** Past its expiry time. */
		EXPIRED,

		/** Revoked by an admin, or replaced by rotation and past its grace period. */
		REVOKED

	}

	Status status(Instant now) {
		if (this.revokedAt != null && !this.revokedAt.isAfter(now)) {
			return Status.REVOKED;
		}
		if (this.expiresAt != null && !this.expiresAt.isAfter(now)) {
			return Status.EXPIRED;
		}
		return Status.ACTIVE;
	}

	boolean isActive(Instant now) {
		return status(now) == Status.ACTIVE;
	}

	/**
	 * Stops the key at once, also one still in the grace period of a rotation; returns
	 * whether it worked until now.
	 */
	boolean revoke(Instant now) {
		if (this.revokedAt == null || this.revokedAt.isAfter(now)) {
			this.revokedAt = now;
			return true;
		}
		return false;
	}

	/**
	 * Whether the key is to stop working at a set time: revoked, or rotated and in its
	 * grace period.
	 */
	boolean isRetired() {
		return this.revokedAt != null;
	}

	/** Lets the key work until {@code at} (not after {@code now}: at once). */
	void retire(Instant at, Instant now) {
		this.revokedAt = at.isAfter(now) ? at : now;
	}

	UUID id() {
		return this.id;
	}

	Account account() {
		return this.account;
	}

	String prefix() {
		return this.prefix;
	}

	String description() {
		return this.description;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	String createdBy() {
		return this.createdBy;
	}

	Instant expiresAt() {
		return this.expiresAt;
	}

	Instant revokedAt() {
		return this.revokedAt;
	}

	Instant lastUsedAt() {
		return this.lastUsedAt;
	}

}
