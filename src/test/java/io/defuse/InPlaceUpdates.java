package io.defuse;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What PostgreSQL needs to update a table's rows in place, on their own page and without
 * new index entries (heap-only tuples): room on the page, and no index holding a column
 * the update changes (INCLUDE columns and predicates count).
 */
public final class InPlaceUpdates {

	private InPlaceUpdates() {
	}

	/**
	 * Asserts both conditions for updates that change the given columns.
	 * @param columns column names, or patterns of them (e.g. {@code tension_\\w+})
	 */
	public static void assertPossible(JdbcTemplate jdbc, String table, int fillfactor, String... columns) {
		assertThat(jdbc.queryForList("select pg_get_indexdef(indexrelid) from pg_index where indrelid = ?::regclass",
				String.class, table))
			.isNotEmpty()
			.noneMatch((index) -> index.matches("(?s).*\\b(" + String.join("|", columns) + ")\\b.*"));
		assertThat(jdbc.queryForObject("select array_to_string(reloptions, ',') from pg_class where oid = ?::regclass",
				String.class, table))
			.contains("fillfactor=" + fillfactor);
	}

	/**
	 * The table's updates made in place so far, as far as the sessions have reported them
	 * (each at most once a second, and within 10 s when idle).
	 */
	public static long counted(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject("select n_tup_hot_upd from pg_stat_user_tables where relname = ?", Long.class,
				table);
	}

}
