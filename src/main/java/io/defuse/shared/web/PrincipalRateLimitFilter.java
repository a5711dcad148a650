package io.defuse.shared.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.defuse.shared.Actor;
import io.defuse.shared.web.RateLimiter.Verdict;

/**
 * Limits each authenticated principal by the token bucket of its role, and tells it where
 * it stands in {@code RateLimit-Limit} and {@code RateLimit-Remaining}. Runs after Spring
 * Security, which has found the principal by then, and before any work is done.
 */
class PrincipalRateLimitFilter extends OncePerRequestFilter {

	private final RateLimiter limiter;

	private final RateLimitProperties properties;

	PrincipalRateLimitFilter(RateLimiter limiter, RateLimitProperties properties) {
		this.limiter = limiter;
		this.properties = properties;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Actor actor)) {
			chain.doFilter(request, response);
			return;
		}
		this.limiter.authenticated(ClientRateLimitFilter.credentials(request));
		Verdict verdict = this.limiter.take("principal:" + actor.id(), this.properties.forRole(actor.role()));
		if (!verdict.allowed()) {
			this.limiter.refuse(request, response, verdict, actor.role().name());
			return;
		}
		verdict.describe(response);
		chain.doFilter(request, response);
	}

}
