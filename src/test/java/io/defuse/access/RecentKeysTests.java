package io.defuse.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.defuse.access.RecentKeys.Known;
import io.defuse.shared.Actor;
import io.defuse.shared.Role;

import static org.assertj.core.api.Assertions.assertThat;

class RecentKeysTests {

	private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

	private static final Actor AGENT = new Actor(UUID.randomUUID(), "agent", Role.AGENT, Set.of());

	private final RecentKeys recent = new RecentKeys(new ApiKeyProperties(5, Duration.ofSeconds(2), 100));

	@AfterEach
	void noSynchronizationLeftBehind() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void aKeyIsRememberedForTheIntervalAfterItWasRead() {
		this.recent.put("hash", known(null), this.recent.generation());

		assertThat(this.recent.get("hash", T0.plusMillis(1999))).isNotNull();
		assertThat(this.recent.get("hash", T0.plusSeconds(2))).isNull();
		assertThat(this.recent.get("other", T0)).isNull();
	}

	@Test
	void aZeroIntervalRemembersNothing() {
		RecentKeys never = new RecentKeys(new ApiKeyProperties(5, Duration.ZERO, 100));
		never.put("hash", known(null), never.generation());

		assertThat(never.get("hash", T0)).isNull();
	}

	@Test
	void aRememberedKeyIsUsableOnlyUntilItsEnd() {
		Known ending = known(T0.plusSeconds(1));

		assertThat(ending.usableAt(T0.plusMillis(999))).isTrue();
		assertThat(ending.usableAt(T0.plusSeconds(1))).isFalse();
		assertThat(known(null).usableAt(T0.plus(Duration.ofDays(3650)))).isTrue();
	}

	@Test
	void aChangeForgetsEveryKeyWhenItCommitsNotBefore() {
		this.recent.put("hash", known(null), this.recent.generation());
		TransactionSynchronizationManager.initSynchronization();

		this.recent.forgetAllAfterCommit();
		assertThat(this.recent.get("hash", T0)).isNotNull();

		TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
		assertThat(this.recent.get("hash", T0)).isNull();
	}

	@Test
	void aKeyReadBeforeAChangeCommittedIsNotRemembered() {
		long beforeTheRead = this.recent.generation();
		this.recent.forgetAll();

		this.recent.put("hash", known(null), beforeTheRead);
		assertThat(this.recent.get("hash", T0)).isNull();
	}

	private static Known known(Instant endsAt) {
		return new Known(UUID.randomUUID(), AGENT, endsAt, T0, T0);
	}

}
