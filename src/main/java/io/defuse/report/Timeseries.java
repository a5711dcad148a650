package io.defuse.report;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import io.defuse.shared.web.InvalidInput;

/**
 * One metric per bucket of a period, for charts. Every bucket of the period is there,
 * oldest first, with 0 (or null for an average) where nothing happened.
 *
 * @param metric the metric
 * @param interval the bucket size
 * @param period the period asked for; the first and the last bucket may reach outside it,
 * but count only what lies inside
 * @param scope whose cases are counted
 * @param points one per bucket
 */
public record Timeseries(String metric, String interval, ReportPeriod period, ReportScope scope, List<Point> points) {

	/**
	 * One bucket.
	 *
	 * @param start the bucket's start (UTC midnight; Monday for weeks); it ends where the
	 * next one starts
	 * @param value the metric's value
	 * @param basis what an average or a rate is computed from, for the metrics that have
	 * one
	 */
	@Schema(name = "ReportPoint")
	public record Point(Instant start, Number value,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
					description = "satisfaction_avg: the ratings averaged; sla_breaches: the clocks with a result "
							+ "(met or breached); deescalated: the cases closed whose tension peaked at ANGRY or "
							+ "HOSTILE; absent for the plain counts") Long basis) {
	}

	/** What a time series can show. */
	enum Metric {

		/** Cases opened in the bucket. */
		CASES_OPENED,

		/** Cases closed in the bucket (and closed now). */
		CASES_CLOSED,

		/** Cases escalated in the bucket, by the time of their latest escalation. */
		ESCALATIONS,

		/**
		 * The mean rating of the follow-ups recorded in the bucket; null without ratings.
		 */
		SATISFACTION_AVG,

		/**
		 * SLA clocks breached, in the bucket their clock started: acknowledgement clocks
		 * of cases opened, response clocks started, follow-ups due.
		 */
		SLA_BREACHES,

		/**
		 * Cases closed in the bucket whose tension peaked at ANGRY or worse and that
		 * ended de-escalated.
		 */
		DEESCALATED;

		String apiName() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Metric of(String value) {
			return Arrays.stream(values())
				.filter((metric) -> metric.apiName().equals(value))
				.findFirst()
				.orElseThrow(() -> InvalidInput.of("metric",
						((value == null || value.isBlank()) ? "is required; " : "is not a known metric; ")
								+ "must be one of " + String.join(", ", names())));
		}

		static List<String> names() {
			return Arrays.stream(values()).map(Metric::apiName).toList();
		}

	}

	/** The bucket size. */
	enum Interval {

		DAY, WEEK;

		String apiName() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The PostgreSQL interval of one bucket. */
		String step() {
			return "1 " + apiName();
		}

		static Interval of(String value) {
			if (value == null || value.isBlank()) {
				return DAY;
			}
			return Arrays.stream(values())
				.filter((interval) -> interval.apiName().equals(value))
				.findFirst()
				.orElseThrow(() -> InvalidInput.of("interval", "must be one of " + String.join(", ", names())));
		}

		static List<String> names() {
			return Arrays.stream(values()).map(Interval::apiName).toList();
		}

	}

}
