package io.defuse.customer;

import io.defuse.shared.Actor;

/**
 * A customer's details changed (a request that changes nothing publishes nothing).
 * Published inside the changing transaction; listeners that must only see committed
 * changes use {@code @TransactionalEventListener}.
 *
 * @param customer the customer after the change, with the new version
 * @param actor who changed them
 */
public record CustomerUpdated(CustomerView customer, Actor actor) {
}
