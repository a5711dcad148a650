package io.defuse.casework;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link CaseRows} with one hand-written update of every column the case maps (listed by
 * {@link SupportCase#forEachColumn}): Hibernate's flush of a loaded case compared a
 * snapshot of its 54 columns, built its update and bound it through its own types on
 * every change.
 */
class CaseRowsImpl implements CaseRows {

	private final EntityManager entityManager;

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final String update;

	private final int columns;

	CaseRowsImpl(EntityManager entityManager, JdbcTemplate jdbc, ApplicationEventPublisher events) {
		this.entityManager = entityManager;
		this.jdbc = jdbc;
		this.events = events;
		List<String> columns = columns();
		this.update = "update cases set " + String.join(" = ?, ", columns) + " = ?, version = ? "
				+ "where id = ? and version = ?";
		this.columns = columns.size();
	}

	/**
	 * The columns the update writes besides the version, in the order of its parameters.
	 */
	static List<String> columns() {
		List<String> columns = new ArrayList<>();
		new SupportCase().forEachColumn((column, value) -> columns.add(column));
		return columns;
	}

	@Override
	public void store(SupportCase supportCase) {
		this.entityManager.flush();
		long version = supportCase.version();
		List<Object> values = new ArrayList<>(this.columns + 3);
		supportCase.forEachColumn((column, value) -> values.add(value));
		values.add(version + 1);
		values.add(supportCase.getId());
		values.add(version);
		int updated = this.jdbc.update(this.update, (statement) -> {
			for (int i = 0; i < values.size(); i++) {
				statement.setObject(i + 1, jdbcValue(statement.getConnection(), values.get(i)));
			}
		});
		if (updated != 1) {
			throw new OptimisticLockingFailureException(
					"Case " + supportCase.getId() + " is no longer at version " + version);
		}
		supportCase.stored(version + 1);
		supportCase.publishEvents(this.events);
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
