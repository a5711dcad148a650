package io.defuse.access;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import io.defuse.shared.Role;
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

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyService keys, ProblemResponseWriter problems,
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
			.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers("/error", "/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
				.permitAll()
				.requestMatchers("/actuator/prometheus")
				.hasRole(Role.ADMIN.name())
				.requestMatchers("/api/v1/api-keys", "/api/v1/api-keys/**")
				.hasRole(Role.ADMIN.name())
				.requestMatchers("/api/v1/webhook-endpoints", "/api/v1/webhook-endpoints/**",
						"/api/v1/webhook-deliveries/**")
				.hasRole(Role.ADMIN.name())
				.requestMatchers(org.springframework.http.HttpMethod.PUT, "/api/v1/sla-policies/**",
						"/api/v1/guidance/**")
				.hasRole(Role.ADMIN.name())
				.requestMatchers("/api/v1/inbound/**")
				.permitAll()
				.requestMatchers("/api/v1/integrations", "/api/v1/integrations/**")
				.hasRole(Role.ADMIN.name())
				.anyRequest()
				.authenticated())
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

}
