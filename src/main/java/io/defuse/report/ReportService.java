package io.defuse.report;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.access.Teams;
import io.defuse.casework.OfferStatus;
import io.defuse.casework.OfferType;
import io.defuse.casework.Outcome;
import io.defuse.casework.ProblemCategory;
import io.defuse.casework.Step;
import io.defuse.report.Overview.CategoryCount;
import io.defuse.report.Overview.CategoryRatings;
import io.defuse.report.Overview.Deescalation;
import io.defuse.report.Overview.Escalation;
import io.defuse.report.Overview.OfferTypeCount;
import io.defuse.report.Overview.Offers;
import io.defuse.report.Overview.ProductCount;
import io.defuse.report.Overview.Ratings;
import io.defuse.report.Overview.ReasonCount;
import io.defuse.report.Overview.RemedyRatings;
import io.defuse.report.Overview.RepeatComplaints;
import io.defuse.report.Overview.Satisfaction;
import io.defuse.report.Overview.SlaResult;
import io.defuse.report.Overview.StepTime;
import io.defuse.report.Overview.TopCategories;
import io.defuse.report.Overview.TopProducts;
import io.defuse.report.Timeseries.Interval;
import io.defuse.report.Timeseries.Metric;
import io.defuse.report.Timeseries.Point;
import io.defuse.shared.Actor;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;

/**
 * Computes the reports in SQL, all figures of one report from one snapshot of the
 * database (a read-only, repeatable-read transaction). A supervisor sees their own teams,
 * an admin every team; a team the caller may not see is 404, as if it did not exist.
 */
@Service
public class ReportService {

	/** The five steps whose time a report measures. */
	static final List<Step> STEPS = List.of(Step.LISTEN, Step.GATHER, Step.OFFER, Step.RESPOND, Step.FOLLOW_UP);

	/** The length of the top lists. */
	static final int TOP = 10;

	/**
	 * Memory for each percentile sort of a report; PostgreSQL's default (4 MB) would
	 * spill a year of stays to disk.
	 */
	static final String WORK_MEM = "32MB";

	private final JdbcClient jdbc;

	private final Teams teams;

	private final ReportProperties properties;

	private final Clock clock;

