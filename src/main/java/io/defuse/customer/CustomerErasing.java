package io.defuse.customer;

import java.time.Instant;
import java.util.UUID;

import io.defuse.shared.Actor;

/**
 * A customer's personal data is being erased (GDPR art. 17). Published inside the erasing
 * transaction, after the legal-hold check and before the customer's own record is
 * anonymised; every module that keeps personal data about the customer listens with a
 * plain {@code @EventListener} and anonymises its own tables in that same transaction, so
 * the erasure happens everywhere or nowhere.
 *
 * @param customerId the customer
 * @param actor the admin erasing
 * @param at when
 */
public record CustomerErasing(UUID customerId, Actor actor, Instant at) {
}
