package io.defuse.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.shared.Role;

/**
 * Makes sure an admin can get in: the operator's {@code DEFUSE_BOOTSTRAP_ADMIN_KEY} is
 * stored (as a hash) if configured; otherwise, on a database with no keys at all, one
 * admin key is generated and printed once. An advisory lock keeps two instances starting
 * together from both generating one.
 */
@Component
class BootstrapAdminKey implements ApplicationRunner {

	static final String PRINCIPAL = "admin";

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

	private static final long LOCK = 0x64656675736501L;

	private final AccessProperties properties;

	private final ApiKeyService keys;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	BootstrapAdminKey(AccessProperties properties, ApiKeyService keys, JdbcTemplate jdbc,
			TransactionTemplate transaction) {
		this.properties = properties;
		this.keys = keys;
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	@Override
	public void run(ApplicationArguments args) {
		String configured = this.properties.bootstrapAdminKey();
		if (configured != null && !configured.isBlank() && configured.strip().length() < ApiKeySecret.MIN_LENGTH) {
			throw new IllegalStateException("DEFUSE_BOOTSTRAP_ADMIN_KEY must be at least " + ApiKeySecret.MIN_LENGTH
					+ " characters long; generate one with: openssl rand -base64 32");
		}
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.queryForList("select pg_advisory_xact_lock(?)", LOCK);
			if (configured != null && !configured.isBlank()) {
				this.keys.ensureKey(PRINCIPAL, Role.ADMIN, new ApiKeySecret(configured.strip()),
						"bootstrap key from DEFUSE_BOOTSTRAP_ADMIN_KEY");
			}
			else if (!this.keys.anyKeyExists()) {
				ApiKeySecret generated = ApiKeySecret.generate();
				this.keys.ensureKey(PRINCIPAL, Role.ADMIN, generated, "generated at first start");
				announce(generated);
			}
		});
	}

	/**
	 * Printed to standard output rather than logged: it is the one time a key is ever
	 * shown, and log pipelines should never carry keys.
	 */
	private void announce(ApiKeySecret generated) {
		log.warn("No API keys existed, so an admin key was generated; it is printed once on standard output");
		System.out.printf(
				"%n=== Defuse: first admin API key (shown only now; store it safely) ===%n" + "X-API-Key: %s%n"
						+ "=====================================================================%n%n",
				generated.value());
	}

}
