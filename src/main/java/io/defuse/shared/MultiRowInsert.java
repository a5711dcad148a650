package io.defuse.shared;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Inserts of many rows written as one statement ({@code values (…), (…)}), so that rows
 * for several tables can go in one round trip (a {@code with} query), which a JDBC batch
 * (one statement text, so one table, per round trip) cannot do.
 */
public final class MultiRowInsert {

	/**
	 * Rows one statement carries at most, well below PostgreSQL's 65,535 parameters of a
	 * statement at the widest row written this way.
	 */
	public static final int MAX_ROWS = 2000;

	private MultiRowInsert() {
	}

	/**
	 * {@code insert into table (columns) values row, row, …}, the row (e.g.
	 * {@code "(?, ?, 'PENDING')"}) {@code count} times.
	 */
	public static String of(String table, String columns, String row, int count) {
		return "insert into " + table + " (" + columns + ") values "
				+ String.join(", ", Collections.nCopies(count, row));
	}

	/** The rows in consecutive parts of at most {@link #MAX_ROWS}, each a statement. */
	public static <T> List<List<T>> parts(List<T> rows) {
		List<List<T>> parts = new ArrayList<>();
		for (int from = 0; from < rows.size(); from += MAX_ROWS) {
			parts.add(rows.subList(from, Math.min(rows.size(), from + MAX_ROWS)));
		}
		return parts;
	}

}
