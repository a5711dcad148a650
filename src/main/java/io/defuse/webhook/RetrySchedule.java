package io.defuse.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a delivery again: the Svix schedule (now, 5 s, 5 min, 30 min, 2 h, 5 h, 10
 * h, 10 h) with ±20 % jitter so retries of many deliveries do not arrive in lockstep, and
 * a receiver's {@code Retry-After} honoured up to a bound.
 */
final class RetrySchedule {

	private final List<Duration> delays;

	private final double jitter;

	private final Duration maxRetryAfter;

	RetrySchedule(List<Duration> delays, double jitter, Duration maxRetryAfter) {
		this.delays = List.copyOf(delays);
		this.jitter = jitter;
		this.maxRetryAfter = maxRetryAfter;
	}

	/** Attempts in all: the first one, plus one per delay. */
	int maxAttempts() {
		return this.delays.size() + 1;
	}

	/**
	 * When to try again after {@code failedAttempts} attempts have failed, or
	 * {@code null} when they are used up.
	 */
	Instant next(int failedAttempts, Duration retryAfter, Instant now) {
		if (failedAttempts >= maxAttempts()) {
			return null;
		}
		if (retryAfter != null) {
			Duration bounded = retryAfter.compareTo(this.maxRetryAfter) > 0 ? this.maxRetryAfter
					: retryAfter.isNegative() ? Duration.ZERO : retryAfter;
			return now.plus(bounded);
		}
		Duration delay = this.delays.get(failedAttempts - 1);
		double spread = (this.jitter > 0) ? 1 + ThreadLocalRandom.current().nextDouble(-this.jitter, this.jitter) : 1;
		return now.plusMillis(Math.round(delay.toMillis() * spread));
	}

}
