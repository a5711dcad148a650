package io.defuse.shared.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hibernate.TransactionException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The turns to be worked on, the queue for them, and the 503 for a missing database
 * connection, without a server.
 */
class LoadSheddingFilterTests {

	private final ProblemResponseWriter problems = new ProblemResponseWriter(JsonMapper.builder().build());

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ExecutorService clients = Executors.newCachedThreadPool();

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	@Test
	void worksOnWaitingRequestsInTheOrderTheyCame() throws Exception {
		LoadSheddingFilter filter = filter(1, 10, Duration.ofSeconds(10));
		CountDownLatch release = new CountDownLatch(1);
		List<String> worked = new CopyOnWriteArrayList<>();
		CompletableFuture<MockHttpServletResponse> first = holdTheOnlyTurn(filter, release);
		CompletableFuture<MockHttpServletResponse> second = send(filter, (request, answer) -> worked.add("second"));
		awaitQueued(filter, 1);
		CompletableFuture<MockHttpServletResponse> third = send(filter, (request, answer) -> worked.add("third"));
		awaitQueued(filter, 2);

		MockHttpServletRequest probe = new MockHttpServletRequest("GET", "/actuator/health/liveness");
		assertThat(run(filter, probe, (request, answer) -> {
		}).getStatus()).as("only API requests wait their turn").isEqualTo(200);
		assertThat(worked).as("nothing worked on beyond the limit").isEmpty();

		release.countDown();
		for (CompletableFuture<MockHttpServletResponse> answer : List.of(first, second, third)) {
			assertThat(answer.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		}
		assertThat(worked).containsExactly("second", "third");
		assertThat(this.meters.get("defuse.http.queue.wait").timer().count()).isEqualTo(3);
	}

	@Test
	void refusesARequestWhoseTurnDoesNotComeWithinTheQueueWait() throws Exception {
		LoadSheddingFilter filter = filter(1, 10, Duration.ofMillis(50));
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<MockHttpServletResponse> first = holdTheOnlyTurn(filter, release);

		MockHttpServletResponse refused = refused(filter);
		assertThat(refused.getContentAsString()).contains("busy");
		assertThat(rejections("wait_exceeded")).isEqualTo(1);

		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(run(filter, apiRequest(), (request, answer) -> {
		}).getStatus()).as("the turn is given back when a request ends").isEqualTo(200);
	}

	@Test
	void refusesAtOnceWhenAsManyRequestsWaitAsAllowed() throws Exception {
		LoadSheddingFilter filter = filter(1, 1, Duration.ofSeconds(10));
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<MockHttpServletResponse> first = holdTheOnlyTurn(filter, release);
		CompletableFuture<MockHttpServletResponse> waiting = send(filter, (request, answer) -> {
		});
		awaitQueued(filter, 1);

		long started = System.nanoTime();
		MockHttpServletResponse refused = refused(filter);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused without waiting")
			.isLessThan(Duration.ofSeconds(5));
		assertThat(refused.getContentAsString()).contains("Too many requests are waiting");
		assertThat(rejections("queue_full")).isEqualTo(1);

		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(waiting.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
	}

	@Test
	void noDatabaseConnectionIs503WhereverItWasNoticed() throws Exception {
		LoadSheddingFilter filter = filter(0, 0, Duration.ZERO);
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
		LoadSheddingFilter filter = filter(0, 0, Duration.ZERO);
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
		LoadSheddingFilter filter = filter(1, 10, Duration.ofSeconds(1));
		assertThatThrownBy(() -> run(filter, apiRequest(), (request, answer) -> {
			throw new IllegalStateException("a bug");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(LoadSheddingFilter.databaseUnavailable(new IllegalStateException("a bug"))).isFalse();
	}

	private LoadSheddingFilter filter(int concurrent, int queued, Duration wait) {
		return new LoadSheddingFilter(new HttpProperties(DataSize.ofKilobytes(256), concurrent, queued, wait),
				this.meters, this.problems);
	}

	private CompletableFuture<MockHttpServletResponse> send(LoadSheddingFilter filter, FilterChain chain) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return run(filter, apiRequest(), chain);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, this.clients);
	}

	private CompletableFuture<MockHttpServletResponse> holdTheOnlyTurn(LoadSheddingFilter filter,
			CountDownLatch release) throws InterruptedException {
		CountDownLatch inside = new CountDownLatch(1);
		CompletableFuture<MockHttpServletResponse> holder = send(filter, (request, answer) -> {
			inside.countDown();
			await(release);
		});
		assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
		return holder;
	}

	private static void awaitQueued(LoadSheddingFilter filter, int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (filter.queued() < count) {
			assertThat(System.nanoTime()).as("%d requests waiting", count).isLessThan(deadline);
			Thread.sleep(5);
		}
	}

	/** An API request that must not be worked on: its answer, checked to be a 503. */
	private static MockHttpServletResponse refused(LoadSheddingFilter filter) throws Exception {
		MockHttpServletResponse refused = run(filter, apiRequest(), (request, answer) -> {
			throw new AssertionError("worked on beyond the limit");
		});
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getContentType()).startsWith("application/problem+json");
		assertThat(refused.getContentAsString()).contains("\"code\":\"unavailable\"");
		assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
		return refused;
	}

	private double rejections(String reason) {
		return this.meters.get("defuse.http.queue.rejections").tag("reason", reason).counter().count();
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
