package io.defuse.access;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.defuse.shared.Actor;

/**
 * The keys that authenticated on this instance lately, by hash, each remembered for
 * {@code defuse.access.key-cache-ttl} after it was read, so that a busy client costs a
 * key look-up per interval rather than per request. A key's own end (expiry, the end of a
 * rotation's grace period) is checked on every use. A change to keys or team memberships
 * forgets them all when it commits; another instance's change takes effect here within
 * the interval. Unknown keys are never remembered.
 */
@Component
class RecentKeys {

	/** A key as read from the database, and when. */
	record Known(UUID keyId, Actor actor, Instant endsAt, Instant lastUsedAt, Instant readAt) {

		boolean usableAt(Instant now) {
			return this.endsAt == null || this.endsAt.isAfter(now);
		}

		Known usedAt(Instant now) {
			return new Known(this.keyId, this.actor, this.endsAt, now, this.readAt);
		}

	}

	private final Duration ttl;

	private final Cache<String, Known> byHash;

	private final AtomicLong generation = new AtomicLong();

	RecentKeys(ApiKeyProperties properties) {
		this.ttl = properties.keyCacheTtl();
		this.byHash = Caffeine.newBuilder().maximumSize(properties.keyCacheSize()).expireAfterWrite(this.ttl).build();
	}

	/**
	 * The key with this hash, if it was read less than the interval before {@code now}.
	 */
	Known get(String hash, Instant now) {
		Known known = this.byHash.getIfPresent(hash);
		return (known != null && known.readAt().plus(this.ttl).isAfter(now)) ? known : null;
	}

	/** A mark to take before reading a key, for {@link #put}. */
	long generation() {
		return this.generation.get();
	}

	/**
	 * Remembers a key read after {@code generation} was taken, unless everything was
	 * forgotten since: then it may have been read before the change committed.
	 */
	void put(String hash, Known known, long generation) {
		if (!this.ttl.isZero()) {
			this.byHash.put(hash, known);
			if (this.generation.get() != generation) {
				this.byHash.invalidate(hash);
			}
		}
	}

	/**
	 * Forgets every key once the current transaction commits: forgotten earlier, a
	 * request in between could read the old state again.
	 */
	void forgetAllAfterCommit() {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				forgetAll();
			}
		});
	}

	void forgetAll() {
		this.generation.incrementAndGet();
		this.byHash.invalidateAll();
	}

}
