package io.defuse.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.defuse.reliability.Workload.Answer;

/**
 * What the database holds after a crash or an outage, read directly with SQL and held
 * against what the clients were told.
 */
final class StoredState {

	private final JdbcClient jdbc;

	StoredState(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Every change answered 2xx that the database does not show: its case missing, the
	 * case's version below the one acknowledged, or fewer timeline events of the change's
	 * type than changes of that type were acknowledged.
	 */
	List<String> lostAcknowledgedWrites(List<Answer> answers) {
		Map<String, Long> versions = new HashMap<>();
		this.jdbc.sql("select id, version from cases")
			.query((RowCallbackHandler) (row) -> versions.put(row.getString("id"), row.getLong("version")));
		Map<String, Long> events = new HashMap<>();
		this.jdbc.sql("select case_id, type, count(*) as n from case_events group by case_id, type")
			.query((RowCallbackHandler) (row) -> events.put(row.getString("case_id") + " " + row.getString("type"),
					row.getLong("n")));
		List<String> lost = new ArrayList<>();
		Map<String, List<Answer>> byCase = answers.stream()
			.filter(Answer::acknowledgedWrite)
			.collect(Collectors.groupingBy(Answer::caseId));
		byCase.forEach((caseId, acknowledged) -> {
			Long stored = versions.get(caseId);
			if (stored == null) {
				lost.add("case " + caseId + " missing");
				return;
			}
			long highest = acknowledged.stream().mapToLong(Answer::version).max().orElse(-1);
			if (stored < highest) {
				lost.add("case " + caseId + " at version " + stored + ", acknowledged " + highest);
			}
			acknowledged.stream()
				.collect(Collectors.groupingBy(Answer::eventType, Collectors.counting()))
				.forEach((type, count) -> {
					long recorded = events.getOrDefault(caseId + " " + type, 0L);
					if (recorded < count) {
						lost.add("case " + caseId + ": " + count + " × " + type + " acknowledged, " + recorded
								+ " on the timeline");
					}
				});
		});
		return lost;
	}

	/**
	 * Cases whose timeline is not numbered 1..n without gaps, n being the case's own
	 * event counter.
	 */
	List<String> timelinesWithGaps() {
		return this.jdbc.sql("""
				select c.id from cases c
				left join (select case_id, count(*) as n, min(seq) as first, max(seq) as last
				           from case_events group by case_id) e on e.case_id = c.id
				where coalesce(e.n, 0) <> c.event_seq or coalesce(e.last, 0) <> c.event_seq
				   or (e.first is not null and e.first <> 1)""").query(String.class).list();
	}

	/**
	 * Half-written changes between the timeline and the outbox: timeline events without
	 * their message, case messages without their timeline event, customer messages
	 * without their customer, messages without a delivery.
	 */
	List<String> outboxMismatches() {
		List<String> mismatches = new ArrayList<>();
		this.jdbc.sql("""
				select e.case_id || '#' || e.seq || ' ' || e.type from case_events e
				where not exists (select 1 from webhook_messages m
				                  where m.case_id = e.case_id and m.sequence = e.seq and m.type = e.type)""")
			.query(String.class)
			.list()
			.forEach((event) -> mismatches.add("timeline event without message: " + event));
		this.jdbc.sql("""
				select m.id || ' ' || m.type from webhook_messages m
				where m.case_id is not null
				  and not exists (select 1 from case_events e
				                  where e.case_id = m.case_id and e.seq = m.sequence and e.type = m.type)""")
			.query(String.class)
			.list()
			.forEach((message) -> mismatches.add("message without timeline event: " + message));
		this.jdbc
			.sql("""
					select m.id from webhook_messages m
					where m.type = 'customer.created'
					  and not exists (select 1 from customers c where c.id = (m.body::jsonb #>> '{data,customerId}')::uuid)""")
			.query(String.class)
			.list()
			.forEach((message) -> mismatches.add("customer message without customer: " + message));
		this.jdbc.sql("""
				select m.id from webhook_messages m
				where not exists (select 1 from webhook_deliveries d where d.message_id = m.id)""")
			.query(String.class)
			.list()
			.forEach((message) -> mismatches.add("message without delivery: " + message));
		return mismatches;
	}

	Set<String> messageIds() {
		return new TreeSet<>(this.jdbc.sql("select id from webhook_messages").query(String.class).list());
	}

	long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	long cases() {
		return count("select count(*) from cases");
	}

	long timelineEvents() {
		return count("select count(*) from case_events");
	}

	long deliveriesNotSucceeded() {
		return count("select count(*) from webhook_deliveries where status <> 'SUCCEEDED'");
	}

}
