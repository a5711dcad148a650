package io.defuse.shared;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToIntFunction;

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

	/**
	 * The items in consecutive parts of at most {@link #MAX_ROWS} rows each, an item
	 * being {@code rows} rows (a message with its deliveries, say); each part is a
	 * statement.
	 */
	public static <T> List<List<T>> parts(List<T> items, ToIntFunction<T> rows) {
		List<List<T>> parts = new ArrayList<>();
		int from = 0;
		int taken = 0;
		for (int i = 0; i < items.size(); i++) {
			int more = rows.applyAsInt(items.get(i));
			if (i > from && taken + more > MAX_ROWS) {
				parts.add(items.subList(from, i));
				from = i;
				taken = 0;
			}
			taken += more;
		}
		if (from < items.size()) {
			parts.add(items.subList(from, items.size()));
		}
		return parts;
	}

}
