package io.defuse.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API key policies.
 *
 * @param maxActiveKeys how many active keys one principal may hold at a time; a rotated
 * key in its grace period does not count
 * @param keyCacheTtl how long an instance trusts a key it has read before reading it
 * again: the longest a key revoked, or a team membership changed, on another instance
 * keeps its old meaning here (zero: every request reads its key)
 * @param keyCacheSize how many keys an instance remembers at most
 */
@ConfigurationProperties("defuse.access")
record ApiKeyProperties(@DefaultValue("5") int maxActiveKeys, @DefaultValue("2s") Duration keyCacheTtl,
		@DefaultValue("10000") int keyCacheSize) {

	ApiKeyProperties {
		if (maxActiveKeys < 1) {
			throw new IllegalArgumentException(
					"defuse.access.max-active-keys must be at least 1, not " + maxActiveKeys);
		}
		if (keyCacheTtl.isNegative() || keyCacheTtl.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException("defuse.access.key-cache-ttl must be from 0s to 1m, not " + keyCacheTtl);
		}
		if (keyCacheSize < 1) {
			throw new IllegalArgumentException("defuse.access.key-cache-size must be at least 1, not " + keyCacheSize);
		}
	}

}
