package io.defuse.access;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

import io.defuse.shared.Actor;
import io.defuse.shared.Role;

/**
 * Turns a verified token into the request's {@link Actor}, the principal controllers
 * receive, just as an API key turns into its account. The role comes from the role claim
 * and is never assumed: a token without one of the four roles is refused, and so is an
 * {@code AGENT} or {@code SUPERVISOR} token that names no team. The id is a name-based
 * UUID of {@code iss|sub}, the same on every request of that person and never equal to an
 * account's random id.
 */
final class JwtActorConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	/** The longest name the service records (the width of every "by" column). */
	static final int MAX_NAME_LENGTH = 100;

	private static final String ROLES = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.joining(", "));

	private final JwtProperties properties;

	JwtActorConverter(JwtProperties properties) {
		this.properties = properties;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Actor actor = actorOf(jwt);
		return UsernamePasswordAuthenticationToken.authenticated(actor, null,
				List.of(new SimpleGrantedAuthority(actor.role().authority())));
	}

	Actor actorOf(Jwt jwt) {
		String subject = text(jwt, JwtClaimNames.SUB);
		if (subject == null) {
			throw new RejectedToken("token-claims-invalid", "The token has no sub claim");
		}
		Role role = role(jwt);
		Set<UUID> teams = teams(jwt);
		if (teams.isEmpty() && (role == Role.AGENT || role == Role.SUPERVISOR)) {
			throw new RejectedToken("token-team-missing", "Role " + role + " works on a team's cases, but the token's "
					+ this.properties.teamClaim() + " claim names no team");
		}
		return new Actor(idOf(text(jwt, JwtClaimNames.ISS), subject), name(jwt, subject), role, teams);
	}

	/** The stable id of the person a token stands for. */
	static UUID idOf(String issuer, String subject) {
		String key = Objects.requireNonNullElse(issuer, "") + "|" + subject;
		return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
	}

	private Role role(Jwt jwt) {
		Object value = jwt.getClaims().get(this.properties.roleClaim());
		if (value instanceof String name) {
			for (Role role : Role.values()) {
				if (role.name().equals(name.strip())) {
					return role;
				}
			}
		}
		String problem = (value == null) ? "has no " + this.properties.roleClaim() + " claim"
				: "has a " + this.properties.roleClaim() + " claim that is not one role";
		throw new RejectedToken("token-role-invalid", "The token " + problem + "; it must hold one of " + ROLES);
	}

	private Set<UUID> teams(Jwt jwt) {
		Object value = jwt.getClaims().get(this.properties.teamClaim());
		if (value == null) {
			return Set.of();
		}
		Collection<?> values = (value instanceof Collection<?> many) ? many : List.of(value);
		Set<UUID> teams = new LinkedHashSet<>();
		for (Object team : values) {
			teams.add(teamId(team));
		}
		return teams;
	}

	private UUID teamId(Object value) {
		if (value instanceof String text) {
			try {
				UUID id = UUID.fromString(text.strip());
				// UUID.fromString also takes shortened forms such as 1-2-3-4-5
				if (id.toString().equalsIgnoreCase(text.strip())) {
					return id;
				}
			}
			catch (IllegalArgumentException ex) {
				// refused below
			}
		}
		throw new RejectedToken("token-claims-invalid",
				"The token's " + this.properties.teamClaim() + " claim must be a team id (a UUID) or a list of them");
	}

	private String name(Jwt jwt, String subject) {
		String name = Objects.requireNonNullElse(text(jwt, this.properties.nameClaim()), subject);
		if (name.length() > MAX_NAME_LENGTH) {
			throw new RejectedToken("token-claims-invalid", "The name in the token is longer than " + MAX_NAME_LENGTH
					+ " characters (claim " + this.properties.nameClaim() + ", or sub)");
		}
		return name;
	}

	private static String text(Jwt jwt, String claim) {
		Object value = jwt.getClaims().get(claim);
		if (value instanceof String text && !text.isBlank()) {
			return text.strip();
		}
		return null;
	}

}
