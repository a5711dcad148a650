package io.defuse.shared;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose id is assigned when it is made, in Java. Without help, neither Spring
 * Data's {@code save} nor Hibernate's merge cascade can tell such a new entity from a
 * stored one, and each looks it up first: one wasted query per row. This one knows: it is
 * new until it has been stored or loaded. {@link PersistenceConfiguration} tells
 * Hibernate.
 *
 * @param <I> the type of the id
 */
@MappedSuperclass
public abstract class AssignedIdEntity<I> implements Persistable<I> {

	@Transient
	private boolean stored;

	@PostLoad
	@PostPersist
	void markStored() {
		this.stored = true;
	}

	@Override
	public boolean isNew() {
		return !this.stored;
	}

}
