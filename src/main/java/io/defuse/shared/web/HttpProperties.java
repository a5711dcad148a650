package io.defuse.shared.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits of the API.
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 * @param maxConcurrentRequests API requests worked on at once on this instance; further
 * ones wait their turn in the order they came; 0 for no limit. The size of the requests'
 * connection pool: more at once only wait for a connection inside, sharing the processors
 * (docs/BENCHMARKS.md, changes 12 and 13)
 * @param maxQueuedRequests API requests that may wait for their turn; the next one gets
 * 503 at once
 * @param maxQueueWait how long a request waits for its turn before it gets 503
 */
@ConfigurationProperties("defuse.http")
public record HttpProperties(@DefaultValue("256KB") DataSize maxBodySize, @DefaultValue("10") int maxConcurrentRequests,
		@DefaultValue("200") int maxQueuedRequests, @DefaultValue("2s") Duration maxQueueWait) {
}
