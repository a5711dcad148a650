package io.defuse.shared.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the work in progress to what the instance can do at once, and fails fast beyond
 * what it can catch up with: at most {@code defuse.http.max-concurrent-requests} API
 * requests are worked on at once; further ones wait their turn in the order they came, up
 * to {@code max-queued-requests} of them, each for at most {@code max-queue-wait}, and
 * get 503 beyond either. Without the queue the requests would all be in progress at once,
 * sharing the processors and waiting for the pool's connections in no particular order,
 * so that some took several times as long as the rest.
 * <p>
 * A request that gets no database connection within the pool's
 * {@code connection-timeout}, or whose connection breaks under it (the database
 * restarts), gets 503 too, wherever it failed (in authentication, in the Idempotency-Key
 * handling or in a controller), rather than a 500. All these answers carry
 * {@code Retry-After}.
 */
class LoadSheddingFilter extends OncePerRequestFilter {

	/** What a client is told to wait before trying again. */
	static final long RETRY_AFTER_SECONDS = 2;

	static final String DATABASE_DETAIL = "The service is busy and could not reach its database in time; retry shortly";

	private static final String HIKARI_CLOSED = "Connection is closed";

	private static final Logger log = LoggerFactory.getLogger(LoadSheddingFilter.class);

	/**
	 * Turns to be worked on, handed out in the order they were asked for; null: no limit.
	 */
	private final Semaphore turns;

	private final int maxQueued;

	private final long maxWaitNanos;

	private final Timer waits;

	private final Counter queueFull;

	private final Counter waitExceeded;

	private final Counter interrupted;

	private final ProblemResponseWriter problems;

	LoadSheddingFilter(HttpProperties properties, MeterRegistry meters, ProblemResponseWriter problems) {
		this.turns = (properties.maxConcurrentRequests() > 0) ? new Semaphore(properties.maxConcurrentRequests(), true)
				: null;
		this.maxQueued = properties.maxQueuedRequests();
		this.maxWaitNanos = properties.maxQueueWait().toNanos();
		this.waits = Timer.builder("defuse.http.queue.wait")
			.description("How long API requests waited for their turn to be worked on")
			.register(meters);
		this.queueFull = rejections(meters, "queue_full");
		this.waitExceeded = rejections(meters, "wait_exceeded");
		this.interrupted = rejections(meters, "interrupted");
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean limited = this.turns != null && request.getRequestURI().startsWith(request.getContextPath() + "/api/");
		if (limited && !awaitTurn(request, response)) {
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!databaseUnavailable(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("No database connection for {} {}: {}", request.getMethod(), request.getRequestURI(),
					mostSpecificMessage(ex));
			respond(request, response, DATABASE_DETAIL);
		}
		finally {
			if (limited) {
				this.turns.release();
			}
		}
	}

	private boolean awaitTurn(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (this.turns.getQueueLength() >= this.maxQueued) {
			refuse(request, response, this.queueFull, "Too many requests are waiting; retry shortly");
			return false;
		}
		long asked = System.nanoTime();
		try {
			if (!this.turns.tryAcquire(this.maxWaitNanos, TimeUnit.NANOSECONDS)) {
				refuse(request, response, this.waitExceeded, "The service is busy; retry shortly");
				return false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			refuse(request, response, this.interrupted, "The service is busy; retry shortly");
			return false;
		}
		this.waits.record(System.nanoTime() - asked, TimeUnit.NANOSECONDS);
		return true;
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, Counter rejections, String detail)
			throws IOException {
		log.warn("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), detail);
		rejections.increment();
		respond(request, response, detail);
	}

	private static Counter rejections(MeterRegistry meters, String reason) {
		return Counter.builder("defuse.http.queue.rejections")
			.description("API requests answered 503 instead of waiting for their turn (longer)")
			.tag("reason", reason)
			.register(meters);
	}

	/** Requests waiting for their turn (an estimate, as the queue changes under it). */
	int queued() {
		return (this.turns != null) ? this.turns.getQueueLength() : 0;
	}

	private void respond(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
		this.problems.write(request, response, unavailable(detail));
	}

	static ProblemDetail unavailable(String detail) {
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service Unavailable", detail);
	}

	/**
	 * Whether the failure is that the database could not be used at all: the pool's wait
	 * for a connection timed out, the database could not be reached, or the connection
	 * broke under the statement (the server restarted, the network dropped it). Looks
	 * through the causes, since each layer wraps it, and a failed rollback on the broken
	 * connection hides the original failure behind a generic one.
	 */
	static boolean databaseUnavailable(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof SQLTransientConnectionException
					|| current instanceof SQLNonTransientConnectionException
					|| current instanceof CannotCreateTransactionException
					|| current instanceof DataAccessResourceFailureException || (current instanceof SQLException sql
							&& (isConnectionState(sql.getSQLState()) || isClosedByPool(sql)))) {
				return true;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	/**
	 * HikariCP's answer for any use of a connection it has already evicted as broken (it
	 * carries no SQLSTATE). Seen when the rollback after a failed statement meets the
	 * connection the statement broke: Spring then throws the rollback's failure, and the
	 * statement's own failure is only logged.
	 */
	private static boolean isClosedByPool(SQLException sql) {
		return sql.getSQLState() == null && HIKARI_CLOSED.equals(sql.getMessage());
	}

	/**
	 * SQLSTATE class 08 (connection exception: the connection does not exist or broke)
	 * and PostgreSQL's 57P01-57P03 (the server is shutting down, crashed, or is starting
	 * up and not accepting connections yet).
	 */
	private static boolean isConnectionState(String state) {
		return state != null
				&& (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
	}

	static String mostSpecificMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage();
	}

}
