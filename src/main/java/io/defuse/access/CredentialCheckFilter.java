package io.defuse.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import io.defuse.shared.web.ProblemResponseWriter;
import io.defuse.shared.web.Problems;

/**
 * Runs before any authentication and lets a request carry one credential at most. An API
 * key and a bearer token together are refused with 400 rather than one silently winning:
 * the caller would not know whose rights it acted with. A bearer token while JWT sign-in
 * is not configured is refused with 401 at once instead of being ignored, so the caller
 * learns why, even on a public path.
 */
final class CredentialCheckFilter extends OncePerRequestFilter {

	private final boolean bearerTokensAccepted;

	private final ProblemResponseWriter problems;

	CredentialCheckFilter(boolean bearerTokensAccepted, ProblemResponseWriter problems) {
		this.bearerTokensAccepted = bearerTokensAccepted;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean bearer = isBearer(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (bearer && StringUtils.hasText(request.getHeader(ApiKeyAuthenticationFilter.HEADER))) {
			this.problems.write(request, response,
					Problems.of(HttpStatus.BAD_REQUEST, "ambiguous-credentials", "Bad Request",
							"Send either an API key in the " + ApiKeyAuthenticationFilter.HEADER
									+ " header or a bearer token in the Authorization header, not both"));
			return;
		}
		if (bearer && !this.bearerTokensAccepted) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					"ApiKey header=\"" + ApiKeyAuthenticationFilter.HEADER + "\"");
			this.problems.write(request, response,
					Problems.of(HttpStatus.UNAUTHORIZED, "bearer-not-accepted", "Unauthorized",
							"This service is not configured for bearer tokens; send an API key in the "
									+ ApiKeyAuthenticationFilter.HEADER + " header"));
			return;
		}
		chain.doFilter(request, response);
	}

	/** The test Spring Security's bearer token resolver applies, so both agree. */
	static boolean isBearer(String authorization) {
		return authorization != null && authorization.regionMatches(true, 0, "Bearer", 0, 6);
	}

}
