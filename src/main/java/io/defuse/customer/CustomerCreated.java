package io.defuse.customer;

import io.defuse.shared.Actor;

/**
 * A customer was recorded. Published inside the creating transaction; listeners that must
 * only see committed customers use {@code @TransactionalEventListener}.
 *
 * @param customer the customer as created
 * @param actor who recorded them
 */
public record CustomerCreated(CustomerView customer, Actor actor) {
}
