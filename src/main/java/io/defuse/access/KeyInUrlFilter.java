package io.defuse.access;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.defuse.shared.web.ProblemResponseWriter;
import io.defuse.shared.web.Problems;

/**
 * Refuses any request that carries an API key in its query string ({@code api_key},
 * {@code apiKey}, {@code key}, {@code x-api-key}, in any case), valid or not: URLs end up
 * in proxy logs, browser histories and referrer headers, so a key sent there must be
 * treated as exposed. Neither the answer nor the log line repeats the value.
 */
class KeyInUrlFilter extends OncePerRequestFilter {

	/** Parameter names, lower case, without {@code -} and {@code _}. */
	private static final Set<String> KEY_PARAMETERS = Set.of("apikey", "key", "xapikey");

	private static final Logger log = LoggerFactory.getLogger(KeyInUrlFilter.class);

	private final ProblemResponseWriter problems;

	KeyInUrlFilter(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String parameter = keyParameter(request.getQueryString());
		if (parameter == null) {
			chain.doFilter(request, response);
			return;
		}
		log.warn("400 key-in-url: {} {} carried an API key in query parameter {}", request.getMethod(),
				request.getRequestURI(), parameter);
		this.problems.write(request, response,
				Problems.of(HttpStatus.BAD_REQUEST, "key-in-url", "API Key In URL",
						"API keys are never accepted in the URL (query parameter " + parameter
								+ "); send the key in the " + ApiKeyAuthenticationFilter.HEADER
								+ " header, and revoke or rotate a key that was sent in a URL"));
	}

	/** The name of the first query parameter that carries a key, or {@code null}. */
	static String keyParameter(String queryString) {
		if (queryString == null || queryString.isEmpty()) {
			return null;
		}
		for (String pair : queryString.split("&")) {
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String normalised = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
			if (KEY_PARAMETERS.contains(normalised)) {
				return (name.length() <= 20) ? name : normalised;
			}
		}
		return null;
	}

	private static String decode(String name) {
		try {
			return URLDecoder.decode(name, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return name;
		}
	}

}
