package io.defuse.access;

import java.io.IOException;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.KeySourceException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;

import io.defuse.shared.web.ProblemResponseWriter;
import io.defuse.shared.web.Problems;

/**
 * Answers a refused bearer token: 401 problem details with
 * {@code WWW-Authenticate: Bearer error="invalid_token"} (RFC 6750), the code naming the
 * kind of refusal. The one exception is a token that could not be checked because the
 * identity provider's key set or configuration is unreachable: that is not the caller's
 * fault, so it is 503 and the caller may retry with the same token.
 */
final class BearerTokenProblems implements AuthenticationEntryPoint {

	private static final Logger log = LoggerFactory.getLogger(BearerTokenProblems.class);

	private final ProblemResponseWriter problems;

	BearerTokenProblems(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		if (keySetUnreachable(failure)) {
			log.warn("A bearer token could not be verified: the identity provider is unreachable ({})",
					failure.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, "10");
			this.problems.write(request, response,
					Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "token-verification-unavailable", "Service Unavailable",
							"The token cannot be verified right now: the identity provider is unreachable; "
									+ "retry shortly"));
			return;
		}
		String code = "invalid-token";
		String detail = "The token is malformed, or not signed by a trusted key with an accepted algorithm";
		if (failure instanceof RejectedToken rejected) {
			code = rejected.code();
			detail = rejected.getMessage();
			log.warn("A verified bearer token was refused: {}", detail);
		}
		else if (failure.getCause() instanceof JwtValidationException invalid) {
			detail = "The token is not accepted: " + invalid.getErrors()
				.stream()
				.map((error) -> error.getDescription())
				.collect(Collectors.joining("; "));
		}
		else if (failure instanceof OAuth2AuthenticationException oauth
				&& !(failure instanceof InvalidBearerTokenException)
				&& OAuth2ErrorCodes.INVALID_REQUEST.equals(oauth.getError().getErrorCode())) {
			detail = "The Authorization header does not hold a well-formed bearer token";
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"invalid_token\", error_description=\"" + quotable(detail) + "\"");
		this.problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, code, "Unauthorized", detail));
	}

	private static boolean keySetUnreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof KeySourceException || cause instanceof JwtDecoderInitializationException) {
				return true;
			}
		}
		return false;
	}

	/** Keeps only the characters RFC 6750 allows in {@code error_description}. */
	private static String quotable(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			boolean allowed = c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
			out.append(allowed ? c : ' ');
		}
		return out.toString();
	}

}
