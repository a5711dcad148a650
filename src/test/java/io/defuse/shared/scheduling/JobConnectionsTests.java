package io.defuse.shared.scheduling;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs' own pool: its size from the setting, its connections working, its metrics.
 */
@IntegrationTest
class JobConnectionsTests {

	@Autowired
	JobConnections connections;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DataSource requests;

	@Test
	void isAPoolOfItsOwnWithMetricsTaggedByItsName() {
		assertThat(this.connections.jdbc().sql("select 1").query(Integer.class).single()).isOne();

		assertThat(this.meters.get("hikaricp.connections.max").tag("pool", JobConnections.POOL_NAME).gauge().value())
			.isEqualTo(4);
		assertThat(this.meters.get("hikaricp.connections.max").tag("pool", "defuse-requests").gauge().value())
			.isEqualTo(10);
		assertThat(this.meters.find("hikaricp.connections.max").gauges()).hasSize(2);
	}

	/**
	 * A job table is nearly empty most of the time, and PostgreSQL caches the generic
	 * plan of a prepared statement as it costs it then: a sequential scan for a key
	 * look-up, kept while a backlog grows. On the requests' connections the same steps
	 * keep that scan, which shows the steps reproduce it.
	 */
	@Test
	void keyLookUpsPreparedWhileTheTableWasEmptyStayIndexScansWhenItHasGrown() throws SQLException {
		assertThat(planOfAKeyLookUpAfterTheTableGrew(this.connections.dataSource())).startsWith("Index");
		assertThat(planOfAKeyLookUpAfterTheTableGrew(this.requests)).startsWith("Seq Scan");
	}

	/** The plan's top node below the delete, as {@code EXPLAIN} names it. */
	private static String planOfAKeyLookUpAfterTheTableGrew(DataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection(); Statement sql = connection.createStatement()) {
			sql.execute("create temp table jobs_probe (name text, instance text, version bigint, "
					+ "primary key (name, instance))");
			try {
				// as autovacuum leaves a job table after a backlog: analysed while empty
				sql.execute("analyze jobs_probe");
				sql.execute("prepare finish_probe (text, text, bigint) as "
						+ "delete from jobs_probe where name = $1 and instance = $2 and version = $3");
				// five custom plans, then PostgreSQL settles on the generic one
				for (int i = 0; i < 6; i++) {
					sql.execute("execute finish_probe ('delivery', 'none', 1)");
				}
				sql.execute("insert into jobs_probe select 'delivery', n::text, 1 from generate_series(1, 20000) n");
				try (ResultSet plan = sql.executeQuery("explain execute finish_probe ('delivery', '17', 1)")) {
					plan.next();
					plan.next();
					return plan.getString(1).replaceFirst("^\\s*->\\s*", "");
				}
			}
			finally {
				sql.execute("deallocate finish_probe");
				sql.execute("drop table jobs_probe");
			}
		}
	}

}
