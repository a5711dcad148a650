package io.defuse.access;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import io.defuse.shared.Actor;
import io.defuse.shared.web.ProblemResponseWriter;
import io.defuse.shared.web.Problems;

/**
 * Authenticates a request by its {@code X-API-Key} header. No header: the request goes on
 * unauthenticated and the authorization rules decide. A header with an unknown, revoked
 * or expired key: 401 at once, without saying which of the three (that would help someone
 * guessing keys).
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private final ApiKeyService keys;

	private final ProblemResponseWriter problems;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	ApiKeyAuthenticationFilter(ApiKeyService keys, ProblemResponseWriter problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		if (key == null || key.isBlank()) {
			chain.doFilter(request, response);
			return;
		}
		Actor actor = this.keys.authenticate(key.strip()).orElse(null);
		if (actor == null) {
			response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
			this.problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "invalid-api-key",
					"Unauthorized", "The API key is unknown, revoked or expired"));
			return;
		}
		var authentication = UsernamePasswordAuthenticationToken.authenticated(actor, null,
				List.of(new SimpleGrantedAuthority(actor.role().authority())));
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(authentication);
		this.contexts.setContext(context);
		chain.doFilter(request, response);
	}

}
