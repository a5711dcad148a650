package io.defuse.casework;

import java.time.Duration;

/**
 * When to follow up, and how often to try.
 *
 * @param delay from the recorded response to the first follow-up
 * @param retryDelay from an attempt that did not reach the customer to the next one
 * @param maxAttempts unreached attempts after which the case closes as
 * RESOLVED_UNCONFIRMED
 */
record FollowUpPolicy(Duration delay, Duration retryDelay, int maxAttempts) {
}
