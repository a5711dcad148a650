package io.defuse.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Something read from the database and kept for a while: for settings every request needs
 * and admins rarely change (SLA policies, guidance texts). A change made on this instance
 * is seen at once ({@link #forget}); one made on another instance within the time it is
 * kept.
 *
 * @param <T> what is read
 */
public final class CachedRead<T> {

	private final Duration keptFor;

	private final Clock clock;

	private final Supplier<T> read;

	/**
	 * What is kept (null when nothing is) and its generation, which every forgetting
	 * advances, so that a read that a forgetting overlapped is never kept after it (as
	 * {@code EnabledEndpoints} keeps its list).
	 */
	private final AtomicReference<Known<T>> known = new AtomicReference<>(new Known<>(0, null));

	public CachedRead(Duration keptFor, Clock clock, Supplier<T> read) {
		this.keptFor = Objects.requireNonNull(keptFor, "keptFor");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.read = Objects.requireNonNull(read, "read");
	}

	/**
	 * What was read at most the time it is kept ago; read now if not. What is read now is
	 * kept only if nothing was forgotten while it was read: such a read may have seen the
	 * data before the change committed.
	 */
	public T get() {
		Known<T> seen = this.known.get();
		Kept<T> kept = seen.kept();
		Instant now = this.clock.instant();
		if (kept == null || kept.readAt().plus(this.keptFor).isBefore(now)) {
			kept = new Kept<>(this.read.get(), now);
			this.known.compareAndSet(seen, new Known<>(seen.generation(), kept));
		}
		return kept.value();
	}

	/**
	 * Forgets what was read, now and again when the current transaction ends: a read made
	 * meanwhile saw the data before the change committed.
	 */
	public void forget() {
		drop();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					drop();
				}
			});
		}
	}

	private void drop() {
		this.known.updateAndGet((known) -> new Known<>(known.generation() + 1, null));
	}

	private record Known<T>(long generation, Kept<T> kept) {
	}

	private record Kept<T>(T value, Instant readAt) {
	}

}
