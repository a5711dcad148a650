package io.defuse.shared.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import org.hibernate.TransactionException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-flight limit and the 503 for a missing database connection, without a server.
 */
class LoadSheddingFilterTests {

	private final ProblemResponseWriter problems = new ProblemResponseWriter(JsonMapper.builder().build());

	@Test
	void refusesTheApiRequestBeyondTheLimitAtOnceAndAdmitsAgainWhenOneEnds() throws Exception {
		LoadSheddingFilter filter = new LoadSheddingFilter(1, this.problems);
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> {
			MockHttpServletResponse response = new MockHttpServletResponse();
			try {
				filter.doFilter(apiRequest(), response, (request, answer) -> {
					inside.countDown();
					await(release);
				});
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return response;
		});
		assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

		MockHttpServletResponse refused = run(filter, apiRequest(), (request, answer) -> {
		});
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getContentType()).startsWith("application/problem+json");
		assertThat(refused.getContentAsString()).contains("\"code\":\"unavailable\"");
		assertThat(refused.getHeader("Retry-After")).isEqualTo("2");

		MockHttpServletRequest probe = new MockHttpServletRequest("GET", "/actuator/health/liveness");
		assertThat(run(filter, probe, (request, answer) -> {
		}).getStatus()).as("only API requests count").isEqualTo(200);

		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(run(filter, apiRequest(), (request, answer) -> {
		}).getStatus()).isEqualTo(200);
	}

	@Test
	void noDatabaseConnectionIs503WhereverItWasNoticed() throws Exception {
		LoadSheddingFilter filter = new LoadSheddingFilter(0, this.problems);
		SQLTransientConnectionException timeout = new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 2000ms");
		for (RuntimeException failure : new RuntimeException[] {
				new CannotCreateTransactionException("Could not open JPA EntityManager for transaction", timeout),
				new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", timeout),
				new JpaSystemException(new RuntimeException(timeout)) }) {
			MockHttpServletResponse response = run(filter, apiRequest(), (request, answer) -> {
				throw failure;
			});
			assertThat(response.getStatus()).as(failure.toString()).isEqualTo(503);
			assertThat(response.getHeader("Retry-After")).isEqualTo("2");
			assertThat(response.getContentAsString()).contains("\"code\":\"unavailable\"")
				.doesNotContain("HikariPool", "Exception");
		}
	}

	/**
	 * What a database stopped in immediate mode looks like to a request in the middle of
	 * a transaction: the statement's I/O error, then a rollback on the closed connection
	 * that fails too and hides the first failure.
	 */
	@Test
	void aConnectionBrokenUnderARequestIs503EvenWhenTheRollbackFailsToo() throws Exception {
		LoadSheddingFilter filter = new LoadSheddingFilter(0, this.problems);
		SQLException closed = new SQLException("Connection is closed");
		for (RuntimeException failure : new RuntimeException[] {
				new JpaSystemException(new TransactionException("Unable to rollback against JDBC Connection", closed)),
				new JDBCConnectionException("An I/O error occurred while sending to the backend",
						new SQLException("An I/O error occurred while sending to the backend", "08006")),
				new TransactionSystemException("Could not commit JPA transaction",
						new SQLException("terminating connection due to administrator command", "57P01")),
				new JpaSystemException(
						new RuntimeException(new SQLException("the database system is starting up", "57P03"))),
				new JpaSystemException(new RuntimeException(new SQLNonTransientConnectionException("refused"))) }) {
			MockHttpServletResponse response = run(filter, apiRequest(), (request, answer) -> {
				throw failure;
			});
			assertThat(response.getStatus()).as(failure.toString()).isEqualTo(503);
			assertThat(response.getHeader("Retry-After")).isEqualTo("2");
			assertThat(response.getContentAsString()).contains("\"code\":\"unavailable\"");
		}
		assertThat(LoadSheddingFilter.databaseUnavailable(new JpaSystemException(
				new RuntimeException(new SQLException("duplicate key value violates unique constraint", "23505")))))
			.as("a refused statement is not an outage")
			.isFalse();
	}

	@Test
	void otherFailuresPassThroughUntouched() {
		LoadSheddingFilter filter = new LoadSheddingFilter(1, this.problems);
		assertThatThrownBy(() -> run(filter, apiRequest(), (request, answer) -> {
			throw new IllegalStateException("a bug");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(LoadSheddingFilter.databaseUnavailable(new IllegalStateException("a bug"))).isFalse();
	}

	private static MockHttpServletRequest apiRequest() {
		return new MockHttpServletRequest("GET", "/api/v1/cases");
	}

	private static MockHttpServletResponse run(LoadSheddingFilter filter, MockHttpServletRequest request,
			FilterChain chain) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, chain);
		return response;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
