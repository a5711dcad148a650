package io.defuse.casework;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

import io.defuse.shared.MultiRowInsert;

/**
 * {@link CaseRows} with one hand-written update of every column the case maps (listed by
 * {@link SupportCase#forEachColumn}), the statements the case recorded and its timeline's
 * rows inserted by the same statement: Hibernate's flush of a loaded case compared a
 * snapshot of its 54 columns, built its update and bound it through its own types on
 * every change, and inserted each statement in a round trip of its own, and the timeline
 * took one more. A case is read with its customer by one query of both entities.
 */
class CaseRowsImpl implements CaseRows {

	// an inner join (every case has its customer, by its foreign key): with an outer join
	// Hibernate locks by statements of its own after the query, one for each entity
	private static final String WITH_CUSTOMER = """
			select c, cc from SupportCase c join CaseCustomer cc on cc.id = c.customerId
			where c.id = :id and (:allTeams = true or has_element(:teams, c.teamId))""";

	private final EntityManager entityManager;

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final TimelineRecorder timeline;

	private final String update;

	/** A new case's row; its number comes from the column's default. */
	private final String insert;

	private final String statementColumns;

	private final String statementRow;

	/**
	 * The update or insert with the inserts in front of it, by the shape of the change.
	 */
	private final Map<Shape, String> withInserts = new ConcurrentHashMap<>();

	CaseRowsImpl(EntityManager entityManager, JdbcTemplate jdbc, ApplicationEventPublisher events,
			TimelineRecorder timeline) {
		this.entityManager = entityManager;
		this.jdbc = jdbc;
		this.events = events;
		this.timeline = timeline;
		List<String> caseColumns = columns(new SupportCase()::forEachColumn);
		this.update = "update cases set " + String.join(" = ?, ", caseColumns)
				+ " = ?, version = ? where id = ? and version = ?";
		this.insert = "insert into cases (id, " + String.join(", ", caseColumns) + ", version) values ("
				+ "?, ".repeat(caseColumns.size() + 1) + "?) returning number";
		List<String> statementColumns = columns(new Statement()::forEachColumn);
		this.statementColumns = String.join(", ", statementColumns);
		this.statementRow = statementColumns.stream()
			.map((column) -> column.equals("analysis") ? "cast(? as jsonb)" : "?")
			.collect(Collectors.joining(", ", "(", ")"));
	}

	/**
	 * The columns a row lists ({@link SupportCase#forEachColumn},
	 * {@link Statement#forEachColumn}), in the order of their parameters.
	 */
	static List<String> columns(Consumer<BiConsumer<String, Object>> row) {
		List<String> columns = new ArrayList<>();
		row.accept((column, value) -> columns.add(column));
		return columns;
	}

	@Override
	public void store(SupportCase supportCase) {
		this.entityManager.flush();
		long version = supportCase.version();
		List<Object> values = new ArrayList<>();
		Shape shape = rowsBefore(supportCase, false, values);
		supportCase.forEachColumn((column, value) -> values.add(value));
		values.add(version + 1);
		values.add(supportCase.getId());
		values.add(version);
		int updated = this.jdbc.update(sql(shape), (statement) -> bind(statement, values));
		if (updated != 1) {
			throw new OptimisticLockingFailureException(
					"Case " + supportCase.getId() + " is no longer at version " + version);
		}
		supportCase.stored(version + 1);
		supportCase.publishEvents(this.events);
	}

	@Override
	public void insert(SupportCase supportCase) {
		this.entityManager.flush();
		List<Object> values = new ArrayList<>();
		Shape shape = rowsBefore(supportCase, true, values);
		values.add(supportCase.getId());
		supportCase.forEachColumn((column, value) -> values.add(value));
		values.add(0L);
		long number = this.jdbc.query(sql(shape), (statement) -> bind(statement, values), (rows) -> {
			rows.next();
			return rows.getLong(1);
		});
		supportCase.inserted(number, 0);
		supportCase.publishEvents(this.events);
	}

	/**
	 * Adds the values of the rows that go in front of the case's own (the statements it
	 * recorded, its timeline's rows) and says how many there are of each.
	 */
	private Shape rowsBefore(SupportCase supportCase, boolean insert, List<Object> values) {
		List<Statement> said = supportCase.newStatements();
		TimelineRecorder.Inserts history = this.timeline.insertsFor(supportCase.recordedEvents(),
				supportCase.recordedStays());
		said.forEach((statement) -> statement.forEachColumn((column, value) -> values.add(value)));
		values.addAll(history.values());
		return new Shape(insert, said.size(), history.events(), history.stays());
	}

	private void bind(PreparedStatement statement, List<Object> values) throws SQLException {
		for (int i = 0; i < values.size(); i++) {
			if (values.get(i) instanceof SqlParameterValue typed) {
				StatementCreatorUtils.setParameterValue(statement, i + 1, typed, typed.getValue());
			}
			else {
				statement.setObject(i + 1, jdbcValue(statement.getConnection(), values.get(i)));
			}
		}
	}

	/**
	 * The case's row written (updated or inserted) with the inserts in front of it, one
	 * round trip.
	 */
	private String sql(Shape shape) {
		String row = shape.insert() ? this.insert : this.update;
		return shape.rowOnly() ? row : this.withInserts.computeIfAbsent(shape, (key) -> with(key, row));
	}

	@Override
	public Optional<CaseWithCustomer> findWithCustomer(UUID id, boolean allTeams, UUID[] teams, LockModeType lock) {
		List<Object[]> rows = this.entityManager.createQuery(WITH_CUSTOMER, Object[].class)
			.setParameter("id", id)
			.setParameter("allTeams", allTeams)
			.setParameter("teams", teams)
			.setLockMode(lock)
			.getResultList();
		return rows.stream()
			.findFirst()
			.map((row) -> new CaseWithCustomer((SupportCase) row[0], ((CaseCustomer) row[1]).summary()));
	}

	/**
	 * The case's row written with the inserts a change of this shape makes in front of
	 * it.
	 */
	private String with(Shape shape, String row) {
		List<String> queries = new ArrayList<>();
		if (shape.statements() > 0) {
			queries.add("statements as ("
					+ MultiRowInsert.of("case_statements", this.statementColumns, this.statementRow, shape.statements())
					+ ")");
		}
		if (shape.events() + shape.stays() > 0) {
			queries.add(TimelineRecorder.Inserts.queries(shape.events(), shape.stays()));
		}
		return "with " + String.join(",\n", queries) + "\n" + row;
	}

	/**
	 * Whether the case's row is inserted (a new case) or updated, and how many rows a
	 * change inserts besides it: statements, timeline events and step stays.
	 */
	private record Shape(boolean insert, int statements, int events, int stays) {

		boolean rowOnly() {
			return this.statements + this.events + this.stays == 0;
		}

	}

	/** The case's Java types as the columns take them, as Hibernate maps them. */
	private static Object jdbcValue(Connection connection, Object value) throws SQLException {
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		if (value instanceof Instant instant) {
			return Timestamp.from(instant);
		}
		if (value instanceof String[] texts) {
			return connection.createArrayOf("text", texts);
		}
		if (value instanceof int[] numbers) {
			return connection.createArrayOf("int4", Arrays.stream(numbers).boxed().toArray());
		}
		if (value instanceof UUID[] ids) {
			return connection.createArrayOf("uuid", ids);
		}
		return value;
	}

}
