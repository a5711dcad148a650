package io.defuse.shared.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a correlation id: the caller's {@code X-Request-Id} when it is a
 * sane token, a fresh one otherwise. It is echoed in the response header, put in the
 * logging context and carried in every problem answer, so a client's complaint can be
 * matched to the log lines.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	static final String MDC_KEY = "correlationId";

	private static final String ATTRIBUTE = CorrelationIdFilter.class.getName();

	private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	/** The current request's correlation id, or {@code null} outside a request. */
	public static String current() {
		return MDC.get(MDC_KEY);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = (String) request.getAttribute(ATTRIBUTE);
		if (id == null) {
			String offered = request.getHeader(HEADER);
			id = (offered != null && ACCEPTABLE.matcher(offered).matches()) ? offered : UUID.randomUUID().toString();
			request.setAttribute(ATTRIBUTE, id);
			response.setHeader(HEADER, id);
		}
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	/**
	 * Error dispatches (Boot's {@code /error}) run again so their problem answer carries
	 * the same id.
	 */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
