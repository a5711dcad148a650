package io.defuse.report;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.defuse.casework.EscalationKind;
import io.defuse.casework.Outcome;
import io.defuse.casework.ProblemCategory;

/**
 * The SQL of the reports. Every statement reads one or a few index ranges: the rows of
 * the teams {@code :teams} whose time lies in the period, {@code :from} (included) to
 * {@code :to} (excluded); the indexes cover what each statement reads (see
 * {@code V17__reports.sql}). Further parameters: {@code :now}, and {@code :grace}, the
 * follow-up grace in seconds.
 */
final class ReportSql {

	// ---- the SLA clocks (cases c joined to their severity's policy p)

	private static final String ACK_TOOK = "date_part('epoch', c.acknowledged_at - c.created_at) - c.ack_paused_s";

	private static final String ACK_RUNS_FOR = "date_part('epoch', coalesce(c.sla_paused_at, :now) - c.created_at) - c.ack_paused_s";

	/**
	 * The acknowledgement clock's result: {@code met} (acknowledged within the target, no
	 * breach recorded), {@code breached} (a breach recorded, acknowledged late, or still
	 * unacknowledged past the target), {@code pending} (still running within the target),
	 * or null (the case closed before it was acknowledged, no breach recorded).
	 */
	static final String ACK_STATE = "case when c.acknowledged_at is not null then (case when not c.ack_breached and "
			+ ACK_TOOK + " < p.acknowledge_within_s then 'met' else 'breached' end)"
			+ " when c.step = 'LISTEN' then (case when not c.ack_breached and " + ACK_RUNS_FOR
			+ " < p.acknowledge_within_s then 'pending' else 'breached' end)"
			+ " when c.ack_breached then 'breached' end";

	private static final String RESPONSE_TOOK = "date_part('epoch', c.responded_at - c.response_started_at) - c.response_paused_s";

	private static final String RESPONSE_RUNS_FOR = "date_part('epoch', coalesce(c.sla_paused_at, :now) - c.response_started_at) - c.response_paused_s";

	/**
	 * The response clock's result, the same way; it stops at a response recorded after it
	 * started, and runs while the case is in RESPOND.
	 */
	static final String RESPONSE_STATE = "case when c.responded_at >= c.response_started_at then (case when not c.response_breached and "
			+ RESPONSE_TOOK + " < p.respond_within_s then 'met' else 'breached' end)"
			+ " when c.step = 'RESPOND' then (case when not c.response_breached and " + RESPONSE_RUNS_FOR
			+ " < p.respond_within_s then 'pending' else 'breached' end)"
			+ " when c.response_breached then 'breached' end";

	private static final String GRACE = "make_interval(secs => :grace)";

	/**
	 * Clocks, one row each: {@code clock}, {@code started_at} and {@code state}.
	 * Acknowledgement clocks start when a case is opened.
	 */
	static final String ACK_CLOCKS = "select 'ACKNOWLEDGEMENT' as clock, c.created_at as started_at, " + ACK_STATE
			+ " as state from cases c join sla_policies p on p.severity = c.severity"
			+ " where c.team_id = any(:teams) and c.created_at >= :from and c.created_at < :to";

	/** Response clocks start when an offer is accepted; a case keeps its latest. */
	static final String RESPONSE_CLOCKS = "select 'RESPONSE' as clock, c.response_started_at as started_at, "
			+ RESPONSE_STATE + " as state from cases c join sla_policies p on p.severity = c.severity"
			+ " where c.team_id = any(:teams) and c.response_started_at >= :from and c.response_started_at < :to";

	/**
	 * Follow-up clocks start when a follow-up falls due: the attempts recorded (on time
	 * within the grace), and the follow-ups still waiting for one.
	 */
	static final String FOLLOW_UP_CLOCKS = "select 'FOLLOW_UP' as clock, f.due_at as started_at,"
			+ " case when f.created_at <= f.due_at + " + GRACE + " then 'met' else 'breached' end as state"
			+ " from case_follow_ups f where f.team_id = any(:teams) and f.due_at >= :from and f.due_at < :to"
			+ "\nunion all\nselect 'FOLLOW_UP', c.follow_up_due_at," + " case when :now > c.follow_up_due_at + " + GRACE
			+ " then 'breached' else 'pending' end"
			+ " from cases c where c.team_id = any(:teams) and c.step = 'FOLLOW_UP'"
			+ " and c.follow_up_due_at >= :from and c.follow_up_due_at < :to";

