package io.defuse.casework;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.defuse.deescalation.TensionLevel;
import io.defuse.deescalation.ThreatType;
import io.defuse.shared.Language;
import io.defuse.shared.Severity;

/**
 * Counts what happened to cases, from their events once the change has committed: a
 * rolled-back change is never counted. Every tag comes from a closed set (channels,
 * severities, outcomes, steps, tension levels, threat types, escalation kinds, SLA
 * clocks); no id and no free text ever becomes a tag value. See docs/OBSERVABILITY.md.
 */
@Component
class CaseMetrics {

	static final String OPENED = "defuse.cases.opened";

	static final String CLOSED = "defuse.cases.closed";

	static final String REOPENED = "defuse.cases.reopened";

	static final String STEP_DURATION = "defuse.case.step.duration";

	static final String CUSTOMER_STATEMENTS = "defuse.case.customer_statements";

	static final String THREATS = "defuse.case.threats";

	static final String ESCALATIONS = "defuse.case.escalations";

	static final String SLA_WARNINGS = "defuse.case.sla.warnings";

	static final String SLA_BREACHES = "defuse.case.sla.breaches";

	/**
	 * Why a case was escalated, read from the reason the case records: the service writes
	 * its own reasons in fixed words; any other reason was written by a person.
	 */
	enum EscalationKind {

		/** A customer statement read as hostile. */
		HOSTILE_STATEMENT,

		/** A customer threatened legal action. */
		LEGAL_THREAT,

		/** The escalation risk reached the threshold of the case's severity. */
		HIGH_RISK,

		/** An SLA clock ran past its target. */
		SLA_BREACHED,

		/** The customer was reached at the follow-up and was not satisfied. */
		NOT_SATISFIED_AT_FOLLOW_UP,

		/** An agent or supervisor escalated it, with a reason of their own. */
		MANUAL

	}

	/**
	 * Time in a step ranges from seconds (an acknowledgement on the phone) to weeks (a
	 * follow-up); these buckets cover both ends, so quantiles can be computed in
	 * Prometheus.
	 */
	private static final Duration[] STEP_BUCKETS = { Duration.ofMinutes(1), Duration.ofMinutes(5),
			Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
			Duration.ofHours(4), Duration.ofHours(8), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3),
			Duration.ofDays(5), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30) };

	private static final Logger log = LoggerFactory.getLogger(CaseMetrics.class);

	private final MeterRegistry meters;

	CaseMetrics(MeterRegistry meters) {
		this.meters = meters;
		// every series of a closed set exists from the start, at zero,
		// so rates and alerts work before the first event
		for (Channel channel : Channel.values()) {
			for (Severity severity : Severity.values()) {
				opened(channel.name(), severity.name());
			}
			for (Outcome outcome : Outcome.values()) {
				closed(channel.name(), outcome.name());
			}
			reopened(channel.name());
		}
		for (TensionLevel level : TensionLevel.values()) {
			for (Language language : Language.values()) {
				customerStatements(level.name(), language.code());
			}
		}
		for (ThreatType threat : ThreatType.values()) {
			threats(threat.name());
		}
		for (EscalationKind kind : EscalationKind.values()) {
			escalations(kind);
		}
		for (SlaClock clock : SlaClock.values()) {
			slaWarnings(clock.name());
			slaBreaches(clock.name());
		}
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void on(CaseEvent event) {
		try {
			record(event);
		}
		catch (RuntimeException ex) {
			// a metric is never worth failing, or even delaying, a committed change
			log.warn("Could not count {} of case {}: {}", event.type(), event.caseId(), ex.toString());
		}
	}

	private void record(CaseEvent event) {
		CaseEvent.Snapshot snapshot = event.snapshot();
		Map<String, Object> data = event.data();
		switch (event.type()) {
			case "case.created" -> opened(name(snapshot.channel()), name(snapshot.severity())).increment();
			case "case.closed" -> closed(name(snapshot.channel()), name(snapshot.outcome())).increment();
			case "case.reopened" -> reopened(name(snapshot.channel())).increment();
			case "case.step_changed" -> stepChanged(event, name(data.get("from")), name(data.get("to")));
			case "case.statement_added" -> statementAdded(data);
			case "case.escalated" -> escalations(kindOf(event)).increment();
			case "case.sla_warning" -> slaWarnings(name(data.get("clock"))).increment();
			case "case.sla_breached" -> slaBreaches(name(data.get("clock"))).increment();
			default -> {
				// not counted
			}
		}
	}

	/**
	 * Records the time the case spent in the step it left, from when it entered it (the
	 * event says) to this change.
	 */
	private void stepChanged(CaseEvent event, String from, String to) {
		Timer timer = Timer.builder(STEP_DURATION)
			.description("Time a case spent in the step it left, per transition; the count is the transitions")
			.tags("from", from, "to", to)
			.serviceLevelObjectives(STEP_BUCKETS)
			.register(this.meters);
		if (event.data().get("enteredAt") instanceof Instant entered && !entered.isAfter(event.occurredAt())) {
			timer.record(Duration.between(entered, event.occurredAt()));
		}
	}

	private void statementAdded(Map<String, Object> data) {
		if (!"CUSTOMER".equals(name(data.get("from"))) || !(data.get("tension") instanceof Map<?, ?> tension)) {
			return;
		}
		customerStatements(name(tension.get("level")), name(data.get("language"))).increment();
		if (tension.get("threats") instanceof Collection<?> threats) {
			threats.forEach((threat) -> threats(name(threat)).increment());
		}
	}

	/** The kind of a {@code case.escalated} event, as the case recorded it. */
	static EscalationKind kindOf(CaseEvent event) {
		return EscalationKind.valueOf(name(event.data().get("kind")));
	}

	private Counter opened(String channel, String severity) {
		return Counter.builder(OPENED)
			.description("Cases opened")
			.tags("channel", channel, "severity", severity)
			.register(this.meters);
	}

	private Counter closed(String channel, String outcome) {
		return Counter.builder(CLOSED)
			.description("Cases closed, by how they ended")
			.tags("channel", channel, "outcome", outcome)
			.register(this.meters);
	}

	private Counter reopened(String channel) {
		return Counter.builder(REOPENED)
			.description("Closed cases reopened by a supervisor")
			.tags("channel", channel)
			.register(this.meters);
	}

	private Counter customerStatements(String level, String language) {
		return Counter.builder(CUSTOMER_STATEMENTS)
			.description("Customer statements recorded, by the tension level they were read at")
			.tags("level", level, "language", language)
			.register(this.meters);
	}

	private Counter threats(String type) {
		return Counter.builder(THREATS)
			.description("Threats found in customer statements")
			.tags("type", type)
			.register(this.meters);
	}

	private Counter escalations(EscalationKind kind) {
		return Counter.builder(ESCALATIONS)
			.description("Cases escalated, by why")
			.tags("kind", kind.name())
			.register(this.meters);
	}

	private Counter slaWarnings(String clock) {
		return Counter.builder(SLA_WARNINGS)
			.description("SLA clocks that reached their warning share")
			.tags("clock", clock)
			.register(this.meters);
	}

	private Counter slaBreaches(String clock) {
		return Counter.builder(SLA_BREACHES)
			.description("SLA clocks that ran past their target")
			.tags("clock", clock)
			.register(this.meters);
	}

	/** An enum value's tag value ({@code none} when absent). */
	private static String name(Object value) {
		return (value != null) ? value.toString() : "none";
	}

}
