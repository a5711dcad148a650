package io.defuse.shared.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list.
 *
 * @param items the rows of this page
 * @param nextCursor pass as {@code cursor} to get the next page; {@code null} on the last
 * page
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

	/** Largest {@code limit} any list accepts. */
	public static final int MAX_LIMIT = 100;

	/**
	 * Builds a page from rows fetched with {@code limit + 1}: the extra row only tells
	 * whether there is a next page and is not returned.
	 */
	public static <R, T> CursorPage<T> of(List<R> rows, int limit, Function<R, Cursor> position, Function<R, T> view) {
		return ofTokens(rows, limit, (row) -> position.apply(row).encode(), view);
	}

	/** As {@link #of}, for lists whose position is not a (time, id) pair. */
	public static <R, T> CursorPage<T> ofTokens(List<R> rows, int limit, Function<R, String> position,
			Function<R, T> view) {
		boolean more = rows.size() > limit;
		List<R> page = more ? rows.subList(0, limit) : rows;
		String next = more ? position.apply(page.get(page.size() - 1)) : null;
		return new CursorPage<>(page.stream().map(view).toList(), next);
	}

}
