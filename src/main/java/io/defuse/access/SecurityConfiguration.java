package io.defuse.access;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.defuse.shared.Role;
import io.defuse.shared.web.PrincipalLogContextFilter;
import io.defuse.shared.web.ProblemResponseWriter;
import io.defuse.shared.web.Problems;

/**
 * Every call needs an API key, or a JWT bearer token when JWT sign-in is configured,
 * except health probes, the OpenAPI document and Swagger UI. Either credential yields the
 * same {@link io.defuse.shared.Actor}, so the rules below apply to both alike. Stateless:
 * no sessions, no cookies, so no CSRF surface. Refusals are problem details like every
 * other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * A key in the query string is refused before Spring Security or Spring MVC see the
	 * request: both log the URL with its query string at DEBUG level.
	 */
	@Bean
	FilterRegistrationBean<KeyInUrlFilter> keyInUrlFilter(ProblemResponseWriter problems) {
		var registration = new FilterRegistrationBean<>(new KeyInUrlFilter(problems));
		// right after the correlation id (highest precedence), so the refusal carries it
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

	/**
	 * No observations of the filter chain, authentications or authorizations: with this
	 * bean Spring Security does not wrap each of its filters at all, where switching the
	 * observations off by property still wraps them and asks, per filter and request,
	 * whether to observe (about 2 % of a workflow step's CPU, docs/BENCHMARKS.md change
	 * 14). Every request is still timed as {@code http.server.requests}.
	 */
	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyService keys, ProblemResponseWriter problems,
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers,
			ObjectProvider<JwtSignIn> jwtSignIn) throws Exception {
		JwtSignIn jwt = jwtSignIn.getIfAvailable();
		if (jwt != null) {
			jwt.configure(http);
		}
		String credentials = (jwt != null)
				? "Send a valid API key in the " + ApiKeyAuthenticationFilter.HEADER
						+ " header or a bearer token in the Authorization header"
				: "Send a valid API key in the " + ApiKeyAuthenticationFilter.HEADER + " header";
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new CredentialCheckFilter(jwt != null, problems), BearerTokenAuthenticationFilter.class)
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), AnonymousAuthenticationFilter.class)
			.addFilterBefore(new PrincipalLogContextFilter(), AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> {
				requests.dispatcherTypeMatchers(DispatcherType.ERROR)
					.permitAll()
					.requestMatchers("/error", "/actuator/health", "/actuator/health/**")
					.permitAll()
					.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
					.permitAll()
					.requestMatchers("/actuator/prometheus")
					.hasRole(Role.ADMIN.name());
				for (AccessPolicy.Rule rule : AccessPolicy.RULES) {
					var matched = requests.requestMatchers(rule.method(), rule.path());
					if (rule.isPublic()) {
						matched.permitAll();
					}
					else {
						matched.hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
					}
				}
				// default deny: what the table does not list is refused to everyone
				// (a path without an operation still gets its 404 or 405)
				requests.anyRequest()
					.access((authentication,
							context) -> new AuthorizationDecision(!handled(handlers, context.getRequest())
									&& authentication.get() != null && authentication.get().isAuthenticated()
									&& !(authentication.get() instanceof AnonymousAuthenticationToken)));
			})
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				response.setHeader("WWW-Authenticate", "ApiKey header=\"" + ApiKeyAuthenticationFilter.HEADER + "\"");
				if (jwt != null) {
					response.addHeader("WWW-Authenticate", "Bearer");
				}
				problems.write(request, response,
						Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthorized", credentials));
			})
				.accessDeniedHandler((request, response, ex) -> problems.write(request, response, Problems
					.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your role may not perform this operation"))));
		return http.build();
	}

	/**
	 * Whether a controller operation would answer the request (a wrong method does not
	 * count).
	 */
	private static boolean handled(RequestMappingHandlerMapping handlers, HttpServletRequest request) {
		try {
			return handlers.getHandler(request) != null;
		}
		catch (Exception notHandled) {
			return false;
		}
	}

}
