package io.defuse.access;

import java.time.Instant;
import java.util.UUID;

import io.defuse.shared.Role;

/**
 * An API key as admins see it: never the key itself, only its first characters.
 *
 * @param id the key's id
 * @param prefix the first characters of the key, enough to recognise it
 * @param principal the name of the principal it authenticates
 * @param role the principal's role
 * @param description what the key is for
 * @param status ACTIVE, EXPIRED or REVOKED
 * @param createdAt when it was created
 * @param createdBy who created it
 * @param expiresAt when it stops working, if ever
 * @param revokedAt when it was revoked, if it was
 * @param lastUsedAt when it last authenticated a request (to the minute)
 */
public record ApiKeyView(UUID id, String prefix, String principal, Role role, String description, String status,
		Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

	static ApiKeyView of(ApiKey key, Instant now) {
		return new ApiKeyView(key.id(), key.prefix(), key.account().name(), key.account().role(), key.description(),
				key.status(now).name(), key.createdAt(), key.createdBy(), key.expiresAt(), key.revokedAt(),
				key.lastUsedAt());
	}

}
