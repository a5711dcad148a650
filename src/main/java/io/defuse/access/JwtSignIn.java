package io.defuse.access;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/**
 * Sign-in with JWT bearer tokens, next to API keys: the decoder Boot built from the
 * resource-server properties, the mapping of claims to the actor, and problem answers for
 * every refused token. Exists only when JWT sign-in is configured.
 */
final class JwtSignIn {

	private final JwtDecoder decoder;

	private final JwtActorConverter actors;

	private final BearerTokenProblems problems;

	JwtSignIn(JwtDecoder decoder, JwtActorConverter actors, BearerTokenProblems problems) {
		this.decoder = (token) -> decode(decoder, token);
		this.actors = actors;
		this.problems = problems;
	}

	/**
	 * With only {@code issuer-uri} set, Boot's decoder loads the provider's configuration
	 * on first use, and a failure to load it escapes Spring Security as an unexpected
	 * error. Reported here like an unreachable key set, as the provider's trouble.
	 */
	private static Jwt decode(JwtDecoder decoder, String token) {
		try {
			return decoder.decode(token);
		}
		catch (JwtDecoderInitializationException ex) {
			throw new JwtException("The identity provider's configuration could not be loaded", ex);
		}
	}

	/** The decoder sign-in uses. */
	JwtDecoder decoder() {
		return this.decoder;
	}

	void configure(HttpSecurity http) throws Exception {
		http.oauth2ResourceServer((server) -> server.authenticationEntryPoint(this.problems)
			.jwt((jwt) -> jwt.decoder(this.decoder).jwtAuthenticationConverter(this.actors))
			.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {

				@Override
				public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
					// the default failure handler rethrows AuthenticationServiceException
					// (the key set unreachable) as a server error; answer it like any
					// other failure
					filter.setAuthenticationFailureHandler(JwtSignIn.this.problems::commence);
					return filter;
				}

			}));
	}

}
