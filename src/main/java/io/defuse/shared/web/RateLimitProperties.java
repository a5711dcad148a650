package io.defuse.shared.web;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.defuse.shared.Role;

/**
 * Request rate limits, each a token bucket: {@code capacity} requests at once, refilled
 * continuously at {@code capacity} per {@code refill-period}. Buckets live in this
 * instance's memory, so with several instances behind a load balancer a client gets the
 * limit once per instance.
 *
 * @param enabled whether requests are limited at all
 * @param roles the limit of each authenticated principal, by role; a role left out, or a
 * field left out, keeps its default (INTEGRATION syncs in bursts and gets ten times as
 * much as a person)
 * @param anonymous the limit of each client IP for requests that do not authenticate: no
 * credentials, or credentials refused
 * @param inbound the limit of each integration's inbound webhook URL
 * @param maxTrackedClients how many buckets (principals, IPs, integrations) are kept at
 * most; beyond that the least recently used are forgotten
 */
@ConfigurationProperties("defuse.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, Map<Role, Limit> roles, Limit anonymous,
		Limit inbound, @DefaultValue("100000") long maxTrackedClients) {

	static final Limit PERSON = new Limit(300L, Duration.ofMinutes(1));

	static final Map<Role, Limit> DEFAULT_ROLES = Map.of(Role.AGENT, PERSON, Role.SUPERVISOR, PERSON, Role.ADMIN,
			PERSON, Role.INTEGRATION, new Limit(3000L, Duration.ofMinutes(1)));

	static final Limit DEFAULT_ANONYMOUS = new Limit(120L, Duration.ofMinutes(1));

	static final Limit DEFAULT_INBOUND = new Limit(1200L, Duration.ofMinutes(1));

	public RateLimitProperties {
		Map<Role, Limit> merged = new EnumMap<>(Role.class);
		for (Role role : Role.values()) {
			Limit given = (roles != null) ? roles.get(role) : null;
			merged.put(role, Limit.orDefault(given, DEFAULT_ROLES.get(role)));
		}
		roles = Collections.unmodifiableMap(merged);
		anonymous = Limit.orDefault(anonymous, DEFAULT_ANONYMOUS);
		inbound = Limit.orDefault(inbound, DEFAULT_INBOUND);
		if (maxTrackedClients < 1) {
			throw new IllegalArgumentException("defuse.rate-limit.max-tracked-clients must be at least 1");
		}
	}

	/** The limit of an authenticated principal with this role. */
	public Limit forRole(Role role) {
		return this.roles.get(role);
	}

	/** The longest refill period of any limit: after it, an idle bucket is full again. */
	Duration longestRefillPeriod() {
		Duration longest = this.anonymous.refillPeriod();
		for (Limit limit : this.roles.values()) {
			longest = max(longest, limit.refillPeriod());
		}
		return max(longest, this.inbound.refillPeriod());
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/**
	 * One token bucket's size and speed.
	 *
	 * @param capacity requests allowed at once (the burst), at least 1
	 * @param refillPeriod the time in which an empty bucket fills up again, continuously
	 */
	public record Limit(Long capacity, Duration refillPeriod) {

		public Limit {
			if (capacity != null && capacity < 1) {
				throw new IllegalArgumentException("a rate limit's capacity must be at least 1, not " + capacity);
			}
			if (refillPeriod != null && (refillPeriod.isNegative() || refillPeriod.isZero())) {
				throw new IllegalArgumentException(
						"a rate limit's refill-period must be positive, not " + refillPeriod);
			}
		}

		static Limit orDefault(Limit given, Limit fallback) {
			if (given == null) {
				return fallback;
			}
			return new Limit((given.capacity() != null) ? given.capacity() : fallback.capacity(),
					(given.refillPeriod() != null) ? given.refillPeriod() : fallback.refillPeriod());
		}

	}

}
