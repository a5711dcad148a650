package io.defuse.shared.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.defuse.shared.Role;
import io.defuse.shared.web.RateLimitProperties.Limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How rate-limit settings are read, and what holds when they are left out. */
class RateLimitPropertiesTests {

	@Test
	void withoutSettingsEveryRoleHasALimitAndIntegrationsTheMost() {
		RateLimitProperties properties = bind(Map.of());
		assertThat(properties.enabled()).isTrue();
		for (Role role : Role.values()) {
			assertThat(properties.forRole(role)).as(role.name()).isNotNull();
		}
		assertThat(properties.forRole(Role.AGENT)).isEqualTo(new Limit(300L, Duration.ofMinutes(1)));
		assertThat(properties.forRole(Role.INTEGRATION).capacity())
			.isEqualTo(10 * properties.forRole(Role.AGENT).capacity());
		assertThat(properties.anonymous().capacity()).isLessThan(properties.forRole(Role.AGENT).capacity());
		assertThat(properties.inbound()).isNotNull();
	}

	@Test
	void aFieldLeftOutKeepsItsDefaultAndRoleNamesIgnoreCase() {
		RateLimitProperties properties = bind(Map.of("defuse.rate-limit.roles.agent.capacity", "50",
				"defuse.rate-limit.roles.INTEGRATION.refill-period", "10s", "defuse.rate-limit.anonymous.capacity",
				"7"));
		assertThat(properties.forRole(Role.AGENT)).isEqualTo(new Limit(50L, Duration.ofMinutes(1)));
		assertThat(properties.forRole(Role.INTEGRATION)).isEqualTo(new Limit(3000L, Duration.ofSeconds(10)));
		assertThat(properties.forRole(Role.ADMIN)).isEqualTo(RateLimitProperties.PERSON);
		assertThat(properties.anonymous()).isEqualTo(new Limit(7L, Duration.ofMinutes(1)));
		assertThat(properties.longestRefillPeriod()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void aLimitThatAllowsNothingIsRefusedAtStartUp() {
		assertThatThrownBy(() -> bind(Map.of("defuse.rate-limit.roles.AGENT.capacity", "0")))
			.isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("at least 1");
		assertThatThrownBy(() -> bind(Map.of("defuse.rate-limit.inbound.refill-period", "0s")))
			.isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("positive");
	}

	private static RateLimitProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("defuse.rate-limit",
				RateLimitProperties.class);
	}

}
