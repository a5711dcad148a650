package io.defuse.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import io.defuse.shared.Actor;
import io.defuse.shared.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JwtActorConverterTests {

	private static final String ISSUER = "https://login.example.com/realms/support";

	private static final UUID TEAM = UUID.fromString("8d3f7a52-46a1-4b8e-9e0a-2f6c1d9b7e44");

	private static final UUID OTHER_TEAM = UUID.fromString("1c2b3a4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");

	private final JwtActorConverter converter = new JwtActorConverter(
			new JwtProperties("defuse_role", "defuse_team", "preferred_username", Duration.ofSeconds(30)));

	@Test
	void mapsRoleTeamAndNameIntoTheActor() {
		Actor actor = this.converter.actorOf(token((claims) -> {
			claims.put("defuse_role", "AGENT");
			claims.put("defuse_team", TEAM.toString());
			claims.put("preferred_username", "jana.novakova");
		}));
		assertThat(actor.role()).isEqualTo(Role.AGENT);
		assertThat(actor.teams()).containsExactly(TEAM);
		assertThat(actor.name()).isEqualTo("jana.novakova");
	}

	@Test
	void takesAListOfTeams() {
		Actor actor = this.converter.actorOf(token((claims) -> {
			claims.put("defuse_role", "SUPERVISOR");
			claims.put("defuse_team", List.of(TEAM.toString(), OTHER_TEAM.toString()));
		}));
		assertThat(actor.teams()).containsExactlyInAnyOrder(TEAM, OTHER_TEAM);
	}

	@Test
	void idIsStablePerIssuerAndSubject() {
		Actor first = this.converter.actorOf(admin("user-1", ISSUER));
		Actor again = this.converter.actorOf(admin("user-1", ISSUER));
		Actor otherSubject = this.converter.actorOf(admin("user-2", ISSUER));
		Actor otherIssuer = this.converter.actorOf(admin("user-1", "https://other.example.com"));
		assertThat(first.id()).isEqualTo(again.id()).isEqualTo(JwtActorConverter.idOf(ISSUER, "user-1"));
		assertThat(first.id()).isNotEqualTo(otherSubject.id()).isNotEqualTo(otherIssuer.id());
		// name-based (version 3), so never equal to an account's random (version 4) id
		assertThat(first.id().version()).isEqualTo(3);
	}

	@Test
	void nameFallsBackToTheSubject() {
		assertThat(this.converter.actorOf(admin("user-7", ISSUER)).name()).isEqualTo("user-7");
	}

	@Test
	void nameClaimIsConfigurable() {
		JwtActorConverter byEmail = new JwtActorConverter(
				new JwtProperties("role", "teams", "email", Duration.ofSeconds(30)));
		Actor actor = byEmail.actorOf(token((claims) -> {
			claims.put("role", "AGENT");
			claims.put("teams", List.of(TEAM.toString()));
			claims.put("email", "petr@example.com");
			claims.put("preferred_username", "petr");
		}));
		assertThat(actor.name()).isEqualTo("petr@example.com");
		assertThat(actor.role()).isEqualTo(Role.AGENT);
	}

	@Test
	void adminAndIntegrationNeedNoTeam() {
		assertThat(this.converter.actorOf(token((claims) -> claims.put("defuse_role", "ADMIN"))).teams()).isEmpty();
		assertThat(this.converter.actorOf(token((claims) -> claims.put("defuse_role", "INTEGRATION"))).role())
			.isEqualTo(Role.INTEGRATION);
	}

	@Test
	void refusesATokenWithoutRole() {
		refused(token((claims) -> claims.put("defuse_team", TEAM.toString())), "token-role-invalid",
				"has no defuse_role claim");
	}

	@Test
	void refusesAnUnknownRoleAndNeverAssumesOne() {
		refused(token((claims) -> claims.put("defuse_role", "OWNER")), "token-role-invalid",
				"AGENT, SUPERVISOR, ADMIN, INTEGRATION");
		refused(token((claims) -> claims.put("defuse_role", "agent")), "token-role-invalid", "not one role");
		refused(token((claims) -> claims.put("defuse_role", List.of("ADMIN", "AGENT"))), "token-role-invalid",
				"not one role");
	}

	@Test
	void refusesATeamBoundRoleWithoutTeam() {
		refused(token((claims) -> claims.put("defuse_role", "AGENT")), "token-team-missing",
				"Role AGENT works on a team's cases");
		refused(token((claims) -> {
			claims.put("defuse_role", "SUPERVISOR");
			claims.put("defuse_team", List.of());
		}), "token-team-missing", "defuse_team claim names no team");
	}

	@Test
	void refusesTeamsThatAreNotIds() {
		for (Object team : List.of("support-emea", "1-2-3-4-5", 42, List.of(TEAM.toString(), "x"))) {
			refused(token((claims) -> {
				claims.put("defuse_role", "AGENT");
				claims.put("defuse_team", team);
			}), "token-claims-invalid", "a team id (a UUID)");
		}
	}

	@Test
	void refusesANameTheServiceCannotRecord() {
		refused(token((claims) -> {
			claims.put("defuse_role", "ADMIN");
			claims.put("preferred_username", "x".repeat(101));
		}), "token-claims-invalid", "longer than 100 characters");
	}

	@Test
	void refusesATokenWithoutSubject() {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer(ISSUER)
			.claim("defuse_role", "ADMIN")
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		refused(jwt, "token-claims-invalid", "no sub claim");
	}

	@Test
	void authenticationCarriesTheActorAsPrincipalAndTheRoleAsAuthority() {
		var authentication = this.converter.convert(admin("user-9", ISSUER));
		assertThat(authentication.getPrincipal()).isInstanceOf(Actor.class);
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getAuthorities()).extracting("authority").containsExactly("ROLE_ADMIN");
	}

	private void refused(Jwt jwt, String code, String detail) {
		assertThatExceptionOfType(RejectedToken.class).isThrownBy(() -> this.converter.convert(jwt))
			.satisfies((rejected) -> {
				assertThat(rejected.code()).isEqualTo(code);
				assertThat(rejected.getMessage()).contains(detail);
				assertThat(rejected.getError().getErrorCode()).isEqualTo("invalid_token");
			});
	}

	private static Jwt admin(String subject, String issuer) {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer(issuer)
			.subject(subject)
			.claim("defuse_role", "ADMIN")
			.build();
	}

	private static Jwt token(Consumer<Map<String, Object>> claims) {
		return Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).subject("user-1").claims(claims).build();
	}

}
