package io.defuse.casework;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.defuse.customer.CustomerErasing;
import io.defuse.shared.web.StoredAnswers;

/**
 * Anonymises a customer's cases when the customer is erased, in the erasing transaction.
 * <p>
 * Erased: the subject, description, order reference and attachments; every statement's
 * text and the evidence its analysis quotes; escalation and SLA-pause reasons; offer
 * descriptions and rejection reasons; response references and notes; follow-up comments;
 * the free text of every timeline entry (see {@link PersonalData}); remembered
 * Idempotency-Key answers naming a case or statement. Kept: category, product, purchase
 * date, severity, channel, step, outcome, satisfaction, tension scores, levels and
 * threats, the escalation's kind, offer types, amounts and statuses, the step history,
 * counts and timestamps — the statistics that reports, risk and remedy rankings are built
 * from.
 * <p>
 * Works with set-based SQL and pages of rows, so a customer with many cases is erased in
 * bounded memory. The cases' versions move on, so a client holding an old ETag gets 412
 * rather than writing over the erasure; {@code updated_at} stays, as it is a statistic
 * (last contact) and not personal.
 */
@Component
class CaseErasure {

	private static final String OF_CUSTOMER = "(select id from cases where customer_id = ?)";

	private static final int PAGE = 500;

	private final JdbcTemplate jdbc;

	private final JdbcClient client;

	private final JsonMapper json;

	private final StoredAnswers storedAnswers;

	CaseErasure(JdbcTemplate jdbc, JdbcClient client, JsonMapper json, StoredAnswers storedAnswers) {
		this.jdbc = jdbc;
		this.client = client;
		this.json = json;
		this.storedAnswers = storedAnswers;
	}

	@EventListener
	void on(CustomerErasing event) {
		UUID customer = event.customerId();
		List<UUID> named = new ArrayList<>(this.client.sql("select id from cases where customer_id = :customer")
			.param("customer", customer)
			.query(UUID.class)
			.list());
		if (named.isEmpty()) {
			return;
		}
		this.jdbc.update("""
				update cases set subject = ?, description = null, order_ref = null, attachments = null,
				       escalation_reason = null, sla_pause_reason = null, version = version + 1
				where customer_id = ?""", PersonalData.ERASED, customer);
		this.jdbc.update(
				"update case_offers set description = null, rejection_reason = null where case_id in " + OF_CUSTOMER,
				customer);
		this.jdbc.update("update case_responses set reference = null, note = null where case_id in " + OF_CUSTOMER,
				customer);
		this.jdbc.update("update case_follow_ups set comment = null where case_id in " + OF_CUSTOMER, customer);
		this.jdbc.update("update case_statements set text = ? where case_id in " + OF_CUSTOMER, PersonalData.ERASED,
				customer);
		named.addAll(eraseQuotes(customer));
		eraseTimeline(customer);
		this.storedAnswers.forgetBodiesNaming(named);
	}

	/**
	 * Takes the quoted evidence out of every statement's analysis.
	 * @return the statements' ids
	 */
	private List<UUID> eraseQuotes(UUID customer) {
		List<UUID> statements = new ArrayList<>();
		// the smallest uuid in PostgreSQL's (unsigned, bytewise) order
		UUID after = new UUID(0, 0);
		while (true) {
			List<Row> page = this.client.sql("""
					select id::text as id, analysis::text as data from case_statements
					where case_id in (select id from cases where customer_id = :customer) and id > :after
					order by id limit :limit""")
				.param("customer", customer)
				.param("after", after)
				.param("limit", PAGE)
				.query((row, n) -> new Row(row.getString("id"), 0, row.getString("data")))
				.list();
			List<Object[]> updates = new ArrayList<>();
			for (Row row : page) {
				statements.add(UUID.fromString(row.id()));
				if (row.data() != null) {
					JsonNode redacted = PersonalData.withoutQuotes(this.json.readTree(row.data()));
					updates.add(new Object[] { this.json.writeValueAsString(redacted), UUID.fromString(row.id()) });
				}
			}
			if (!updates.isEmpty()) {
				this.jdbc.batchUpdate("update case_statements set analysis = cast(? as jsonb) where id = ?", updates);
			}
			if (page.size() < PAGE) {
				return statements;
			}
			after = UUID.fromString(page.get(page.size() - 1).id());
		}
	}

	/** Takes the free text out of every timeline entry's data. */
	private void eraseTimeline(UUID customer) {
		for (UUID caseId : this.client.sql("select id from cases where customer_id = :customer order by id")
			.param("customer", customer)
			.query(UUID.class)
			.list()) {
			int after = 0;
			while (true) {
				List<Row> page = this.client.sql("""
						select seq, data::text as data from case_events
						where case_id = :case and seq > :after order by seq limit :limit""")
					.param("case", caseId)
					.param("after", after)
					.param("limit", PAGE)
					.query((row, n) -> new Row(null, row.getInt("seq"), row.getString("data")))
					.list();
				List<Object[]> updates = new ArrayList<>();
				for (Row row : page) {
					JsonNode data = this.json.readTree(row.data());
					JsonNode redacted = PersonalData.redact(data);
					if (!redacted.equals(data)) {
						updates.add(new Object[] { this.json.writeValueAsString(redacted), caseId, row.sequence() });
					}
				}
				if (!updates.isEmpty()) {
					this.jdbc.batchUpdate(
							"update case_events set data = cast(? as jsonb) where case_id = ? and seq = ?", updates);
				}
				if (page.size() < PAGE) {
					break;
				}
				after = page.get(page.size() - 1).sequence();
			}
		}
	}

	private record Row(String id, int sequence, String data) {
	}

}
