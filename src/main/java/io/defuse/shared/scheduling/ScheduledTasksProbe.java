package io.defuse.shared.scheduling;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.defuse.shared.Columns;

/** Reads the job table for signs that jobs are not being run. */
class ScheduledTasksProbe {

	private final JdbcClient jdbc;

	ScheduledTasksProbe(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param tasks the tasks this instance runs (others' jobs are not its to pick)
	 * @param dueBefore jobs due before this and still not picked are overdue
	 * @param heartbeatBefore running jobs whose last heartbeat is older were lost
	 */
	Backlog backlog(Collection<String> tasks, Instant dueBefore, Instant heartbeatBefore) {
		return this.jdbc.sql("""
				select (select min(execution_time) from scheduled_tasks
				        where not picked and execution_time < :dueBefore and task_name = any(:tasks)) as overdue_since,
				       (select min(last_heartbeat) from scheduled_tasks
				        where picked and last_heartbeat < :heartbeatBefore) as lost_since""")
			.param("dueBefore", Timestamp.from(dueBefore))
			.param("heartbeatBefore", Timestamp.from(heartbeatBefore))
			.param("tasks", tasks.toArray(String[]::new))
			.query((row, n) -> new Backlog(Columns.instant(row, "overdue_since"), Columns.instant(row, "lost_since")))
			.single();
	}

	/**
	 * @param overdueSince the due time of the oldest overdue job, or null
	 * @param lostSince the last heartbeat of the oldest lost job, or null
	 */
	record Backlog(Instant overdueSince, Instant lostSince) {
	}

}
