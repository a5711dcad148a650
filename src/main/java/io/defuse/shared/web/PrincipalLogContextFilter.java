package io.defuse.shared.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import io.defuse.shared.Actor;

/**
 * Puts the authenticated principal's name and role into the logging context
 * ({@code principal}, {@code role}) for the rest of the request, and keeps them for the
 * access log line. Runs inside Spring Security, after authentication and before the
 * authorization decision, so a refused (403) request is logged with who made it.
 */
public class PrincipalLogContextFilter extends OncePerRequestFilter {

	static final String PRINCIPAL = "principal";

	static final String ROLE = "role";

	/** The request attribute holding the {@link LoggedPrincipal}. */
	static final String ATTRIBUTE = PrincipalLogContextFilter.class.getName();

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = this.contexts.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Actor actor)) {
			chain.doFilter(request, response);
			return;
		}
		LoggedPrincipal principal = new LoggedPrincipal(printable(actor.name()), actor.role().name());
		request.setAttribute(ATTRIBUTE, principal);
		MDC.put(PRINCIPAL, principal.name());
		MDC.put(ROLE, principal.role());
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(PRINCIPAL);
			MDC.remove(ROLE);
		}
	}

	/**
	 * A name as it may appear in a log: a name from a sign-in token is the identity
	 * provider's, so control characters (a forged second log line) are replaced.
	 */
	static String printable(String name) {
		StringBuilder printable = new StringBuilder(name.length());
		name.codePoints().forEach((c) -> printable.appendCodePoint(Character.isISOControl(c) ? '_' : c));
		return printable.toString();
	}

	/**
	 * Who made a request, as logged.
	 *
	 * @param name the principal's name
	 * @param role the principal's role
	 */
	record LoggedPrincipal(String name, String role) {
	}

}
