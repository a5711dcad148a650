package io.defuse.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API key policies.
 *
 * @param maxActiveKeys how many active keys one principal may hold at a time; a rotated
 * key in its grace period does not count
 */
@ConfigurationProperties("defuse.access")
record ApiKeyProperties(@DefaultValue("5") int maxActiveKeys) {

	ApiKeyProperties {
		if (maxActiveKeys < 1) {
			throw new IllegalArgumentException(
					"defuse.access.max-active-keys must be at least 1, not " + maxActiveKeys);
		}
	}

}
