package io.defuse.casework;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;

import io.defuse.shared.TransactionBound;

/**
 * Stores every {@link CaseEvent} as a timeline row, and every {@link StepStay} a case
 * records when it moves on, inside the transaction of the change that caused it: a change
 * is never committed without its history.
 * <p>
 * The rows of one transaction are written together just before it commits, one JDBC batch
 * per table, as plain inserts: they are never changed once written, so they need none of
 * what the persistence context keeps for an entity (a step's four rows through Hibernate
 * cost it more than writing them). The case they belong to is written before its events
 * are published (saved and flushed when opened, flushed after an action), so the rows
 * find it. A row published after that (from another synchronization) is written at once.
 */
@Component
class TimelineRecorder {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	TimelineRecorder(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@EventListener
	void on(CaseEvent event) {
		TimelineEvent row = new TimelineEvent(event, this.json.writeValueAsString(event.data()));
		Rows rows = rowsOfTransaction();
		if (rows == null) {
			writeEvents(List.of(row));
		}
		else {
			rows.events.add(row);
		}
	}

	@EventListener
	void on(StepStay stay) {
		Rows rows = rowsOfTransaction();
		if (rows == null) {
			writeStays(List.of(stay));
		}
		else {
			rows.stays.add(stay);
		}
	}

	/**
	 * The current transaction's rows waiting for its commit; null when they go at once.
	 */
	private Rows rowsOfTransaction() {
		Rows rows = TransactionBound.of(this, Rows::new);
		return (rows == null || rows.written) ? null : rows;
	}

	private void writeEvents(List<TimelineEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate("""
				insert into case_events (case_id, seq, type, occurred_at, actor, actor_role, step, data)
				values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))""", events, events.size(), (statement, event) -> {
			statement.setObject(1, event.caseId());
			statement.setInt(2, event.sequence());
			statement.setString(3, event.type());
			statement.setTimestamp(4, Timestamp.from(event.occurredAt()));
			statement.setString(5, event.actor());
			statement.setString(6, event.actorRole().name());
			statement.setString(7, event.step().name());
			statement.setString(8, event.data());
		});
	}

	private void writeStays(List<StepStay> stays) {
		if (stays.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate("""
				insert into case_step_stays (id, case_id, step, entered_at, left_at) values (?, ?, ?, ?, ?)""", stays,
				stays.size(), (statement, stay) -> {
					statement.setObject(1, stay.id());
					statement.setObject(2, stay.caseId());
					statement.setString(3, stay.step().name());
					statement.setTimestamp(4, Timestamp.from(stay.enteredAt()));
					statement.setTimestamp(5, Timestamp.from(stay.leftAt()));
				});
	}

	private final class Rows implements TransactionSynchronization {

		private final List<TimelineEvent> events = new ArrayList<>();

		private final List<StepStay> stays = new ArrayList<>();

		private boolean written;

		@Override
		public void beforeCommit(boolean readOnly) {
			this.written = true;
			writeEvents(this.events);
			writeStays(this.stays);
		}

	}

}