	/**
	 * The response and follow-up results of the period (the acknowledgement clock is
	 * counted with the opened cases).
	 */
	static final String RESPONSE_AND_FOLLOW_UP_SLA = """
			select clock, state, count(*) as clocks
			from (%s
			      union all
			      %s) clocks
			where state is not null
			group by clock, state""".formatted(RESPONSE_CLOCKS, FOLLOW_UP_CLOCKS);

	// ---- de-escalation (closed cases c)

	// the closed case's levels: the same as peak_level and tension_level, in columns of
	// their own that the closed cases' index covers (V25)

	static final String HEATED = "c.closed_peak_level in ('ANGRY', 'HOSTILE')";

	/**
	 * The case's {@code deescalated} flag: closed satisfied, or the latest statement two
	 * levels below the peak.
	 */
	static final String DEESCALATED = "(c.outcome = 'RESOLVED'"
			+ " or (c.closed_peak_level = 'ANGRY' and c.closed_tension_level = 'CALM')"
			+ " or (c.closed_peak_level = 'HOSTILE' and c.closed_tension_level in ('CALM', 'TENSE')))";

	// ---- the overview

	/**
	 * The cases opened in the period: escalation by kind, repeats, categories, products,
	 * the acknowledgement clock.
	 */
	static final String OPENED = """
			select count(*) as opened,
			       count(*) filter (where c.escalated) as escalated,
			       %s,
			       count(*) filter (where c.escalated and c.escalation_kind is null) as "kind_UNKNOWN",
			       count(*) filter (where c.details_confirmed_at is not null) as confirmed,
			       count(*) filter (where c.details_confirmed_at is not null and c.repeat_of is not null) as repeats,
			       count(*) filter (where c.category is not null) as categorised,
			       %s,
			       count(*) filter (where c.product is not null) as with_product,
			       count(*) filter (where (%s) = 'met') as ack_met,
			       count(*) filter (where (%s) = 'breached') as ack_breached,
			       count(*) filter (where (%s) = 'pending') as ack_pending
			from cases c join sla_policies p on p.severity = c.severity
			where c.team_id = any(:teams) and c.created_at >= :from and c.created_at < :to""".formatted(
			counts(Arrays.asList(EscalationKind.values()),
					(kind) -> "c.escalated and c.escalation_kind = '" + kind + "'", "kind_"),
			counts(Arrays.asList(ProblemCategory.values()), (category) -> "c.category = '" + category + "'",
					"category_"),
			ACK_STATE, ACK_STATE, ACK_STATE);

	/**
	 * The ten most frequent products of the cases opened in the period, ignoring case.
	 */
	static final String TOP_PRODUCTS = """
			select min(product collate "C") as product, sum(cases) as cases
			from (select c.product, count(*) as cases
			      from cases c
			      where c.team_id = any(:teams) and c.created_at >= :from and c.created_at < :to
			        and c.product is not null
			      group by c.product) spelled
			group by lower(product)
			order by 2 desc, 1
			limit 10""";

	/** The cases closed in the period: by outcome, and de-escalation. */
	static final String CLOSED = """
			select count(*) as closed,
			       %s,
			       count(*) filter (where %s) as heated,
			       count(*) filter (where %s and %s) as deescalated
			from cases c
			where c.team_id = any(:teams) and c.closed_at >= :from and c.closed_at < :to""".formatted(
			counts(Arrays.asList(Outcome.values()), (outcome) -> "c.outcome = '" + outcome + "'", "outcome_"), HEATED,
			HEATED, DEESCALATED);

	/** The cases open now, per step. */
	static final String OPEN_BY_STEP = """
			select c.step, count(*) as cases
			from cases c
			where c.team_id = any(:teams) and c.step <> 'CLOSED'
			group by c.step""";

