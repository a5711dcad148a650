package io.defuse.casework;

import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;

import io.defuse.shared.MultiRowInsert;
import io.defuse.shared.TransactionBound;

/**
 * Stores every {@link CaseEvent} as a timeline row, and every {@link StepStay} a case
 * records when it moves on, inside the transaction of the change that caused it: a change
 * is never committed without its history.
 * <p>
 * The rows of one transaction are written together just before it commits, in one
 * statement for both tables, as plain inserts: they are never changed once written, so
 * they need none of what the persistence context keeps for an entity (a step's four rows
 * through Hibernate cost it more than writing them). The case they belong to is written
 * before its events are published, so the rows find it. A row published after that (from
 * another synchronization) is written at once. A new or changed case's own rows go with
 * its row instead: {@link CaseRows} puts the {@link #insertsFor inserts} in front of the
 * statement that writes it, a round trip fewer.
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
		Rows rows = rowsOfTransaction();
		if (rows == null) {
			write(List.of(row(event)), List.of());
		}
		else if (!rows.inserted.remove(event)) {
			rows.events.add(row(event));
		}
	}

	@EventListener
	void on(StepStay stay) {
		Rows rows = rowsOfTransaction();
		if (rows == null) {
			write(List.of(), List.of(stay));
		}
		else if (!rows.inserted.remove(stay)) {
			rows.stays.add(stay);
		}
	}

	private TimelineEvent row(CaseEvent event) {
		return new TimelineEvent(event, this.json.writeValueAsString(event.data()));
	}

	/**
	 * The rows of a case's events and stays that are about to be published in the current
	 * transaction, as inserts for the statement that writes the case's row; publishing
	 * them then writes nothing more. {@link Inserts#NONE} when there is nothing to
	 * insert, too much for one statement, or no transaction (they are then written when
	 * published).
	 */
	Inserts insertsFor(List<CaseEvent> events, List<StepStay> stays) {
		Rows rows = rowsOfTransaction();
		if (rows == null || events.size() + stays.size() == 0
				|| events.size() + stays.size() > MultiRowInsert.MAX_ROWS) {
			return Inserts.NONE;
		}
		List<TimelineEvent> eventRows = events.stream().map(this::row).toList();
		rows.inserted.addAll(events);
		rows.inserted.addAll(stays);
		return new Inserts(eventRows.size(), stays.size(), values(eventRows, stays));
	}

	/**
	 * Timeline rows to insert in front of another statement.
	 *
	 * @param events how many event rows
	 * @param stays how many step stays
	 * @param values their parameters, the events' first
	 */
	record Inserts(int events, int stays, List<SqlParameterValue> values) {

		/** No rows. */
		static final Inserts NONE = new Inserts(0, 0, List.of());

		/**
		 * Inserts of so many events and stays as queries of a {@code with} clause, named
		 * events and stays.
		 */
		static String queries(int events, int stays) {
			List<String> queries = new ArrayList<>();
			if (events > 0) {
				queries.add("events as (" + insertEvents(events) + ")");
			}
			if (stays > 0) {
				queries.add("stays as (" + insertStays(stays) + ")");
			}
			return String.join(",\n", queries);
		}

	}

	/**
	 * The current transaction's rows waiting for its commit; null when they go at once.
	 */
	private Rows rowsOfTransaction() {
		Rows rows = TransactionBound.of(this, Rows::new);
		return (rows == null || rows.written) ? null : rows;
	}

	/**
	 * One statement for the rows of a transaction, both tables at once: a round trip
	 * fewer than a batch per table.
	 */
	private void write(List<TimelineEvent> events, List<StepStay> stays) {
		if (events.size() + stays.size() > MultiRowInsert.MAX_ROWS) {
			MultiRowInsert.parts(events, (event) -> 1).forEach((part) -> write(part, List.of()));
			MultiRowInsert.parts(stays, (stay) -> 1).forEach((part) -> write(List.of(), part));
			return;
		}
		String sql = stays.isEmpty() ? insertEvents(events.size()) : events.isEmpty() ? insertStays(stays.size())
				: "with events as (" + insertEvents(events.size()) + ")\n" + insertStays(stays.size());
		this.jdbc.update(sql, values(events, stays).toArray());
	}

	private static List<SqlParameterValue> values(List<TimelineEvent> events, List<StepStay> stays) {
		List<SqlParameterValue> values = new ArrayList<>();
		for (TimelineEvent event : events) {
			values.add(new SqlParameterValue(Types.OTHER, event.caseId()));
			values.add(new SqlParameterValue(Types.INTEGER, event.sequence()));
			values.add(new SqlParameterValue(Types.VARCHAR, event.type()));
			values.add(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(event.occurredAt())));
			values.add(new SqlParameterValue(Types.VARCHAR, event.actor()));
			values.add(new SqlParameterValue(Types.VARCHAR, event.actorRole().name()));
			values.add(new SqlParameterValue(Types.VARCHAR, event.step().name()));
			values.add(new SqlParameterValue(Types.VARCHAR, event.data()));
		}
		for (StepStay stay : stays) {
			values.add(new SqlParameterValue(Types.OTHER, stay.id()));
			values.add(new SqlParameterValue(Types.OTHER, stay.caseId()));
			values.add(new SqlParameterValue(Types.VARCHAR, stay.step().name()));
			values.add(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(stay.enteredAt())));
			values.add(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(stay.leftAt())));
		}
		return values;
	}

	private static String insertEvents(int count) {
		return MultiRowInsert.of("case_events", "case_id, seq, type, occurred_at, actor, actor_role, step, data",
				"(?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))", count);
	}

	private static String insertStays(int count) {
		return MultiRowInsert.of("case_step_stays", "id, case_id, step, entered_at, left_at", "(?, ?, ?, ?, ?)", count);
	}

	private final class Rows implements TransactionSynchronization {

		private final List<TimelineEvent> events = new ArrayList<>();

		private final List<StepStay> stays = new ArrayList<>();

		/** Published events and stays already inserted with their case's row. */
		private final Set<Object> inserted = Collections.newSetFromMap(new IdentityHashMap<>());

		private boolean written;

		@Override
		public void beforeCommit(boolean readOnly) {
			this.written = true;
			if (!this.events.isEmpty() || !this.stays.isEmpty()) {
				write(this.events, this.stays);
			}
		}

	}

}
