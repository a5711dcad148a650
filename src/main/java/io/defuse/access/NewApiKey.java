package io.defuse.access;

import java.time.Instant;
import java.util.UUID;

import io.defuse.shared.Role;
import io.defuse.shared.web.ShownOnce;

/**
 * A key just created: the only time its clear text is ever shown.
 *
 * @param id the key's id
 * @param key the key to send as {@code X-API-Key}; store it now, it cannot be shown again
 * @param prefix the first characters of the key, as lists show it
 * @param principal the principal it authenticates
 * @param role the principal's role
 * @param description what the key is for
 * @param createdAt when it was created
 * @param expiresAt when it stops working, if ever
 */
public record NewApiKey(UUID id, String key, String prefix, String principal, Role role, String description,
		Instant createdAt, Instant expiresAt) implements ShownOnce {
}
