package io.defuse.shared;

import org.hibernate.Interceptor;
import org.hibernate.cfg.AvailableSettings;

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

}
