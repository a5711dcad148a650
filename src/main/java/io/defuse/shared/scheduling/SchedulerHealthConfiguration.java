package io.defuse.shared.scheduling;

import java.time.Clock;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import com.github.kagkarlsson.scheduler.task.Task;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code scheduler} health indicator, in the readiness group. It replaces the
 * starter's own {@code dbScheduler} indicator (switched off in application.yml), which
 * looks at the started flag only.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerHealthConfiguration {

	@Bean
	SchedulerHealthIndicator schedulerHealthIndicator(ObjectProvider<Scheduler> scheduler,
			ObjectProvider<Task<?>> tasks, DbSchedulerProperties scheduling, SchedulerHealthProperties properties,
			JdbcClient jdbc, Clock clock) {
		return new SchedulerHealthIndicator(scheduler::getIfAvailable, new ScheduledTasksProbe(jdbc),
				() -> tasks.orderedStream().map(Task::getName).toList(), scheduling.getThreads(), properties, clock);
	}

}
