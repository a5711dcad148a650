package io.defuse.benchmark;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StepSqlTests {

	private static final String CASE = "4bf7e522-efb1-c089-8316-1a9d821eddd8";

	private static final String CUSTOMER = "28a2a29c-d97d-bbdd-5aa4-f288ceb3fe4d";

	private static final String NEW_ROW = "ee69ef32-f9d9-4571-bc60-74cecea7a671";

	/** One step as PostgreSQL logs it, with another connection's poll in between. */
	private static final String LOG = """
			2026-11-26 19:04:34.877 UTC [790] LOG:  statement: BEGIN
			2026-11-26 19:04:34.878 UTC [790] LOG:  execute S_22: select sc1_0.id,sc1_0.version from cases sc1_0 where sc1_0.id=$1 and ($2=true or (sc1_0.team_id = any($3))) for no key update
			2026-11-26 19:04:34.878 UTC [790] DETAIL:  Parameters: $1 = '%1$s', $2 = 'f', $3 = '{00000000-0000-0000-0000-000000000001}'
			2026-11-26 19:04:34.879 UTC [807] LOG:  execute S_40: select * from scheduled_tasks where picked = $1
			2026-11-26 19:04:34.879 UTC [807] DETAIL:  Parameters: $1 = 'f'
			2026-11-26 19:04:34.880 UTC [790] LOG:  execute S_23: with statements as (insert into case_statements (id, case_id, text, analysis, tension_score) values ($1, $2, $3, cast($4 as jsonb), $5))
				update cases set customer_id = $6, subject = $7, updated_at = $8, event_seq = $9 where id = $10 and version = $11
			2026-11-26 19:04:34.880 UTC [790] DETAIL:  Parameters: $1 = '%3$s', $2 = '%1$s', $3 = 'It''s $12 too much: a refund, please.', $4 = '{"text":"It''s"}', $5 = NULL, $6 = '%2$s', $7 = '', $8 = '2026-11-26 19:04:34.878987+00', $9 = '5', $10 = '%1$s', $11 = '0'
			2026-11-26 19:04:34.881 UTC [790] LOG:  execute <unnamed>: with messages as (insert into webhook_messages (id, case_id, created_at) values ($1, $2, $3)),
				jobs as (insert into scheduled_tasks (task_instance, execution_time) values ($4, $5))
				select 1
			2026-11-26 19:04:34.881 UTC [790] DETAIL:  Parameters: $1 = 'msg_p5jXN8AQM9LWM0D4loKWxJek', $2 = '%1$s', $3 = '2026-11-26 19:04:34.878987+00', $4 = 'msg_p5jXN8AQM9LWM0D4loKWxJek', $5 = '2026-11-26 19:04:34.878987+00'
			2026-11-26 19:04:34.883 UTC [790] LOG:  execute S_1: COMMIT
			2026-11-26 19:04:35.114 UTC [790] LOG:  execute S_2: select pg_notify('cases', $1)
			2026-11-26 19:04:35.114 UTC [790] DETAIL:  Parameters: $1 = '%1$s'
			2026-11-26 19:04:35.200 UTC [790] LOG:  statement: BEGIN
			2026-11-26 19:04:35.201 UTC [790] LOG:  execute S_22: select 1 from cases where id = $1
			2026-11-26 19:04:35.201 UTC [790] DETAIL:  Parameters: $1 = '%1$s'
			"""
		.formatted(CASE, CUSTOMER, NEW_ROW);

	@Test
	void keepsTheStepsTransactionWithTheValuesItBound() {
		List<StepSql.Sent> statements = StepSql.parse(LOG, CASE, "no-key-read");

		assertThat(statements).extracting(StepSql.Sent::sql)
			.containsExactly("BEGIN", statements.get(1).sql(), statements.get(2).sql(), statements.get(3).sql(),
					"COMMIT", "select pg_notify('cases', $1)");
		assertThat(statements.get(2).values()).containsEntry(3, "'It''s $12 too much: a refund, please.'")
			.containsEntry(5, "NULL");
		assertThat(statements.get(2).inlined()).contains("values ('" + NEW_ROW + "', '" + CASE
				+ "', 'It''s $12 too much: a refund, please.', cast('{\"text\":\"It''s\"}' as jsonb), NULL)");
	}

	@Test
	void bindsTheValuesAsVariablesAndTakesANewCasePerTransaction() {
		StepSql.Script script = StepSql.toPgbench(StepSql.parse(LOG, CASE, "no-key-read"), CASE,
				Set.of(CUSTOMER)::contains);

		assertThat(script.text())
			.contains("select sc1_0.id as case_id,sc1_0.version from cases sc1_0 "
					+ "where sc1_0.id=(select md5('bench-pool-' || nextval('bench_pool_seq'))::uuid) "
					+ "and (:v0=true or (sc1_0.team_id = any(:v1))) for no key update\n\\gset p_\n")
			.contains("values (md5(:p_case_id::text || '-0')::uuid, :p_case_id, :v2, cast(:v3 as jsonb), NULL))\n"
					+ "update cases set customer_id = :v4, subject = '', updated_at = :v5, event_seq = :v6 "
					+ "where id = :p_case_id and version = :v7;\n")
			.contains("values (('msg_' || md5(:p_case_id::text || '-1')), :p_case_id, :v5)),\n"
					+ "jobs as (insert into scheduled_tasks (task_instance, execution_time) "
					+ "values (('msg_' || md5(:p_case_id::text || '-1')), :v8))\nselect 1;\n"
					+ "COMMIT;\nselect pg_notify('cases', :p_case_id);\n")
			.doesNotContain(CASE)
			.doesNotContain(NEW_ROW);
		assertThat(script.values()).containsExactly("f", "{00000000-0000-0000-0000-000000000001}",
				"It's $12 too much: a refund, please.", "{\"text\":\"It's\"}", CUSTOMER,
				"2026-11-26 19:04:34.878987+00", "5", "0", StepSql.NOT_DUE);
		assertThat(script.defines()).startsWith("-D", "v0=f", "-D", "v1={00000000-0000-0000-0000-000000000001}");
	}

}
