package io.defuse.shared.scheduling;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database connections of background jobs, in a small pool of their own: the job
 * scheduler's bookkeeping (polling, heartbeats, completing a job) and the work of the
 * jobs that run by the thousand (webhook deliveries). A backlog of deliveries then waits
 * for these connections and never for the ones API requests take, so a burst of events
 * cannot starve the requests that caused it. Anything written in a request's transaction
 * (a delivery scheduled with the change, say) still uses the request's connection.
 * <p>
 * The pool copies the application pool's settings (where the database is, credentials)
 * with its own size, name ({@code defuse-jobs}, the {@code pool} tag of its
 * {@code hikaricp.*} metrics) and a longer wait for a connection: a job has no caller
 * waiting for an answer. Its sessions never choose a sequential scan (see the
 * constructor): work that reads a table whole belongs on the application's pool.
 */
public final class JobConnections implements AutoCloseable {

	static final String POOL_NAME = "defuse-jobs";

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);

	private static final String NO_SEQUENTIAL_SCANS = "set enable_seqscan = off";

	private final HikariDataSource dataSource;

	private final JdbcClient jdbc;

	JobConnections(HikariDataSource application, int size, MeterRegistry meters) {
		HikariConfig config = new HikariConfig();
		application.copyStateTo(config);
		config.setPoolName(POOL_NAME);
		if (meters != null) {
			config.setMetricRegistry(null);
			config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
		}
		// Every statement on these connections finds its rows by key or by index (a
		// job, a delivery). Prepared while the job table is nearly empty, as it mostly
		// is, PostgreSQL caches a sequential scan as their generic plan and keeps it
		// until the table is next analysed: when a backlog builds, each delete of a
		// finished job read the whole table (2.2 ms and 270 pages a job where a key
		// look-up takes 3; BENCHMARKS.md change 30).
		String init = config.getConnectionInitSql();
		config.setConnectionInitSql(((init == null || init.isBlank()) ? "" : init + "; ") + NO_SEQUENTIAL_SCANS);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
		this.dataSource = new HikariDataSource(config);
		this.jdbc = JdbcClient.create(this.dataSource);
	}

	/** The pool, for the job scheduler. */
	DataSource dataSource() {
		return this.dataSource;
	}

	/** Statements on the jobs' connections, each in its own transaction. */
	public JdbcClient jdbc() {
		return this.jdbc;
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
