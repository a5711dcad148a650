package io.defuse.shared.scheduling;

import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the job scheduler on {@link JobConnections}, its own connection pool.
 */
@Configuration(proxyBeanMethods = false)
class JobSchedulingConfiguration {

	@Bean(destroyMethod = "close")
	JobConnections jobConnections(DataSource dataSource, SchedulerProperties properties,
			ObjectProvider<MeterRegistry> meters) throws SQLException {
		return new JobConnections(dataSource.unwrap(HikariDataSource.class), properties.connections(),
				meters.getIfAvailable());
	}

	@Bean
	DbSchedulerCustomizer jobsOnTheirOwnConnections(JobConnections connections) {
		return new DbSchedulerCustomizer() {

			@Override
			public Optional<DataSource> dataSource() {
				return Optional.of(connections.dataSource());
			}

		};
	}

}
