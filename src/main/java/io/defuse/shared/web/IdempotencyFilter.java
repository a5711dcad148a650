package io.defuse.shared.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import io.defuse.shared.Actor;

/**
 * Honours {@code Idempotency-Key} on every POST: the first request with a key runs and
 * its answer is remembered for 24 hours per principal; the same key with the same request
 * replays that answer (header {@code Idempotent-Replayed: true}); with a different
 * request it is 422; while the first is still running, 409.
 * <p>
 * The request runs inside one transaction that also records its answer, so the write and
 * the record of it commit together: a crash in between can never let a retry repeat the
 * write. Only 2xx answers are remembered; after any other the key is free again.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

	/** Set on a request whose answer is {@link ShownOnce}. */
	static final String SHOWN_ONCE = IdempotencyFilter.class.getName() + ".SHOWN_ONCE";

	public static final String HEADER = "Idempotency-Key";

	private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private final IdempotencyStore store;

	private final TransactionTemplate transaction;

	private final ProblemResponseWriter problems;

	IdempotencyFilter(IdempotencyStore store, TransactionTemplate transaction, ProblemResponseWriter problems) {
		this.store = store;
		this.transaction = transaction;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Actor actor)) {
			chain.doFilter(request, response);
			return;
		}
		String key = request.getHeader(HEADER);
		if (!ACCEPTABLE.matcher(key).matches()) {
			this.problems.write(request, response, Problems.of(HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
					"Bad Request", "Idempotency-Key must be 1 to 255 printable ASCII characters"));
			return;
		}
		byte[] body;
		try {
			body = request.getInputStream().readAllBytes();
		}
		catch (PayloadTooLargeException ex) {
			this.problems.write(request, response, RequestBodyLimitFilter.tooLarge(ex.limit()));
			return;
		}
		IdempotencyStore.Claim claim = this.store.claim(actor.id(), key, fingerprint(request, body));
		if (claim instanceof IdempotencyStore.Replay replay) {
			replay(response, replay);
		}
		else if (claim instanceof IdempotencyStore.Mismatch) {
			this.problems.write(request, response,
					Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Unprocessable Content",
							"This Idempotency-Key was used for a different request; use a new key"));
		}
		else if (claim instanceof IdempotencyStore.InFlight) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			this.problems.write(request, response, Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-flight",
					"Conflict", "A request with this Idempotency-Key is still being processed; retry shortly"));
		}
		else {
			execute(new ReplayableRequest(request, body), response, chain, actor, key);
		}
	}

	private void execute(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Actor actor,
			String key) throws IOException, ServletException {
		ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
		boolean succeeded = false;
		try {
			succeeded = Boolean.TRUE.equals(this.transaction.execute((status) -> {
				try {
					chain.doFilter(request, captured);
				}
				catch (IOException | ServletException ex) {
					throw new ChainFailure(ex);
				}
				if (HttpStatus.valueOf(captured.getStatus()).is2xxSuccessful() && !status.isRollbackOnly()) {
					// a secret shown once is not kept for replays
					boolean shownOnce = request.getAttribute(SHOWN_ONCE) != null;
					this.store.complete(actor.id(), key, captured.getStatus(), captured.getHeader(HttpHeaders.LOCATION),
							captured.getHeader(HttpHeaders.ETAG), shownOnce ? null : captured.getContentType(),
							shownOnce ? null : captured.getContentAsByteArray());
					return true;
				}
				status.setRollbackOnly();
				return false;
			}));
		}
		catch (ChainFailure ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw (ServletException) ex.getCause();
		}
		finally {
			if (!succeeded) {
				this.store.release(actor.id(), key);
			}
		}
		captured.copyBodyToResponse();
	}

	private static void replay(HttpServletResponse response, IdempotencyStore.Replay replay) throws IOException {
		response.setStatus(replay.status());
		response.setHeader("Idempotent-Replayed", "true");
		if (replay.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, replay.location());
		}
		if (replay.etag() != null) {
			response.setHeader(HttpHeaders.ETAG, replay.etag());
		}
		if (replay.contentType() != null) {
			response.setContentType(replay.contentType());
		}
		if (replay.body() != null) {
			response.getOutputStream().write(replay.body());
		}
	}

	private static String fingerprint(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
					+ ((request.getQueryString() != null) ? request.getQueryString() : "") + "\n")
				.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class ChainFailure extends RuntimeException {

		ChainFailure(Exception cause) {
			super(cause);
		}

	}

	/** The request with its already-read body available again for the controller. */
	private static final class ReplayableRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		ReplayableRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous reads only");
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
