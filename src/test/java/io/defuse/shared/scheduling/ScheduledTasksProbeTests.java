package io.defuse.shared.scheduling;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness probe's reading of the job table, on the table as the migrations leave it
 * (since V30 without an index on the heartbeat). The jobs are written in a transaction
 * that is rolled back, so the scheduler never sees them.
 */
@IntegrationTest
class ScheduledTasksProbeTests {

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private static final String MINE = "probe-test-task";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void findsTheOldestOverdueJobOfItsOwnTasksAndTheOldestLostJobOfAny() {
		ScheduledTasksProbe.Backlog backlog = inRolledBackTransaction(() -> {
			job(MINE, "overdue-oldest", days(10), null);
			job(MINE, "overdue", days(5), null);
			job("probe-test-other-task", "not-ours-to-pick", days(20), null);
			job(MINE, "running", days(30), NOW);
			job("probe-test-other-task", "lost-oldest", days(1), days(8));
			job(MINE, "lost", days(1), days(4));
			return probe().backlog(List.of(MINE), days(2), days(3));
		});

		assertThat(backlog.overdueSince()).as("not picked, due before, of the given tasks").isEqualTo(days(10));
		assertThat(backlog.lostSince()).as("picked, last heartbeat before, of any task").isEqualTo(days(8));
	}

	@Test
	void findsNothingWhenEveryJobIsOnTime() {
		ScheduledTasksProbe.Backlog backlog = inRolledBackTransaction(() -> {
			job(MINE, "due-later", days(1), null);
			job(MINE, "running", days(30), days(1));
			return probe().backlog(List.of(MINE), days(2), days(3));
		});

		assertThat(backlog.overdueSince()).isNull();
		assertThat(backlog.lostSince()).isNull();
	}

	private ScheduledTasksProbe probe() {
		return new ScheduledTasksProbe(this.jdbc);
	}

	private ScheduledTasksProbe.Backlog inRolledBackTransaction(Supplier<ScheduledTasksProbe.Backlog> work) {
		return this.transaction.execute((status) -> {
			status.setRollbackOnly();
			return work.get();
		});
	}

	/** A job due at {@code due}; picked when it has a heartbeat. */
	private void job(String task, String instance, Instant due, Instant heartbeat) {
		this.jdbc
			.sql("""
					insert into scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, last_heartbeat, version)
					values (:task, :instance, :due, :picked, :by, :heartbeat, 1)""")
			.param("task", task)
			.param("instance", instance)
			.param("due", Timestamp.from(due))
			.param("picked", heartbeat != null)
			.param("by", (heartbeat != null) ? "probe-test-instance" : null)
			.param("heartbeat", (heartbeat != null) ? Timestamp.from(heartbeat) : null)
			.update();
	}

	private static Instant days(int ago) {
		return NOW.minus(Duration.ofDays(ago));
	}

}
