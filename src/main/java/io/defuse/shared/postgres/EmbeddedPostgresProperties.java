package io.defuse.shared.postgres;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL server started when no datasource is configured.
 *
 * @param enabled whether to start it at all when no {@code spring.datasource.url} is set
 * @param dataDir where the database files live between runs
 * @param port the TCP port on localhost; 0 picks a free one at each start
 * @param durable fsync and synchronous commit on (the default); off only for throw-away
 * data
 * @param ephemeral throw-away mode for tests and trials: a fresh temporary directory
 * instead of {@code dataDir}, not durable, deleted when the application stops
 */
@ConfigurationProperties("defuse.embedded-postgres")
public record EmbeddedPostgresProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("./data/postgres") Path dataDir, @DefaultValue("0") int port,
		@DefaultValue("true") boolean durable, @DefaultValue("false") boolean ephemeral) {
}
