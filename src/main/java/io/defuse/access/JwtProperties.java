package io.defuse.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a bearer token's claims become the request's {@link io.defuse.shared.Actor}. Read
 * only when JWT sign-in is configured (Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*}).
 *
 * @param roleClaim the claim holding the one role: {@code AGENT}, {@code SUPERVISOR},
 * {@code ADMIN} or {@code INTEGRATION}
 * @param teamClaim the claim holding the team id, or a list of team ids
 * @param nameClaim the claim holding the name recorded on every change; {@code sub} when
 * the token lacks it
 * @param clockSkew how far a token's {@code exp} and {@code nbf} may be off from this
 * server's clock
 */
@ConfigurationProperties("defuse.jwt")
record JwtProperties(@DefaultValue("defuse_role") String roleClaim, @DefaultValue("defuse_team") String teamClaim,
		@DefaultValue("preferred_username") String nameClaim, @DefaultValue("30s") Duration clockSkew) {

}
