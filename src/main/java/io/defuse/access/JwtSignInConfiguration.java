package io.defuse.access;

import java.time.Clock;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.util.CollectionUtils;
import org.springframework.util.StringUtils;

import io.defuse.shared.web.ProblemResponseWriter;

/**
 * JWT sign-in, active only when one of Boot's resource-server key sources is set
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri} or
 * {@code public-key-location}). Boot builds the {@link JwtDecoder} from them, checking
 * the signature, the issuer (when {@code issuer-uri} is set) and the audiences; this adds
 * the expiry check on the service's clock, the actor mapping, and the OpenAPI scheme.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(JwtSignInConfiguration.KeySourceConfigured.class)
class JwtSignInConfiguration {

	static final String BEARER_SCHEME = "bearerAuth";

	private static final String PREFIX = "spring.security.oauth2.resourceserver.jwt.";

	/**
	 * Boot adds every token validator bean to the decoder it builds, and Spring Security
	 * then leaves out its default timestamp check (60 s skew on the system clock, tokens
	 * without expiry accepted). So this is the only one: the configured skew, the
	 * service's clock, and a token must expire.
	 */
	@Bean
	JwtTimestampValidator jwtTimestampValidator(JwtProperties properties, Clock clock) {
		JwtTimestampValidator validator = new JwtTimestampValidator(properties.clockSkew());
		validator.setClock(clock);
		validator.setAllowEmptyExpiryClaim(false);
		return validator;
	}

	/**
	 * Refuses to start without audiences: otherwise any token the identity provider
	 * issues for any other application would be accepted here.
	 */
	@Bean
	JwtSignIn jwtSignIn(JwtDecoder decoder, OAuth2ResourceServerProperties resourceServer, JwtProperties properties,
			ProblemResponseWriter problems) {
		if (CollectionUtils.isEmpty(resourceServer.getJwt().getAudiences())) {
			throw new IllegalStateException("JWT sign-in is configured but " + PREFIX
					+ "audiences is not: set it to the audience (aud) the identity provider puts in tokens for Defuse");
		}
		return new JwtSignIn(decoder, new JwtActorConverter(properties), new BearerTokenProblems(problems));
	}

	/**
	 * Offers the bearer scheme in Swagger UI's "Authorize" as an alternative to the key.
	 */
	@Bean
	OpenApiCustomizer bearerTokenScheme() {
		String note = "Instead of an API key, a JWT access token from the identity provider Defuse trusts can be "
				+ "sent as `Authorization: Bearer …`; sending both is refused (`ambiguous-credentials`).";
		return (openApi) -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents()
				.addSecuritySchemes(BEARER_SCHEME,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("A JWT access token from the identity provider Defuse trusts"));
			SecurityRequirement bearer = new SecurityRequirement().addList(BEARER_SCHEME);
			if (openApi.getSecurity() == null || !openApi.getSecurity().contains(bearer)) {
				openApi.addSecurityItem(bearer);
			}
			Info info = openApi.getInfo();
			if (info != null && info.getDescription() != null && !info.getDescription().contains(note)) {
				info.setDescription(info.getDescription() + "\n\n" + note);
			}
		};
	}

	/** Mirrors Boot's own conditions for building a decoder: any key source set. */
	static class KeySourceConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			for (String property : new String[] { "issuer-uri", "jwk-set-uri", "public-key-location" }) {
				String value = context.getEnvironment().getProperty(PREFIX + property);
				if (StringUtils.hasText(value)) {
					return ConditionOutcome.match(PREFIX + property + " is set");
				}
			}
			return ConditionOutcome.noMatch("no JWT key source is configured");
		}

	}

}
