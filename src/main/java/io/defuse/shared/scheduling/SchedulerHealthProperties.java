package io.defuse.shared.scheduling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the {@code scheduler} health indicator calls the job scheduler stale.
 *
 * @param maxPollDelay how long a due job may wait unpicked while this instance has a free
 * thread (polling runs every {@code db-scheduler.polling-interval}, 1 s)
 * @param maxHeartbeatAge how old the heartbeat of a running job may be before it counts
 * as lost and not recovered (db-scheduler gives up on a job after
 * {@code missed-heartbeats-limit} × {@code heartbeat-interval}, 1 minute, and runs it
 * again)
 */
@ConfigurationProperties("defuse.scheduler.health")
public record SchedulerHealthProperties(@DefaultValue("60s") Duration maxPollDelay,
		@DefaultValue("3m") Duration maxHeartbeatAge) {
}
