package io.defuse.shared;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MultiRowInsertTests {

	@Test
	void writesTheRowOnceForEachRow() {
		assertThat(MultiRowInsert.of("t", "a, b", "(?, ?)", 3))
			.isEqualTo("insert into t (a, b) values (?, ?), (?, ?), (?, ?)");
	}

	@Test
	void splitsRowsIntoPartsOfAtMostTheRowsOfOneStatement() {
		List<Integer> rows = IntStream.range(0, 2 * MultiRowInsert.MAX_ROWS + 1).boxed().toList();

		List<List<Integer>> parts = MultiRowInsert.parts(rows, (row) -> 1);

		assertThat(parts).extracting(List::size).containsExactly(MultiRowInsert.MAX_ROWS, MultiRowInsert.MAX_ROWS, 1);
		assertThat(parts.stream().flatMap(List::stream).toList()).isEqualTo(rows);
		assertThat(MultiRowInsert.parts(List.of(), (row) -> 1)).isEmpty();
	}

	@Test
	void keepsAnItemsRowsInOnePartAndAnItemOverTheLimitAlone() {
		int half = MultiRowInsert.MAX_ROWS / 2;
		List<Integer> items = List.of(half, half, 1, MultiRowInsert.MAX_ROWS + 1, 1);

		List<List<Integer>> parts = MultiRowInsert.parts(items, (rows) -> rows);

		assertThat(parts).containsExactly(List.of(half, half), List.of(1), List.of(MultiRowInsert.MAX_ROWS + 1),
				List.of(1));
	}

}
