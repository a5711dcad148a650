package io.defuse.access;

import java.time.Instant;
import java.util.UUID;

import io.defuse.shared.Role;
import io.defuse.shared.web.ShownOnce;

/**
 * The key that replaces a rotated one: the only time its clear text is ever shown.
 *
 * @param id the new key's id
 * @param key the new key to send as {@code X-API-Key}; store it now, it cannot be shown
 * again
 * @param prefix the first characters of the new key, as lists show it
 * @param principal the principal it authenticates, the same as the old key's
 * @param role the principal's role
 * @param description what the key is for, taken over from the old key
 * @param createdAt when it was created
 * @param expiresAt when it stops working: as long after its creation as the old key's
 * lifetime was, or never if the old key never expired
 * @param replacedKeyId the rotated key
 * @param replacedKeyRevokedAt when the rotated key stops working: now, or at the end of
 * the grace period
 */
public record RotatedApiKey(UUID id, String key, String prefix, String principal, Role role, String description,
		Instant createdAt, Instant expiresAt, UUID replacedKeyId, Instant replacedKeyRevokedAt) implements ShownOnce {
}
