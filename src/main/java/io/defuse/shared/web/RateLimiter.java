package io.defuse.shared.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import io.defuse.shared.web.RateLimitProperties.Limit;

/**
 * Token buckets per client key (a principal, a client IP, an integration), held in this
 * instance's memory. The map is bounded; a bucket unused for the longest refill period is
 * dropped, which forgives nothing, since it would be full again by then.
 */
class RateLimiter {

	/** Counter of refused requests, tagged with the role (or ANONYMOUS, INBOUND). */
	static final String REJECTIONS = "defuse.rate_limit.rejections";

	static final String LIMIT_HEADER = "RateLimit-Limit";

	static final String REMAINING_HEADER = "RateLimit-Remaining";

	private final Cache<String, Bucket> buckets;

	private final Cache<String, Boolean> authenticated;

	private final MeterRegistry meters;

	private final ProblemResponseWriter problems;

	RateLimiter(RateLimitProperties properties, MeterRegistry meters, ProblemResponseWriter problems) {
		this.buckets = Caffeine.newBuilder()
			.maximumSize(properties.maxTrackedClients())
			.expireAfterAccess(properties.longestRefillPeriod())
			.build();
		this.authenticated = Caffeine.newBuilder()
			.maximumSize(properties.maxTrackedClients())
			.expireAfterWrite(Duration.ofHours(1))
			.build();
		this.meters = meters;
		this.problems = problems;
		// every series at zero from the start, so rates and alerts work before the first
		// refusal
		for (io.defuse.shared.Role role : io.defuse.shared.Role.values()) {
			meters.counter(REJECTIONS, "role", role.name());
		}
		meters.counter(REJECTIONS, "role", ClientRateLimitFilter.ANONYMOUS);
		meters.counter(REJECTIONS, "role", ClientRateLimitFilter.INBOUND);
	}

	/** Takes one token from the key's bucket, if one is left. */
	Verdict take(String key, Limit limit) {
		ConsumptionProbe probe = bucket(key, limit).tryConsumeAndReturnRemaining(1);
		return new Verdict(limit, probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
	}

	/** Whether the key's bucket has a token left, without taking it. */
	Verdict peek(String key, Limit limit) {
		EstimationProbe probe = bucket(key, limit).estimateAbilityToConsume(1);
		return new Verdict(limit, probe.canBeConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
	}

	/** Takes a token if one is left, for a request found afterwards to count. */
	void charge(String key, Limit limit) {
		bucket(key, limit).tryConsume(1);
	}

	/**
	 * Remembers (by hash) credentials that authenticated a principal within the last
	 * hour, so that a client IP exhausted by someone else's failed attempts does not lock
	 * out the principals behind the same address.
	 */
	void authenticated(String credentials) {
		this.authenticated.put(fingerprint(credentials), Boolean.TRUE);
	}

	/** Whether these credentials authenticated a principal within the last hour. */
	boolean authenticatedRecently(String credentials) {
		return this.authenticated.getIfPresent(fingerprint(credentials)) != null;
	}

	private static String fingerprint(String credentials) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Answers 429 with {@code Retry-After} and counts the refusal. */
	void refuse(HttpServletRequest request, HttpServletResponse response, Verdict verdict, String role)
			throws IOException {
		this.meters.counter(REJECTIONS, "role", role).increment();
		verdict.describe(response);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
		this.problems.write(request, response, rateLimited(verdict));
	}

	static ProblemDetail rateLimited(Verdict verdict) {
		Limit limit = verdict.limit();
		ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too Many Requests",
				"More than " + limit.capacity() + " requests within " + limit.refillPeriod() + "; retry in "
						+ verdict.retryAfterSeconds() + " s");
		problem.setProperty("limit", limit.capacity());
		problem.setProperty("refillPeriod", limit.refillPeriod().toString());
		problem.setProperty("retryAfterSeconds", verdict.retryAfterSeconds());
		return problem;
	}

	private Bucket bucket(String key, Limit limit) {
		return this.buckets.get(key,
				(ignored) -> Bucket.builder()
					.addLimit(Bandwidth.builder()
						.capacity(limit.capacity())
						.refillGreedy(limit.capacity(), limit.refillPeriod())
						.build())
					.build());
	}

	/**
	 * What a bucket said about one request.
	 *
	 * @param limit the bucket's limit
	 * @param allowed whether the request may go on
	 * @param remaining tokens left after it
	 * @param nanosToWait until the next token, when refused
	 */
	record Verdict(Limit limit, boolean allowed, long remaining, long nanosToWait) {

		/** Whole seconds until a retry can succeed, at least 1. */
		long retryAfterSeconds() {
			return Math.max(1, (this.nanosToWait + 999_999_999L) / 1_000_000_000L);
		}

		/** The {@code RateLimit-Limit} and {@code RateLimit-Remaining} headers. */
		void describe(HttpServletResponse response) {
			response.setHeader(LIMIT_HEADER, Long.toString(this.limit.capacity()));
			response.setHeader(REMAINING_HEADER, Long.toString(Math.max(0, this.remaining)));
		}

	}

}
