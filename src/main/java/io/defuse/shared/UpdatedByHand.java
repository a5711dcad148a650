package io.defuse.shared;

/**
 * An entity whose changes its repository writes with a statement of its own: Hibernate
 * inserts it and loads it, but treats a loaded one as never dirty, so its flush neither
 * compares it with a copy taken at load nor writes it. A change that its repository does
 * not store is lost: the entity's own module keeps every change to it on the path that
 * stores it. {@link PersistenceConfiguration} tells Hibernate.
 */
public interface UpdatedByHand {

}
