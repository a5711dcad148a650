package io.defuse.shared.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Fails fast instead of letting requests pile up: at most
 * {@code defuse.http.max-concurrent-requests} API requests are in progress on this
 * instance, and the next one gets 503 at once; a request that gets no database connection
 * within the pool's {@code connection-timeout}, or whose connection breaks under it (the
 * database restarts), gets 503 too, wherever it failed (in authentication, in the
 * Idempotency-Key handling or in a controller), rather than a 500. Both answers carry
 * {@code Retry-After}.
 */
class LoadSheddingFilter extends OncePerRequestFilter {

	/** What a client is told to wait before trying again. */
	static final long RETRY_AFTER_SECONDS = 2;

	static final String DATABASE_DETAIL = "The service is busy and could not reach its database in time; retry shortly";

	private static final String HIKARI_CLOSED = "Connection is closed";

	private static final Logger log = LoggerFactory.getLogger(LoadSheddingFilter.class);

	private final Semaphore permits;

	private final int maxConcurrent;

	private final ProblemResponseWriter problems;

	/**
	 * @param maxConcurrent API requests allowed in progress at once; 0 for no limit
	 */
	LoadSheddingFilter(int maxConcurrent, ProblemResponseWriter problems) {
		this.maxConcurrent = maxConcurrent;
		this.permits = (maxConcurrent > 0) ? new Semaphore(maxConcurrent) : null;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean limited = this.permits != null
				&& request.getRequestURI().startsWith(request.getContextPath() + "/api/");
		if (limited && !this.permits.tryAcquire()) {
			log.warn("Refused: {} API requests are in progress already", this.maxConcurrent);
			respond(request, response, "Too many requests are in progress; retry shortly");
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
				this.permits.release();
			}
		}
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