	ReportService(JdbcClient jdbc, Teams teams, ReportProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.teams = teams;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param from the period's start as the request gave it, or null
	 * @param to the period's end as the request gave it, or null
	 * @param team one team, or null for all the caller's teams
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Overview overview(String from, String to, UUID team, Actor actor) {
		Instant now = this.clock.instant();
		ReportPeriod period = ReportPeriod.of(from, to, now, this.properties.defaultPeriod(),
				this.properties.maxPeriod());
		ReportScope scope = scope(team, actor);
		prepare();
		Query query = new Query(period, scope, now);

		Map<String, Object> opened = query.sql(ReportSql.OPENED).query().singleRow();
		Map<String, Object> closed = query.sql(ReportSql.CLOSED).query().singleRow();
		Map<Step, Long> openByStep = new EnumMap<>(Step.class);
		STEPS.forEach((step) -> openByStep.put(step, 0L));
		query.sql(ReportSql.OPEN_BY_STEP)
			.query((row, n) -> openByStep.put(Step.valueOf(row.getString("step")), row.getLong("cases")))
			.list();
		Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
		Arrays.stream(Outcome.values())
			.forEach((outcome) -> byOutcome.put(outcome, count(closed, "outcome_" + outcome)));
		Overview.Cases cases = new Overview.Cases(count(opened, "opened"), count(closed, "closed"), byOutcome,
				openByStep.values().stream().mapToLong(Long::longValue).sum(), openByStep);

		Map<String, long[]> clocks = new LinkedHashMap<>();
		clocks.put("ACKNOWLEDGEMENT",
				new long[] { count(opened, "ack_met"), count(opened, "ack_breached"), count(opened, "ack_pending") });
		clocks.put("RESPONSE", new long[3]);
		clocks.put("FOLLOW_UP", new long[3]);
		query.sql(ReportSql.RESPONSE_AND_FOLLOW_UP_SLA).query((row, n) -> {
			long[] counts = clocks.get(row.getString("clock"));
			counts[List.of("met", "breached", "pending").indexOf(row.getString("state"))] = row.getLong("clocks");
			return counts;
		}).list();

		long heated = count(closed, "heated");
		long deescalated = count(closed, "deescalated");
		long confirmed = count(opened, "confirmed");
		long repeats = count(opened, "repeats");
		return new Overview(period, scope, now, cases, timeInStep(query), sla(clocks), escalation(opened),
				new Deescalation(deescalated, heated, Figures.rate(deescalated, heated)), satisfaction(query),
				new RepeatComplaints(repeats, confirmed, Figures.rate(repeats, confirmed)), offers(query),
				topCategories(opened), topProducts(query, count(opened, "with_product")));
	}

	/**
	 * @param metric one of {@link Metric}, as the API names it
	 * @param interval {@code day} (the default) or {@code week}
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Timeseries timeseries(String metric, String interval, String from, String to, UUID team, Actor actor) {
		Instant now = this.clock.instant();
		List<FieldError> errors = new ArrayList<>();
		Metric chosen = valid(() -> Metric.of(metric), errors);
		Interval size = valid(() -> Interval.of(interval), errors);
		ReportPeriod period = valid(
				() -> ReportPeriod.of(from, to, now, this.properties.defaultPeriod(), this.properties.maxPeriod()),
				errors);
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		ReportScope scope = scope(team, actor);
		prepare();
		List<Point> points = new Query(period, scope, now).sql(ReportSql.SERIES.formatted(seriesOf(chosen)))
			.param("unit", size.apiName())
			.param("step", size.step())
			.query((row, n) -> point(row, chosen))
			.list();
		return new Timeseries(chosen.apiName(), size.apiName(), period, scope, points);
	}

	// ---- the parts of the overview

	private static Escalation escalation(Map<String, Object> opened) {
		long escalated = count(opened, "escalated");
		List<ReasonCount> reasons = new ArrayList<>();
		for (String kind : ReasonCount.kinds()) {
			long cases = count(opened, "kind_" + kind);
			reasons.add(new ReasonCount(kind, cases, Figures.rate(cases, escalated)));
		}
		long unknown = count(opened, "kind_" + ReasonCount.UNKNOWN);
		if (unknown > 0) {
			reasons.add(new ReasonCount(ReasonCount.UNKNOWN, unknown, Figures.rate(unknown, escalated)));
		}
		reasons.sort(Comparator.comparingLong(ReasonCount::cases).reversed());
		long opens = count(opened, "opened");
		return new Escalation(escalated, opens, Figures.rate(escalated, opens), reasons);
	}

	private List<StepTime> timeInStep(Query query) {
		Map<Step, StepTime> times = new LinkedHashMap<>();
		query.sql(ReportSql.TIME_IN_STEP).query((row, n) -> {
			Step step = Step.valueOf(row.getString("step"));
			Array array = row.getArray("percentiles");
			Double[] percentiles = (array != null) ? doubles(array) : new Double[2];
			return times.put(step, new StepTime(step, row.getLong("stays"), Figures.seconds(percentiles[0]),
					Figures.seconds(percentiles[1])));
		}).list();
		return STEPS.stream().map((step) -> times.getOrDefault(step, new StepTime(step, 0, null, null))).toList();
	}

	private static List<SlaResult> sla(Map<String, long[]> clocks) {
		return clocks.entrySet().stream().map((clock) -> {
			long[] counts = clock.getValue();
			long basis = counts[0] + counts[1];
			return new SlaResult(clock.getKey(), counts[0], counts[1], counts[2], basis,
					Figures.rate(counts[0], basis));
		}).toList();
	}

	private Satisfaction satisfaction(Query query) {
		Tally overall = new Tally();
		Map<OfferType, Tally> byRemedy = new EnumMap<>(OfferType.class);
		Map<ProblemCategory, Tally> byCategory = new EnumMap<>(ProblemCategory.class);
		query.sql(ReportSql.RATINGS).query((row, n) -> {
			int value = row.getInt("satisfaction");
			long ratings = row.getLong("ratings");
			overall.add(value, ratings);
			String remedy = row.getString("remedy");
			if (remedy != null) {
				byRemedy.computeIfAbsent(OfferType.valueOf(remedy), (key) -> new Tally()).add(value, ratings);
			}
			String category = row.getString("category");
			if (category != null) {
				byCategory.computeIfAbsent(ProblemCategory.valueOf(category), (key) -> new Tally()).add(value, ratings);
			}
			return value;
		}).list();
		return new Satisfaction(overall.ratings(), mostFirst(byRemedy,
				(remedy, tally) -> new RemedyRatings(remedy, tally.count(), tally.average(), tally.distribution())),
				mostFirst(byCategory, (category, tally) -> new CategoryRatings(category, tally.count(), tally.average(),
						tally.distribution())));
	}

	private Offers offers(Query query) {
		Map<OfferType, long[]> byType = new EnumMap<>(OfferType.class);
		long[] total = new long[5];
		query.sql(ReportSql.OFFERS).query((row, n) -> {
			long offers = row.getLong("offers");
			int status = statusColumn(OfferStatus.valueOf(row.getString("status")));
			long[] type = byType.computeIfAbsent(OfferType.valueOf(row.getString("type")), (key) -> new long[5]);
			type[0] += offers;
			type[status] += offers;
			total[0] += offers;
			total[status] += offers;
			return offers;
		}).list();
		List<OfferTypeCount> types = byType.entrySet()
			.stream()
			.map((entry) -> new OfferTypeCount(entry.getKey(), entry.getValue()[0], entry.getValue()[1],
					Figures.rate(entry.getValue()[1], entry.getValue()[0])))
			.sorted(Comparator.comparingLong(OfferTypeCount::made).reversed())
			.toList();
		return new Offers(total[0], total[1], total[2], total[3], total[4], Figures.rate(total[1], total[0]), types);
	}

	/**
	 * Where an offer of this status counts: 1 accepted, 2 rejected, 3 withdrawn, 4 open.
	 */
	private static int statusColumn(OfferStatus status) {
		return switch (status) {
			case ACCEPTED -> 1;
			case REJECTED -> 2;
			case WITHDRAWN -> 3;
			case OPEN, PENDING_APPROVAL -> 4;
		};
	}

	private static TopCategories topCategories(Map<String, Object> opened) {
		long basis = count(opened, "categorised");
		List<CategoryCount> top = Arrays.stream(ProblemCategory.values()).map((category) -> {
			long cases = count(opened, "category_" + category);
			return new CategoryCount(category, cases, Figures.rate(cases, basis));
		})
			.filter((category) -> category.cases() > 0)
			.sorted(Comparator.comparingLong(CategoryCount::cases).reversed())
			.limit(TOP)
			.toList();
		return new TopCategories(basis, top);
	}

	private static TopProducts topProducts(Query query, long basis) {
		return new TopProducts(basis,
				query.sql(ReportSql.TOP_PRODUCTS)
					.query((row, n) -> new ProductCount(row.getString("product"), row.getLong("cases"),
							Figures.rate(row.getLong("cases"), basis)))
					.list());
	}

	// ---- time series

	private static String seriesOf(Metric metric) {
		return switch (metric) {
			case CASES_OPENED -> ReportSql.SERIES_CASES_OPENED;
			case CASES_CLOSED -> ReportSql.SERIES_CASES_CLOSED;
			case ESCALATIONS -> ReportSql.SERIES_ESCALATIONS;
			case SATISFACTION_AVG -> ReportSql.SERIES_SATISFACTION_AVG;
			case SLA_BREACHES -> ReportSql.SERIES_SLA_BREACHES;
			case DEESCALATED -> ReportSql.SERIES_DEESCALATED;
		};
	}

	private static Point point(ResultSet row, Metric metric) throws SQLException {
		Instant start = row.getObject("bucket", LocalDateTime.class).toInstant(ZoneOffset.UTC);
		BigDecimal value = row.getBigDecimal("value");
		long basis = row.getLong("basis");
		return switch (metric) {
			case SATISFACTION_AVG -> new Point(start, (value != null) ? value.doubleValue() : null, basis);
			case SLA_BREACHES, DEESCALATED -> new Point(start, (value != null) ? value.longValue() : 0L, basis);
			case CASES_OPENED, CASES_CLOSED, ESCALATIONS ->
				new Point(start, (value != null) ? value.longValue() : 0L, null);
		};
	}

	// ---- scope and set-up

	/**
	 * The teams the report counts: the one asked for if the caller may see it (else 404,
	 * as for a team that does not exist), else all the caller's teams, or every team for
	 * an admin.
	 */
	private ReportScope scope(UUID team, Actor actor) {
		if (team != null) {
			if (!actor.canSee(team) || !this.teams.exists(team)) {
				throw ApiException.notFound("Team", team);
			}
			return ReportScope.of(List.of(team));
		}
		if (actor.seesAllTeams()) {
			return ReportScope.all(this.jdbc.sql("select id from teams").query(UUID.class).list());
		}
		return ReportScope.of(actor.teams());
	}

	/**
	 * Settings for this transaction only: memory for the sorts, and a plan for each
	 * statement made for its own period and teams (a generic plan, cached after a few
	 * runs of a prepared statement, cannot tell a day of one team from a year of all).
	 */
	private void prepare() {
		this.jdbc.sql(
				"select set_config('work_mem', :memory, true), set_config('plan_cache_mode', 'force_custom_plan', true)")
			.param("memory", WORK_MEM)
			.query()
			.singleRow();
	}

	private static <T> T valid(Supplier<T> check, List<FieldError> errors) {
		try {
			return check.get();
		}
		catch (InvalidInput ex) {
			((List<?>) ex.properties().get("errors")).forEach((error) -> errors.add((FieldError) error));
			return null;
		}
	}

	private static long count(Map<String, Object> row, String column) {
		Object value = row.get(column);
		return (value != null) ? ((Number) value).longValue() : 0;
	}

	private static Double[] doubles(Array array) throws SQLException {
		return Arrays.stream((Object[]) array.getArray())
			.map((value) -> (value != null) ? ((Number) value).doubleValue() : null)
			.toArray(Double[]::new);
	}

	private static <K, V> List<V> mostFirst(Map<K, Tally> tallies, java.util.function.BiFunction<K, Tally, V> view) {
		return tallies.entrySet()
			.stream()
			.sorted(Comparator.comparingLong((Map.Entry<K, Tally> entry) -> entry.getValue().count()).reversed())
			.map((entry) -> view.apply(entry.getKey(), entry.getValue()))
			.toList();
	}

	/** Ratings 1 to 5, counted. */
	static final class Tally {

		private final long[] counts = new long[5];

		void add(int value, long ratings) {
			this.counts[value - 1] += ratings;
		}

		long count() {
			return Arrays.stream(this.counts).sum();
		}

		Double average() {
			long sum = 0;
			for (int i = 0; i < 5; i++) {
				sum += (i + 1) * this.counts[i];
			}
			return (count() == 0) ? null : Figures.average(sum, count());
		}

		Map<Integer, Long> distribution() {
			Map<Integer, Long> distribution = new LinkedHashMap<>();
			for (int i = 0; i < 5; i++) {
				distribution.put(i + 1, this.counts[i]);
			}
			return distribution;
		}

		Ratings ratings() {
			return new Ratings(count(), average(), distribution());
		}

	}

	/** The period, teams and "now" of one report, bound to each statement. */
	private final class Query {

		private final ReportPeriod period;

		private final ReportScope scope;

		private final Instant now;

		Query(ReportPeriod period, ReportScope scope, Instant now) {
			this.period = period;
			this.scope = scope;
			this.now = now;
		}

		JdbcClient.StatementSpec sql(String sql) {
			return ReportService.this.jdbc.sql(sql)
				.param("from", utc(this.period.from()))
				.param("to", utc(this.period.to()))
				.param("now", utc(this.now))
				.param("teams", this.scope.teamArray())
				.param("grace", ReportService.this.properties.followUpGrace().toSeconds());
		}

		private static OffsetDateTime utc(Instant instant) {
			return instant.atOffset(ZoneOffset.UTC);
		}

	}

}
