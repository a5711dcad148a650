package io.defuse.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound webhook settings.
 *
 * @param allowPrivateTargets allow http and private, loopback and link-local targets: for
 * local development and tests only, never in production (it opens the door to SSRF)
 * @param connectTimeout how long to wait for a receiver's TCP connection
 * @param requestTimeout how long a whole attempt may take
 * @param retrySchedule delays after the 1st, 2nd, … failed attempt; when they run out the
 * delivery is FAILED (kept, and recoverable)
 * @param jitter random spread applied to each delay, as a fraction (0.2 = ±20 %)
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 * @param disableAfter an endpoint failing without a single success for this long is
 * disabled
 * @param rotationGrace how long the previous secret keeps signing after a rotation
 * @param retention how long finished deliveries and their attempts are kept, counted from
 * their event
 * @param maxConcurrentPerEndpoint attempts one endpoint may have in progress at once on
 * one instance; the rest of its deliveries wait, so that a slow or hanging receiver can
 * take no more of the instance's delivery threads than this
 * @param listenUrl the JDBC URL of the connection on which each instance hears of changes
 * to the endpoints (PostgreSQL {@code LISTEN}); when not set, the URL of the
 * application's pool. Behind a pooler in transaction mode (PgBouncer), which does not
 * carry {@code LISTEN}, point it at PostgreSQL itself; {@code none} keeps no list of
 * endpoints in memory (every change reads them)
 */
@ConfigurationProperties("defuse.webhooks")
record WebhookProperties(@DefaultValue("false") boolean allowPrivateTargets,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("15s") Duration requestTimeout, @DefaultValue( {
				"5s", "5m", "30m", "2h", "5h", "10h", "10h" }) List<Duration> retrySchedule,
		@DefaultValue("0.2") double jitter, @DefaultValue("10h") Duration maxRetryAfter,
		@DefaultValue("5d") Duration disableAfter, @DefaultValue("24h") Duration rotationGrace,
		@DefaultValue("30d") Duration retention, @DefaultValue("4") int maxConcurrentPerEndpoint, String listenUrl){

	WebhookProperties {
		if (maxConcurrentPerEndpoint < 1) {
			throw new IllegalArgumentException(
					"defuse.webhooks.max-concurrent-per-endpoint must be at least 1, not " + maxConcurrentPerEndpoint);
		}
	}

}
