package io.defuse.shared;

import org.hibernate.CustomEntityDirtinessStrategy;
import org.hibernate.Interceptor;
import org.hibernate.Session;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.persister.entity.EntityPersister;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hibernate settings that are code rather than configuration. */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

	/**
	 * Lets Hibernate ask an {@link AssignedIdEntity} whether it is new, instead of
	 * selecting it by id before inserting it.
	 */
	@Bean
	HibernatePropertiesCustomizer assignedIdEntities() {
		Interceptor interceptor = new Interceptor() {
			@Override
			public Boolean isTransient(Object entity) {
				return (entity instanceof AssignedIdEntity<?> assigned) ? assigned.isNew() : null;
			}
		};
		return (properties) -> properties.put(AvailableSettings.INTERCEPTOR, interceptor);
	}

	/** Tells Hibernate that an {@link UpdatedByHand} entity is never dirty. */
	@Bean
	HibernatePropertiesCustomizer entitiesUpdatedByHand() {
		CustomEntityDirtinessStrategy neverDirty = new CustomEntityDirtinessStrategy() {

			@Override
			public boolean canDirtyCheck(Object entity, EntityPersister persister, Session session) {
				return entity instanceof UpdatedByHand;
			}

			@Override
			public boolean isDirty(Object entity, EntityPersister persister, Session session) {
				return false;
			}

			@Override
			public void resetDirty(Object entity, EntityPersister persister, Session session) {
			}

			@Override
			public void findDirty(Object entity, EntityPersister persister, Session session,
					DirtyCheckContext dirtyCheckContext) {
			}

		};
		return (properties) -> properties.put(AvailableSettings.CUSTOM_ENTITY_DIRTINESS_STRATEGY, neverDirty);
	}

}
