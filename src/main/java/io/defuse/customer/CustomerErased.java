package io.defuse.customer;

import java.time.Instant;
import java.util.UUID;

import io.defuse.shared.Actor;

/**
 * A customer's personal data was erased everywhere (every {@link CustomerErasing}
 * listener has run). Published inside the erasing transaction; it carries ids only.
 *
 * @param customerId the customer
 * @param actor the admin who erased them
 * @param erasedAt when
 */
public record CustomerErased(UUID customerId, Actor actor, Instant erasedAt) {
}
