package io.defuse.shared.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerState;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.defuse.shared.scheduling.ScheduledTasksProbe.Backlog;

/**
 * Whether this instance's job scheduler (db-scheduler: webhook deliveries, the SLA watch,
 * purges) is running and keeping up. DOWN when it is not started, paused or shutting
 * down; when a job running here cannot renew its heartbeat; when a due job has waited
 * unpicked longer than {@code max-poll-delay} although this instance has a free thread
 * (its polling is stale); or when a running job's heartbeat in {@code scheduled_tasks} is
 * older than {@code max-heartbeat-age} (a lost job nobody recovered). Part of the
 * readiness group.
 */
class SchedulerHealthIndicator implements HealthIndicator {

	private final Supplier<Scheduler> scheduler;

	private final ScheduledTasksProbe probe;

	private final Supplier<List<String>> tasks;

	private final int threads;

	private final SchedulerHealthProperties properties;

	private final Clock clock;

	SchedulerHealthIndicator(Supplier<Scheduler> scheduler, ScheduledTasksProbe probe, Supplier<List<String>> tasks,
			int threads, SchedulerHealthProperties properties, Clock clock) {
		this.scheduler = scheduler;
		this.probe = probe;
		this.tasks = tasks;
		this.threads = threads;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Scheduler scheduler = this.scheduler.get();
		if (scheduler == null) {
			return Health.down().withDetail("state", "absent").build();
		}
		SchedulerState state = scheduler.getSchedulerState();
		if (state.isShuttingDown()) {
			return Health.down().withDetail("state", "shutting_down").build();
		}
		if (!state.isStarted()) {
			return Health.down().withDetail("state", "not_started").build();
		}
		if (state.isPaused()) {
			return Health.down().withDetail("state", "paused").build();
		}
		List<CurrentlyExecuting> executing = scheduler.getCurrentlyExecuting();
		int staleHere = scheduler.getCurrentlyExecutingWithStaleHeartbeat().size();
		Instant now = this.clock.instant();
		Backlog backlog = this.probe.backlog(this.tasks.get(), now.minus(this.properties.maxPollDelay()),
				now.minus(this.properties.maxHeartbeatAge()));
		boolean freeThread = executing.size() < this.threads;
		boolean pollingStale = backlog.overdueSince() != null && freeThread;
		Health.Builder health = (staleHere > 0 || pollingStale || backlog.lostSince() != null) ? Health.down()
				: Health.up();
		health.withDetail("state", "started")
			.withDetail("executing", executing.size())
			.withDetail("threads", this.threads);
		if (staleHere > 0) {
			health.withDetail("staleHeartbeats", staleHere);
		}
		if (backlog.overdueSince() != null) {
			health.withDetail("overdueSeconds", Duration.between(backlog.overdueSince(), now).toSeconds());
		}
		if (pollingStale) {
			health.withDetail("polling", "stale: a due job waits although a thread is free");
		}
		if (backlog.lostSince() != null) {
			health.withDetail("lostJobHeartbeatSeconds", Duration.between(backlog.lostSince(), now).toSeconds());
		}
		return health.build();
	}

}
