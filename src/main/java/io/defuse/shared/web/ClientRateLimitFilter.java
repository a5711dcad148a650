package io.defuse.shared.web;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.defuse.shared.web.RateLimiter.Verdict;

/**
 * Limits traffic that is not (yet) authenticated, before anything looks at a key or a
 * database:
 * <ul>
 * <li>an inbound webhook ({@code /api/v1/inbound/{id}}, signed, no API key) draws from
 * its integration's bucket;</li>
 * <li>any other request without credentials draws from its client IP's bucket;</li>
 * <li>a request whose credentials or signature are refused (401, or 404 for an unknown
 * integration) is charged to its client IP afterwards, and while that IP's bucket is
 * empty its requests with credentials and its inbound webhooks are refused at once, so
 * guessing keys costs the guesser and not the database; credentials that authenticated
 * within the last hour still pass, so a guesser cannot lock out the principals sharing
 * its address.</li>
 * </ul>
 * Health probes are never limited. Authenticated principals are limited by
 * {@link PrincipalRateLimitFilter}. The client IP is the connection's peer, or what a
 * trusted proxy forwarded when {@code server.forward-headers-strategy} says so.
 */
class ClientRateLimitFilter extends OncePerRequestFilter {

	static final String ANONYMOUS = "ANONYMOUS";

	static final String INBOUND = "INBOUND";

	static final String API_KEY_HEADER = "X-API-Key";

	private static final Pattern INBOUND_PATH = Pattern.compile("/api/v1/inbound/([^/]{1,64})/?");

	private final RateLimiter limiter;

	private final RateLimitProperties properties;

	ClientRateLimitFilter(RateLimiter limiter, RateLimitProperties properties) {
		this.limiter = limiter;
		this.properties = properties;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = path(request);
		return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String ip = "ip:" + request.getRemoteAddr();
		Matcher inbound = INBOUND_PATH.matcher(path(request));
		if (inbound.matches()) {
			inbound(request, response, chain, ip, "inbound:" + inbound.group(1).toLowerCase(Locale.ROOT));
		}
		else if (hasCredentials(request)) {
			credentialed(request, response, chain, ip);
		}
		else {
			anonymous(request, response, chain, ip);
		}
	}

	private void inbound(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String ip,
			String integration) throws ServletException, IOException {
		Verdict client = this.limiter.peek(ip, this.properties.anonymous());
		if (!client.allowed()) {
			this.limiter.refuse(request, response, client, ANONYMOUS);
			return;
		}
		Verdict verdict = this.limiter.take(integration, this.properties.inbound());
		if (!verdict.allowed()) {
			this.limiter.refuse(request, response, verdict, INBOUND);
			return;
		}
		chain.doFilter(request, response);
		int status = response.getStatus();
		if (status == HttpStatus.UNAUTHORIZED.value() || status == HttpStatus.NOT_FOUND.value()) {
			this.limiter.charge(ip, this.properties.anonymous());
		}
	}

	private void credentialed(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String ip)
			throws ServletException, IOException {
		Verdict client = this.limiter.peek(ip, this.properties.anonymous());
		if (!client.allowed() && !this.limiter.authenticatedRecently(credentials(request))) {
			this.limiter.refuse(request, response, client, ANONYMOUS);
			return;
		}
		chain.doFilter(request, response);
		if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
			this.limiter.charge(ip, this.properties.anonymous());
		}
	}

	private void anonymous(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String ip)
			throws ServletException, IOException {
		Verdict verdict = this.limiter.take(ip, this.properties.anonymous());
		if (!verdict.allowed()) {
			this.limiter.refuse(request, response, verdict, ANONYMOUS);
			return;
		}
		verdict.describe(response);
		chain.doFilter(request, response);
	}

	private static boolean hasCredentials(HttpServletRequest request) {
		return notBlank(request.getHeader(API_KEY_HEADER)) || notBlank(request.getHeader(HttpHeaders.AUTHORIZATION));
	}

	/** The credentials a request presents: its API key, else its Authorization header. */
	static String credentials(HttpServletRequest request) {
		String key = request.getHeader(API_KEY_HEADER);
		return notBlank(key) ? key.strip() : String.valueOf(request.getHeader(HttpHeaders.AUTHORIZATION));
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
