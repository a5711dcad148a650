package io.defuse.sla;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.shared.Actor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.CachedRead;
import io.defuse.shared.Columns;
import io.defuse.shared.Severity;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.InvalidInput;
import io.defuse.shared.web.Versions;

/** Reads and changes the SLA policy of each severity; every severity always has one. */
@Service
public class SlaPolicyService {

	/** No target may be shorter than this, so a typo cannot breach every case at once. */
	static final Duration MIN_TARGET = Duration.ofMinutes(1);

	static final Duration MAX_TARGET = Duration.ofDays(90);

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	/** How long {@link #targetsFor} keeps what it read. */
	static final Duration CACHED_FOR = Duration.ofSeconds(5);

	private final Clock clock;

	private final CachedRead<Map<Severity, SlaPolicy>> cached;

	SlaPolicyService(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.cached = new CachedRead<>(CACHED_FOR, clock, () -> {
			Map<Severity, SlaPolicy> policies = new EnumMap<>(Severity.class);
			all().forEach((policy) -> policies.put(policy.severity(), policy));
			return policies;
		});
	}

	@Transactional(readOnly = true)
	public List<SlaPolicy> all() {
		return this.jdbc.sql(
				"select * from sla_policies order by array_position(array['LOW','MEDIUM','HIGH','CRITICAL'], severity::text)")
			.query(SlaPolicyService::policy)
			.list();
	}

	@Transactional(readOnly = true)
	public SlaPolicy policyFor(Severity severity) {
		return this.jdbc.sql("select * from sla_policies where severity = :severity")
			.param("severity", severity.name())
			.query(SlaPolicyService::policy)
			.single();
	}

	/**
	 * The policy of the severity as read at most {@link #CACHED_FOR} ago: for every case
	 * answer and SLA check, which need not read the table each time. A change made here
	 * is seen at once; one made on another instance within that time.
	 */
	public SlaPolicy targetsFor(Severity severity) {
		return this.cached.get().get(severity);
	}

	/**
	 * Replaces the targets of one severity. Running clocks are measured against the new
	 * targets from the next check on. The audit log records the targets before and after.
	 */
	@Transactional
	public SlaPolicy update(Severity severity, Duration acknowledgeWithin, Duration respondWithin,
			Duration followUpDelay, Integer warnAtPercent, Long expectedVersion, Actor actor) {
		checkTarget("acknowledgeWithin", acknowledgeWithin);
		checkTarget("respondWithin", respondWithin);
		checkTarget("followUpDelay", followUpDelay);
		InvalidInput.required("warnAtPercent", warnAtPercent);
		if (warnAtPercent < 1 || warnAtPercent > 99) {
			throw InvalidInput.of("warnAtPercent", "must be from 1 to 99");
		}
		SlaPolicy before = this.jdbc.sql("select * from sla_policies where severity = :severity for update")
			.param("severity", severity.name())
			.query(SlaPolicyService::policy)
			.optional()
			.orElseThrow(() -> ApiException.notFound("SLA policy", severity));
		Versions.check(expectedVersion, before.version());
		this.jdbc.sql("""
				update sla_policies set acknowledge_within_s = :ack, respond_within_s = :respond,
				       follow_up_delay_s = :followUp, warn_at_percent = :warn, updated_at = :now,
				       updated_by = :by, version = version + 1
				where severity = :severity""")
			.param("ack", acknowledgeWithin.toSeconds())
			.param("respond", respondWithin.toSeconds())
			.param("followUp", followUpDelay.toSeconds())
			.param("warn", warnAtPercent)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("by", actor.name())
			.param("severity", severity.name())
			.update();
		SlaPolicy after = policyFor(severity);
		this.cached.forget();
		this.events.publishEvent(new AdminAction(actor, "sla-policy.changed", "sla-policy", severity.name(),
				Map.of("before", targets(before), "after", targets(after), "version", after.version())));
		return after;
	}

	private static Map<String, Object> targets(SlaPolicy policy) {
		return Map.of("acknowledgeWithin", policy.acknowledgeWithin().toString(), "respondWithin",
				policy.respondWithin().toString(), "followUpDelay", policy.followUpDelay().toString(), "warnAtPercent",
				policy.warnAtPercent());
	}

	private static void checkTarget(String field, Duration target) {
		InvalidInput.required(field, target);
		if (target.compareTo(MIN_TARGET) < 0 || target.compareTo(MAX_TARGET) > 0) {
			throw InvalidInput.of(field, "must be between 1 minute and 90 days");
		}
	}

	private static SlaPolicy policy(ResultSet row, int n) throws SQLException {
		return new SlaPolicy(Severity.valueOf(row.getString("severity")),
				Duration.ofSeconds(row.getLong("acknowledge_within_s")),
				Duration.ofSeconds(row.getLong("respond_within_s")),
				Duration.ofSeconds(row.getLong("follow_up_delay_s")), row.getInt("warn_at_percent"),
				Columns.instant(row, "updated_at"), row.getString("updated_by"), row.getLong("version"));
	}

}
