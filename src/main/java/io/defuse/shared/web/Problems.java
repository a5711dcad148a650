package io.defuse.shared.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem details in the one shape every Defuse error has: a stable
 * {@code type} ({@code urn:defuse:problem:<code>}), the same {@code code} as a plain
 * property for clients that switch on strings, a {@code title} that never varies for a
 * code, a {@code detail} for this occurrence and the request's {@code correlationId}.
 */
public final class Problems {

	/** Prefix of every problem type; the rest is the code. */
	public static final String TYPE_PREFIX = "urn:defuse:problem:";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + code));
		problem.setTitle(title);
		problem.setProperty("code", code);
		String correlationId = CorrelationIdFilter.current();
		if (correlationId != null) {
			problem.setProperty("correlationId", correlationId);
		}
		return problem;
	}

	/** The code and title used when nothing more specific is known than the status. */
	public static ProblemDetail forStatus(HttpStatusCode status, String detail) {
		return of(status, codeFor(status), titleFor(status), detail);
	}

	static String codeFor(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> "bad-request";
			case 401 -> "unauthenticated";
			case 403 -> "forbidden";
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 409 -> "conflict";
			case 412 -> "precondition-failed";
			case 413 -> "payload-too-large";
			case 415 -> "unsupported-media-type";
			case 422 -> "unprocessable";
			case 428 -> "precondition-required";
			case 429 -> "too-many-requests";
			case 503 -> "unavailable";
			default -> status.is5xxServerError() ? "internal-error" : "client-error";
		};
	}

	static String titleFor(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "Error";
	}

}
