package io.defuse.shared;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.defuse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Columns#instant} reads a {@code timestamptz} column to the microsecond, and a
 * null as null.
 */
@IntegrationTest
class InstantColumnsTests {

	@Autowired
	JdbcClient jdbc;

	@Test
	void aColumnReadsBackTheInstantToTheMicrosecondAndNullAsNull() {
		Instant at = Instant.parse("2026-03-29T01:30:00.123456Z");
		assertThat(this.jdbc.sql("select cast(:at as timestamptz) as at")
			.param("at", at.toString())
			.query((row, n) -> Columns.instant(row, "at"))
			.single()).isEqualTo(at);
		assertThat(this.jdbc.sql("select cast(null as timestamptz) as at")
			.query((row, n) -> Optional.ofNullable(Columns.instant(row, "at")))
			.single()).isEmpty();
	}

}
