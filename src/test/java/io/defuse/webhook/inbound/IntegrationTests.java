package io.defuse.webhook.inbound;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.defuse.shared.Role;

import static org.assertj.core.api.Assertions.assertThat;

/** The integration's secrets over time, without a database. */
class IntegrationTests {

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private final Integration integration = new Integration(new NewIntegration("crm-eu", null, null), NOW);

	@Test
	void aNewIntegrationVerifiesWithItsOneSecret() {
		assertThat(this.integration.secretsAt(NOW)).containsExactly(this.integration.secret());
		assertThat(this.integration.secret()).startsWith("whsec_");
		assertThat(this.integration.previousSecretValidUntil(NOW)).isNull();
		assertThat(this.integration.enabled()).isTrue();
	}

	@Test
	void afterARotationThePreviousSecretVerifiesUntilItsExpiryOnly() {
		String first = this.integration.secret();
		Instant until = NOW.plus(Duration.ofHours(24));

		this.integration.rotateSecret(until, NOW);

		String second = this.integration.secret();
		assertThat(second).isNotEqualTo(first);
		assertThat(this.integration.secretsAt(NOW)).containsExactly(second, first);
		assertThat(this.integration.previousSecretValidUntil(NOW)).isEqualTo(until);
		assertThat(this.integration.secretsAt(until.minusSeconds(1))).containsExactly(second, first);
		assertThat(this.integration.secretsAt(until)).containsExactly(second);
		assertThat(this.integration.previousSecretValidUntil(until)).isNull();
	}

	@Test
	void aSecondRotationDropsTheOldestSecretAtOnce() {
		String first = this.integration.secret();
		this.integration.rotateSecret(NOW.plus(Duration.ofHours(24)), NOW);
		String second = this.integration.secret();

		this.integration.rotateSecret(NOW.plus(Duration.ofHours(25)), NOW.plus(Duration.ofHours(1)));

		assertThat(this.integration.secretsAt(NOW.plus(Duration.ofHours(1)))).containsExactly(this.integration.secret(),
				second);
		assertThat(this.integration.secretsAt(NOW.plus(Duration.ofHours(1)))).doesNotContain(first);
	}

	@Test
	void actsAsAnIntegrationNamedAfterIt() {
		assertThat(this.integration.actor().name()).isEqualTo("integration:crm-eu");
		assertThat(this.integration.actor().role()).isEqualTo(Role.INTEGRATION);
		assertThat(this.integration.actor().id()).isEqualTo(this.integration.id());
		assertThat(("integration:" + "x".repeat(NewIntegration.NAME_MAX)).length()).isEqualTo(100);
	}

	@Test
	void changesOnlyWhenSomethingDiffers() {
		assertThat(this.integration.change(null, true, NOW.plusSeconds(1))).isFalse();
		assertThat(this.integration.updatedAt()).isEqualTo(NOW);
		assertThat(this.integration.change("paused", false, NOW.plusSeconds(2))).isTrue();
		assertThat(this.integration.updatedAt()).isEqualTo(NOW.plusSeconds(2));
	}

}
