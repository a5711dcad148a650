package io.defuse.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Column values read from a JDBC row the way the modules' views hold them. */
public final class Columns {

	private Columns() {
	}

	/** A {@code timestamptz} column as an instant, null when the column is. */
	public static Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp timestamp = row.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
