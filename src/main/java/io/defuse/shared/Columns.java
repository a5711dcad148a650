package io.defuse.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Column values read from a JDBC row the way the modules' views hold them. */
public final class Columns {

	private Columns() {
	}

	/**
	 * A {@code timestamptz} column as an instant, null when the column is. Read as an
	 * {@code OffsetDateTime}: through {@code getTimestamp} the driver makes a calendar
	 * for every value it parses.
	 */
	public static Instant instant(ResultSet row, String column) throws SQLException {
		OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
		return (at != null) ? at.toInstant() : null;
	}

}
