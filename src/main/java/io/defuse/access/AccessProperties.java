package io.defuse.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param bootstrapAdminKey an admin API key chosen by the operator (env
 * {@code DEFUSE_BOOTSTRAP_ADMIN_KEY}); without it, the first start on an empty database
 * generates one and prints it once
 */
@ConfigurationProperties("defuse")
record AccessProperties(String bootstrapAdminKey) {

	@Override
	public String toString() {
		return "AccessProperties[bootstrapAdminKey=" + ((this.bootstrapAdminKey != null) ? "(set)" : "(unset)") + "]";
	}

}
