package io.defuse.shared.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the security headers on every answer, before anything else can answer (so a 413,
 * 429 or 503 from a filter carries them too): no MIME sniffing, no framing, no referrer,
 * a Content Security Policy that allows nothing for the API and just what Swagger UI
 * needs on its own pages, HSTS on secure requests, and {@code Cache-Control: no-store}
 * for the API, whose answers hold personal data. Spring Security's header writers see the
 * headers present and leave them alone. TRACE is refused with 405.
 */
class SecurityHeadersFilter extends OncePerRequestFilter {

	/** The API serves JSON only: nothing may load, run, frame or submit anything. */
	static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	/**
	 * Swagger UI: its own scripts and styles (it sets inline styles), its icons as data
	 * URIs, and calls to this origin only.
	 */
	static final String SWAGGER_UI_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
			+ "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

	static final String HSTS = "max-age=31536000; includeSubDomains";

	private final ProblemResponseWriter problems;

	SecurityHeadersFilter(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = originalPath(request);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Content-Security-Policy", isSwaggerUi(path) ? SWAGGER_UI_POLICY : API_POLICY);
		if (request.isSecure()) {
			response.setHeader("Strict-Transport-Security", HSTS);
		}
		if (path.startsWith("/api/")) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		}
		if ("TRACE".equals(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
			this.problems.write(request, response,
					Problems.forStatus(HttpStatus.METHOD_NOT_ALLOWED, "Method TRACE is not supported"));
			return;
		}
		chain.doFilter(request, response);
	}

	/** Error dispatches run again, so an error page gets the original path's headers. */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	private static boolean isSwaggerUi(String path) {
		return path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/");
	}

	private static String originalPath(HttpServletRequest request) {
		Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String uri = (original instanceof String value) ? value : request.getRequestURI();
		return uri.substring(Math.min(request.getContextPath().length(), uri.length()));
	}

}
