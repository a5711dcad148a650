package io.defuse.shared.scheduling;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The job scheduler's share of the database.
 *
 * @param connections the size of the jobs' own connection pool ({@link JobConnections}),
 * besides the application pool the API requests use
 */
@ConfigurationProperties("defuse.scheduler")
record SchedulerProperties(@DefaultValue("4") int connections) {

	SchedulerProperties {
		if (connections < 1) {
			throw new IllegalArgumentException("defuse.scheduler.connections must be at least 1");
		}
	}

}
