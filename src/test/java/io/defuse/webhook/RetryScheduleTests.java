package io.defuse.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTests {

	static final List<Duration> SVIX = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
			Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

	static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	@Test
	void followsTheScheduleWithinTwentyPercentJitterThenStops() {
		RetrySchedule schedule = new RetrySchedule(SVIX, 0.2, Duration.ofHours(10));
		assertThat(schedule.maxAttempts()).isEqualTo(8);
		for (int failed = 1; failed <= 7; failed++) {
			Duration nominal = SVIX.get(failed - 1);
			for (int i = 0; i < 200; i++) {
				Duration delay = Duration.between(NOW, schedule.next(failed, null, NOW));
				assertThat(delay.toMillis()).isBetween((long) (nominal.toMillis() * 0.8),
						(long) (nominal.toMillis() * 1.2));
			}
		}
		assertThat(schedule.next(8, null, NOW)).isNull();
	}

	@Test
	void retryAfterIsHonouredButBounded() {
		RetrySchedule schedule = new RetrySchedule(SVIX, 0.2, Duration.ofHours(10));
		assertThat(schedule.next(1, Duration.ofSeconds(42), NOW)).isEqualTo(NOW.plusSeconds(42));
		assertThat(schedule.next(1, Duration.ofDays(3), NOW)).isEqualTo(NOW.plus(Duration.ofHours(10)));
		assertThat(schedule.next(1, Duration.ofSeconds(-5), NOW)).isEqualTo(NOW);
		assertThat(schedule.next(8, Duration.ofSeconds(1), NOW)).isNull();
	}

	@Test
	void readsRetryAfterAsSecondsOrHttpDate() {
		assertThat(DeliveryWorker.retryAfter("120", NOW)).isEqualTo(Duration.ofSeconds(120));
		assertThat(DeliveryWorker.retryAfter("Mon, 23 Nov 2026 12:01:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(1));
		assertThat(DeliveryWorker.retryAfter("soon", NOW)).isNull();
		assertThat(DeliveryWorker.retryAfter(null, NOW)).isNull();
	}

}
