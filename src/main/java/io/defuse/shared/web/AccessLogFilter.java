package io.defuse.shared.web;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

import io.defuse.shared.web.PrincipalLogContextFilter.LoggedPrincipal;

/**
 * One line per request, when it is answered, on the logger {@value #LOGGER}:
 * <pre>GET /api/v1/cases/{id} 200 12ms principal=alice role=AGENT</pre> with the
 * correlation id in the logging context like every other line of the request (and so in
 * the text pattern and the JSON formats), as do {@code principal} and {@code role}. The
 * path is the route's template, never the path with its ids; the query string, headers,
 * bodies and keys are never logged. Turn it off with
 * {@code logging.level.io.defuse.accesslog=off}.
 */
class AccessLogFilter extends OncePerRequestFilter {

	static final String LOGGER = "io.defuse.accesslog";

	private static final Logger log = LoggerFactory.getLogger(LOGGER);

	private static final String NONE = "-";

	private final RouteTemplates routes;

	AccessLogFilter(RouteTemplates routes) {
		this.routes = routes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!log.isInfoEnabled()) {
			chain.doFilter(request, response);
			return;
		}
		long started = System.nanoTime();
		String correlationId = CorrelationIdFilter.current();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			if (!failed && request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new LogWhenComplete(started, correlationId));
			}
			else {
				// an exception escaping the chain becomes a 500 after this filter
				log(request, failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus(), started,
						correlationId);
			}
		}
	}

	private void log(HttpServletRequest request, int status, long started, String correlationId) {
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		String route = this.routes.of(request);
		Object logged = request.getAttribute(PrincipalLogContextFilter.ATTRIBUTE);
		String name = (logged instanceof LoggedPrincipal principal) ? principal.name() : NONE;
		String role = (logged instanceof LoggedPrincipal principal) ? principal.role() : NONE;
		try (MDC.MDCCloseable c = MDC.putCloseable(CorrelationIdFilter.MDC_KEY,
				(correlationId != null) ? correlationId : NONE);
				MDC.MDCCloseable p = MDC.putCloseable(PrincipalLogContextFilter.PRINCIPAL, name);
				MDC.MDCCloseable r = MDC.putCloseable(PrincipalLogContextFilter.ROLE, role)) {
			log.atInfo()
				.addKeyValue("method", request.getMethod())
				.addKeyValue("route", route)
				.addKeyValue("status", status)
				.addKeyValue("durationMs", millis)
				.log("{} {} {} {}ms principal={} role={}", request.getMethod(), route, status, millis, name, role);
		}
	}

	/** Logs an asynchronously answered request when its answer is complete. */
	private final class LogWhenComplete implements AsyncListener {

		private final long started;

		private final String correlationId;

		LogWhenComplete(long started, String correlationId) {
			this.started = started;
			this.correlationId = correlationId;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			HttpServletRequest request = (HttpServletRequest) event.getSuppliedRequest();
			HttpServletResponse response = (HttpServletResponse) event.getSuppliedResponse();
			log(request, response.getStatus(), this.started, this.correlationId);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