	/**
	 * Median and 90th percentile of the stays that ended in the period, one branch per
	 * step, so that each step's stays are one index range and the steps can be sorted in
	 * parallel.
	 */
	static final String TIME_IN_STEP = ReportService.STEPS.stream()
		.map((step) -> """
				select '%s' as step, count(*) as stays,
				       percentile_cont(array[0.5, 0.9]) within group (order by f.seconds) as percentiles
				from case_step_stays f
				where f.team_id = any(:teams) and f.step = '%s' and f.left_at >= :from and f.left_at < :to"""
			.formatted(step, step))
		.collect(Collectors.joining("\nunion all\n"));

	/** The ratings given in the period, counted per remedy, category and value. */
	static final String RATINGS = """
			select f.remedy, f.category, f.satisfaction, count(*) as ratings
			from case_follow_ups f
			where f.team_id = any(:teams) and f.satisfaction is not null
			  and f.created_at >= :from and f.created_at < :to
			group by f.remedy, f.category, f.satisfaction""";

	/** The offers made in the period, per type and status now. */
	static final String OFFERS = """
			select f.type, f.status, count(*) as offers
			from case_offers f
			where f.team_id = any(:teams) and f.created_at >= :from and f.created_at < :to
			group by f.type, f.status""";

	// ---- time series: one row per bucket with something in it: bucket, value, basis

	private static final String BUCKET = "date_trunc(:unit, %s at time zone 'UTC')";

	static final String SERIES_CASES_OPENED = """
			select %s as bucket, count(*) as value, null::bigint as basis
			from cases c
			where c.team_id = any(:teams) and c.created_at >= :from and c.created_at < :to
			group by 1""".formatted(BUCKET.formatted("c.created_at"));

	static final String SERIES_CASES_CLOSED = """
			select %s as bucket, count(*) as value, null::bigint as basis
			from cases c
			where c.team_id = any(:teams) and c.closed_at >= :from and c.closed_at < :to
			group by 1""".formatted(BUCKET.formatted("c.closed_at"));

	static final String SERIES_ESCALATIONS = """
			select %s as bucket, count(*) as value, null::bigint as basis
			from cases c
			where c.team_id = any(:teams) and c.escalated and c.escalated_at >= :from and c.escalated_at < :to
			group by 1""".formatted(BUCKET.formatted("c.escalated_at"));

	static final String SERIES_SATISFACTION_AVG = """
			select %s as bucket, round(avg(f.satisfaction), 2) as value, count(*) as basis
			from case_follow_ups f
			where f.team_id = any(:teams) and f.satisfaction is not null
			  and f.created_at >= :from and f.created_at < :to
			group by 1""".formatted(BUCKET.formatted("f.created_at"));

	static final String SERIES_SLA_BREACHES = """
			select %s as bucket, count(*) filter (where state = 'breached') as value,
			       count(*) filter (where state in ('met', 'breached')) as basis
			from (%s
			      union all
			      %s
			      union all
			      %s) clocks
			group by 1""".formatted(BUCKET.formatted("started_at"), ACK_CLOCKS, RESPONSE_CLOCKS, FOLLOW_UP_CLOCKS);

	static final String SERIES_DEESCALATED = """
			select %s as bucket, count(*) filter (where %s) as value, count(*) as basis
			from cases c
			where c.team_id = any(:teams) and c.closed_at >= :from and c.closed_at < :to and %s
			group by 1""".formatted(BUCKET.formatted("c.closed_at"), DEESCALATED, HEATED);

	/**
	 * Every bucket of the period, oldest first, with the metric's rows joined in (none
	 * where nothing happened). Buckets are UTC days or ISO weeks (from Monday).
	 */
	static final String SERIES = """
			with data as (%s),
			     buckets as (select b
			                 from generate_series(date_trunc(:unit, cast(:from as timestamptz) at time zone 'UTC'),
			                                      cast(:to as timestamptz) at time zone 'UTC',
			                                      cast(:step as interval)) b
			                 where b < cast(:to as timestamptz) at time zone 'UTC')
			select b.b as bucket, d.value, d.basis
			from buckets b left join data d on d.bucket = b.b
			order by b.b""";

	private ReportSql() {
	}

	/** One {@code count(*) filter} column per value, named {@code prefix + value}. */
	private static <T> String counts(List<T> values, Function<T, String> condition, String prefix) {
		return values.stream()
			.map((value) -> "count(*) filter (where " + condition.apply(value) + ") as \"" + prefix + value + "\"")
			.collect(Collectors.joining(",\n       "));
	}

}
