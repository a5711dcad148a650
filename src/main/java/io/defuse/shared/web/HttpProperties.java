package io.defuse.shared.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits of the API.
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 * @param maxConcurrentRequests API requests in progress at once on this instance; the
 * next one gets 503 at once instead of queueing for a database connection; 0 for no limit
 */
@ConfigurationProperties("defuse.http")
public record HttpProperties(@DefaultValue("256KB") DataSize maxBodySize,
		@DefaultValue("100") int maxConcurrentRequests) {
}
