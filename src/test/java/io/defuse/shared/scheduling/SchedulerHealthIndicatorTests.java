package io.defuse.shared.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.defuse.shared.scheduling.ScheduledTasksProbe.Backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** When the scheduler is called stale, without a database. */
class SchedulerHealthIndicatorTests {

	static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	static final SchedulerHealthProperties PROPERTIES = new SchedulerHealthProperties(Duration.ofSeconds(60),
			Duration.ofMinutes(3));

	static final int THREADS = 2;

	final Scheduler scheduler = mock(Scheduler.class);

	final SchedulerState state = mock(SchedulerState.class);

	final ScheduledTasksProbe probe = mock(ScheduledTasksProbe.class);

	final SchedulerHealthIndicator indicator = new SchedulerHealthIndicator(() -> this.scheduler, this.probe,
			() -> List.of("webhook-delivery", "sla-watch"), THREADS, PROPERTIES, Clock.fixed(NOW, ZoneOffset.UTC));

	@BeforeEach
	void runningAndIdle() {
		given(this.scheduler.getSchedulerState()).willReturn(this.state);
		given(this.state.isStarted()).willReturn(true);
		given(this.scheduler.getCurrentlyExecuting()).willReturn(List.of());
		given(this.scheduler.getCurrentlyExecutingWithStaleHeartbeat()).willReturn(List.of());
		backlog(null, null);
	}

	@Test
	void aStartedSchedulerWithNothingOverdueIsUp() {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("state", "started").containsEntry("threads", THREADS);
	}

	@Test
	void notStartedPausedOrShuttingDownIsDown() {
		given(this.state.isStarted()).willReturn(false);
		assertDown("state", "not_started");
		given(this.state.isStarted()).willReturn(true);
		given(this.state.isPaused()).willReturn(true);
		assertDown("state", "paused");
		given(this.state.isShuttingDown()).willReturn(true);
		assertDown("state", "shutting_down");
	}

	@Test
	void aDueJobWaitingWhileAThreadIsFreeMeansPollingIsStale() {
		backlog(NOW.minusSeconds(90), null);
		Health health = assertDown("overdueSeconds", 90L);
		assertThat(health.getDetails()).containsKey("polling");
	}

	@Test
	void aDueJobWaitingWhileEveryThreadIsBusyIsABacklogNotStalePolling() {
		backlog(NOW.minusSeconds(90), null);
		given(this.scheduler.getCurrentlyExecuting())
			.willReturn(Collections.nCopies(THREADS, mock(CurrentlyExecuting.class)));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("overdueSeconds", 90L).doesNotContainKey("polling");
	}

	@Test
	void aJobHereThatCannotRenewItsHeartbeatIsDown() {
		given(this.scheduler.getCurrentlyExecutingWithStaleHeartbeat())
			.willReturn(List.of(mock(CurrentlyExecuting.class)));
		assertDown("staleHeartbeats", 1);
	}

	@Test
	void aLostJobNobodyRecoveredIsDown() {
		backlog(null, NOW.minus(Duration.ofMinutes(10)));
		assertDown("lostJobHeartbeatSeconds", 600L);
	}

	@Test
	void noSchedulerAtAllIsDown() {
		SchedulerHealthIndicator without = new SchedulerHealthIndicator(() -> null, this.probe, List::of, THREADS,
				PROPERTIES, Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(without.health().getStatus()).isEqualTo(Status.DOWN);
	}

	private Health assertDown(String detail, Object value) {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry(detail, value);
		return health;
	}

	private void backlog(Instant overdueSince, Instant lostSince) {
		given(this.probe.backlog(anyList(), any(), any())).willReturn(new Backlog(overdueSince, lostSince));
	}

}
