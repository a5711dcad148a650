package io.defuse.shared.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With every database connection taken, requests are answered 503 with Retry-After within
 * the pool's connection timeout (2 s) instead of hanging, whether they fail in
 * authentication or in a controller; once connections are free again, all is well.
 */
@IntegrationTest
class FailFastTests {

	private static final Duration BOUND = Duration.ofMillis(3500);

	@Autowired
	ApiClient api;

	@Autowired
	DataSource dataSource;

	@Test
	void anExhaustedConnectionPoolIs503WithRetryAfterWithinTheConnectionTimeout() throws Exception {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		assertThat(Duration.ofMillis(pool.getConnectionTimeout())).isEqualTo(Duration.ofSeconds(2));
		List<Connection> held = takeEveryConnection(pool);
		try {
			long started = System.nanoTime();
			Response authenticated = this.api.get("/api/v1/cases");
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			problem(authenticated, 503, "unavailable");
			assertThat(authenticated.header("Retry-After")).isEqualTo("2");
			assertThat(took).as("answered within the connection timeout, not hanging").isLessThan(BOUND);

			started = System.nanoTime();
			Response inbound = this.api.as(null)
				.post("/api/v1/inbound/" + UUID.randomUUID(), "{}", "webhook-id", "msg_1", "webhook-timestamp", "1",
						"webhook-signature", "v1,x");
			took = Duration.ofNanos(System.nanoTime() - started);
			problem(inbound, 503, "unavailable");
			assertThat(inbound.header("Retry-After")).isEqualTo("2");
			assertThat(took).isLessThan(BOUND);
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		assertThat(this.api.get("/api/v1/cases?limit=1").status()).isEqualTo(200);
	}

	/** Takes all of the pool's connections, waiting for those in use to come back. */
	private static List<Connection> takeEveryConnection(HikariDataSource pool) throws SQLException {
		List<Connection> held = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		try {
			while (held.size() < pool.getMaximumPoolSize()) {
				try {
					held.add(pool.getConnection());
				}
				catch (SQLTransientConnectionException ex) {
					if (System.nanoTime() > deadline) {
						throw ex;
					}
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			for (Connection connection : held) {
				connection.close();
			}
			throw ex;
		}
		assertThat(pool.getHikariPoolMXBean().getIdleConnections()).isZero();
		return held;
	}

}
