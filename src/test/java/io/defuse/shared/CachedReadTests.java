package io.defuse.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

class CachedReadTests {

	private final MovableClock clock = new MovableClock();

	private final AtomicInteger reads = new AtomicInteger();

	private final CachedRead<Integer> cached = new CachedRead<>(Duration.ofSeconds(5), this.clock,
			this.reads::incrementAndGet);

	@Test
	void readsOnceWhileWhatItReadIsYoungerThanTheTimeItIsKept() {
		assertThat(this.cached.get()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.cached.get()).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.cached.get()).isEqualTo(2);
		assertThat(this.reads).hasValue(2);
	}

	@Test
	void readsAgainAfterForgettingAndAgainWhenTheTransactionThatForgotEnds() {
		assertThat(this.cached.get()).isEqualTo(1);
		TransactionSynchronizationManager.initSynchronization();
		try {
			this.cached.forget();
			assertThat(this.cached.get()).as("read again at once").isEqualTo(2);
			assertThat(this.cached.get()).isEqualTo(2);
			TransactionSynchronizationManager.getSynchronizations()
				.forEach((synchronization) -> synchronization
					.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
		assertThat(this.cached.get()).as("what was read before the commit is not kept").isEqualTo(3);
	}

	@Test
	void keepsNothingFromAReadThatAForgettingOverlapped() {
		AtomicInteger reads = new AtomicInteger();
		AtomicReference<CachedRead<Integer>> cached = new AtomicReference<>();
		cached.set(new CachedRead<>(Duration.ofSeconds(5), this.clock, () -> {
			int read = reads.incrementAndGet();
			if (read == 1) {
				// a change committed on another thread while this read ran
				cached.get().forget();
			}
			return read;
		}));
		assertThat(cached.get().get()).as("the overlapped read's value is answered").isEqualTo(1);
		assertThat(cached.get().get()).as("but not kept").isEqualTo(2);
		assertThat(cached.get().get()).isEqualTo(2);
	}

	@Test
	void forgetsOutsideATransactionToo() {
		this.cached.get();
		this.cached.forget();
		assertThat(this.cached.get()).isEqualTo(2);
	}

	private static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-11-26T12:00:00Z");

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
