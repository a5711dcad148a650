package io.defuse.casework;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.shared.Actor;
import io.defuse.shared.TeamScope;
import io.defuse.shared.Role;
import io.defuse.sla.SlaPolicyService;

/**
 * Watches the SLA clocks and follow-up due times: finds the cases whose clock has reached
 * its warning share or its target, or whose follow-up has fallen due, and lets each case
 * record it. Runs as a db-scheduler recurring task, so one instance of a cluster runs it
 * at a time.
 */
@Component
class SlaWatch {

	/** The principal recorded on what the watch records. */
	static final Actor SYSTEM = new Actor(new UUID(0, 0), "defuse-sla", Role.ADMIN);

	static final int BATCH = 500;

	private static final Logger log = LoggerFactory.getLogger(SlaWatch.class);

	private final JdbcClient jdbc;

	private final CaseRepository cases;

	private final SlaPolicyService policies;

	private final TransactionTemplate transaction;

	private final Clock clock;

	SlaWatch(JdbcClient jdbc, CaseRepository cases, SlaPolicyService policies, TransactionTemplate transaction,
			Clock clock) {
		this.jdbc = jdbc;
		this.cases = cases;
		this.policies = policies;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * @return the cases that recorded something
	 */
	int run() {
		Instant now = this.clock.instant();
		List<UUID> due = this.jdbc
			.sql("""
					select c.id from cases c join sla_policies p on p.severity = c.severity
					where (c.sla_paused_at is null and c.step = 'LISTEN' and c.acknowledged_at is null and not c.ack_breached
					       and c.created_at + make_interval(secs => c.ack_paused_s + p.acknowledge_within_s
					           * (case when c.ack_warned then 100 else p.warn_at_percent end) / 100.0) <= :now)
					   or (c.sla_paused_at is null and c.step = 'RESPOND' and c.response_started_at is not null
					       and not c.response_breached
					       and c.response_started_at + make_interval(secs => c.response_paused_s + p.respond_within_s
					           * (case when c.response_warned then 100 else p.warn_at_percent end) / 100.0) <= :now)
					   or (c.step = 'FOLLOW_UP' and not c.follow_up_due_notified and c.follow_up_due_at <= :now)
					limit :batch""")
			.param("now", Timestamp.from(now))
			.param("batch", BATCH)
			.query(UUID.class)
			.list();
		int recorded = 0;
		for (UUID id : due) {
			try {
				if (Boolean.TRUE.equals(this.transaction.execute((status) -> check(id)))) {
					recorded++;
				}
			}
			catch (RuntimeException ex) {
				log.warn("SLA check of case {} failed; it is checked again next round", id, ex);
			}
		}
		return recorded;
	}

	private boolean check(UUID id) {
		SupportCase supportCase = this.cases.findForUpdate(id, true, TeamScope.of(SYSTEM).teamIds()).orElse(null);
		if (supportCase == null) {
			return false;
		}
		boolean recorded = supportCase.checkSla(SlaTargets.of(this.policies.targetsFor(supportCase.severity())), SYSTEM,
				this.clock.instant());
		if (recorded) {
			this.cases.store(supportCase);
		}
		return recorded;
	}

}
