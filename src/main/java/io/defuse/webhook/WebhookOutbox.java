package io.defuse.webhook;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerConfigurationSupport;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;

import io.defuse.casework.CaseEvent;
import io.defuse.customer.CustomerCreated;
import io.defuse.customer.CustomerUpdated;
import io.defuse.customer.CustomerView;
import io.defuse.shared.MultiRowInsert;
import io.defuse.shared.TransactionBound;
import io.defuse.shared.web.ApiException;

/**
 * The transactional outbox: turns every case and customer event into a message and one
 * delivery per subscribed endpoint, and schedules each delivery's job — all in the
 * transaction of the change itself, so a rolled-back change sends nothing and a committed
 * one cannot be lost.
 */
@Component
class WebhookOutbox {

	/**
	 * Free-text fields are cut to this length in payloads, keeping every body well under
	 * 20 kB.
	 */
	static final int MAX_TEXT = 2000;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final SchedulerClient schedulerClient;

	private final ObjectProvider<Scheduler> scheduler;

	private final CustomTask<Void> deliveryTask;

	private final Clock clock;

	private final String jobsTable;

	private final EnabledEndpoints endpoints;

	WebhookOutbox(JdbcClient jdbc, JsonMapper json, DataSource dataSource, DbSchedulerProperties scheduling,
			ObjectProvider<Scheduler> scheduler, CustomTask<Void> webhookDeliveryTask, EnabledEndpoints endpoints,
			Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.endpoints = endpoints;
		// Jobs are written on the connection of the change, in its transaction, not
		// through the scheduler: it works on connections of its own (JobConnections),
		// and even on the same pool its client wrote the job where other sessions saw it
		// before the change committed, so under load a job ran, found no delivery yet and
		// ended, leaving the delivery pending for good (OutboundWebhookTests pins this).
		this.schedulerClient = SchedulerClient.Builder
			.create(new TransactionAwareDataSourceProxy(dataSource), webhookDeliveryTask)
			.tableName(scheduling.getTableName())
			.serializer(DbSchedulerConfigurationSupport.SPRING_JAVA_SERIALIZER)
			.build();
		this.jobsTable = scheduling.getTableName();
		this.scheduler = scheduler;
		this.deliveryTask = webhookDeliveryTask;
		this.clock = clock;
	}

	@EventListener
	void on(CaseEvent event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("caseId", event.caseId());
		data.put("sequence", event.sequence());
		data.put("step", event.step());
		data.put("actor", event.actor());
		data.put("actorRole", event.actorRole());
		data.put("case", event.snapshot());
		data.put("change", truncated(event.data()));
		enqueue(event.type(), event.occurredAt(), data, event.caseId(), event.sequence());
	}

	@EventListener
	void on(CustomerCreated event) {
		enqueue("customer.created", event.customer().createdAt(), customerData(event.customer()), null, null);
	}

	@EventListener
	void on(CustomerUpdated event) {
		enqueue("customer.updated", event.customer().updatedAt(), customerData(event.customer()), null, null);
	}

	/**
	 * A customer was erased: ids only (the customer and their cases), so a CRM can erase
	 * its own copy without receiving anything personal.
	 */
	void customerErased(UUID customerId, List<UUID> caseIds, Instant erasedAt) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("customerId", customerId);
		data.put("caseIds", caseIds);
		enqueue(WebhookEventTypes.CUSTOMER_ERASED, erasedAt, data, null, null);
	}

	/**
	 * A ping to one endpoint, whatever it subscribed to.
	 * @return its delivery; empty when the endpoint is no longer there or enabled
	 */
	Optional<UUID> ping(UUID endpointId) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("endpointId", endpointId);
		data.put("message", "Ping from Defuse: this endpoint receives and verifies our webhooks.");
		List<UUID> deliveries = write(
				List.of(new Outgoing(WebhookEventTypes.PING, this.clock.instant(), data, null, null, endpointId)));
		// written at once: the caller needs the delivery
		return deliveries.stream().findFirst();
	}

	/** A message to write, with the endpoint it is for when only one (a ping). */
	private record Outgoing(String type, Instant occurredAt, Map<String, Object> data, UUID caseId, Integer sequence,
			UUID onlyEndpoint) {
	}

	/**
	 * The messages of one transaction, written together just before it commits: one
	 * look-up of the endpoints and one statement for the messages, their deliveries and
	 * jobs, instead of a round of statements per event. A message coming after that (from
	 * another synchronization) is written at once. Its commit wakes the scheduler when
	 * the transaction scheduled a delivery, also one written at once (pings, requeues); a
	 * change nobody subscribed to wakes nothing.
	 */
	private final class Pending implements TransactionSynchronization {

		private final List<Outgoing> messages = new ArrayList<>();

		private boolean written;

		private boolean scheduled;

		@Override
		public void beforeCommit(boolean readOnly) {
			writePending();
		}

		@Override
		public void afterCommit() {
			// db-scheduler polls once a second; waking it sends the webhooks at once.
			// Each wake is a poll of the job table: only a transaction that scheduled a
			// delivery wakes it.
			if (this.scheduled) {
				WebhookOutbox.this.scheduler.ifAvailable(Scheduler::triggerCheckForDueExecutions);
			}
		}

	}

	private void enqueue(String type, Instant occurredAt, Map<String, Object> data, UUID caseId, Integer sequence) {
		Outgoing message = new Outgoing(type, occurredAt, data, caseId, sequence, null);
		Pending pending = pendingOfTransaction();
		if (pending == null || pending.written) {
			write(List.of(message));
		}
		else {
			pending.messages.add(message);
		}
	}

	/**
	 * The current transaction's messages waiting for its commit, bound to it on first use
	 * (its commit then writes them and, when they scheduled a delivery, wakes the
	 * scheduler); null outside a transaction.
	 */
	private Pending pendingOfTransaction() {
		return TransactionBound.of(this, Pending::new);
	}

	/**
	 * Writes the messages of the current transaction that wait for its commit, now (the
	 * erasure does, so that it sees them).
	 */
	void writePending() {
		Pending pending = TransactionBound.current(this);
		if (pending != null && !pending.written) {
			pending.written = true;
			if (!pending.messages.isEmpty()) {
				write(pending.messages);
			}
		}
	}

	/**
	 * Stores the messages and their deliveries, one per enabled endpoint that wants the
	 * event, and schedules the deliveries (the commit wakes the scheduler); a message
	 * nobody wants is not stored.
	 * @return the deliveries created
	 */
	private List<UUID> write(List<Outgoing> messages) {
		// a ping names its endpoint, checked by the caller
		List<EnabledEndpoints.Endpoint> enabled = messages.stream().allMatch((m) -> m.onlyEndpoint() != null)
				? List.of() : this.endpoints.list();
		Timestamp now = Timestamp.from(this.clock.instant());
		List<Addressed> addressed = new ArrayList<>();
		for (Outgoing message : messages) {
			List<UUID> targets = (message.onlyEndpoint() != null) ? List.of(message.onlyEndpoint())
					: enabled.stream()
						.filter((endpoint) -> endpoint.wants(message.type()))
						.map(EnabledEndpoints.Endpoint::id)
						.toList();
			if (targets.isEmpty()) {
				continue;
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("type", message.type());
			body.put("timestamp", message.occurredAt());
			body.put("data", message.data());
			List<UUID> ids = targets.stream().map((endpoint) -> UUID.randomUUID()).toList();
			addressed.add(new Addressed(newMessageId(), message, this.json.writeValueAsString(body), targets, ids));
		}
		if (addressed.isEmpty()) {
			return List.of();
		}
		List<UUID> written = new ArrayList<>();
		MultiRowInsert.parts(addressed, Addressed::rows).forEach((part) -> written.addAll(insert(part, now)));
		wakeSchedulerAfterCommit();
		return written;
	}

	/** A message to store, with the endpoints it goes to and a delivery id for each. */
	private record Addressed(String id, Outgoing message, String body, List<UUID> endpoints, List<UUID> deliveries) {

		int rows() {
			return 1 + this.deliveries.size();
		}

	}

	/**
	 * The messages, their deliveries and the deliveries' jobs (due now) in one statement,
	 * so in one round trip instead of a batch per table. The jobs are rows of
	 * db-scheduler's table as its client writes them (no task data): one per endpoint for
	 * up to {@link DeliveryJob#MAX_DELIVERIES} of its deliveries, in the order of their
	 * messages (a step's three events to an endpoint are one job: one pick, one look-up,
	 * sent in order). A delivery is written only for an endpoint still there and enabled,
	 * whose row it locks against deletion until the commit: the list of endpoints in
	 * memory may name one deleted or disabled a moment ago, on any instance.
	 * @return the deliveries written
	 */
	private List<UUID> insert(List<Addressed> messages, Timestamp now) {
		List<SqlParameterValue> values = new ArrayList<>();
		Map<UUID, int[]> jobOfEndpoint = new LinkedHashMap<>();
		int jobs = 0;
		int deliveries = 0;
		for (Addressed message : messages) {
			for (int i = 0; i < message.deliveries().size(); i++) {
				// per endpoint: its current job's number and how many it has so far
				int[] job = jobOfEndpoint.computeIfAbsent(message.endpoints().get(i), (endpoint) -> new int[2]);
				if (job[1] == 0 || job[1] == DeliveryJob.MAX_DELIVERIES) {
					job[0] = jobs++;
					job[1] = 0;
				}
				job[1]++;
				values.add(new SqlParameterValue(Types.OTHER, message.deliveries().get(i)));
				values.add(new SqlParameterValue(Types.VARCHAR, message.id()));
				values.add(new SqlParameterValue(Types.OTHER, message.endpoints().get(i)));
				values.add(new SqlParameterValue(Types.INTEGER, job[0]));
				values.add(new SqlParameterValue(Types.INTEGER, deliveries));
				deliveries++;
			}
		}
		for (Addressed message : messages) {
			values.add(new SqlParameterValue(Types.VARCHAR, message.id()));
			values.add(new SqlParameterValue(Types.VARCHAR, message.message().type()));
			values.add(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(message.message().occurredAt())));
			values.add(new SqlParameterValue(Types.OTHER, message.message().caseId()));
			values.add(new SqlParameterValue(Types.INTEGER, message.message().sequence()));
			values.add(new SqlParameterValue(Types.VARCHAR, message.body()));
			values.add(new SqlParameterValue(Types.TIMESTAMP, now));
		}
		values.add(new SqlParameterValue(Types.TIMESTAMP, now));
		values.add(new SqlParameterValue(Types.TIMESTAMP, now));
		values.add(new SqlParameterValue(Types.VARCHAR, this.deliveryTask.getName()));
		values.add(new SqlParameterValue(Types.TIMESTAMP, now));
		String sql = "with addressed (id, message_id, endpoint_id, job, n) as (values "
				+ String.join(", ", Collections.nCopies(deliveries, "(cast(? as uuid), ?, cast(? as uuid), ?, ?)"))
				+ "),\n" + "targets as (select id from webhook_endpoints\n"
				+ "  where enabled and id in (select endpoint_id from addressed) for key share),\n" + "messages as ("
				+ MultiRowInsert.of("webhook_messages", "id, type, occurred_at, case_id, sequence, body, created_at",
						"(?, ?, ?, ?, ?, ?, ?)", messages.size())
				+ "),\ndeliveries as (insert into webhook_deliveries"
				+ " (id, message_id, endpoint_id, status, next_attempt_at, created_at)\n"
				+ "  select a.id, a.message_id, a.endpoint_id, 'PENDING', ?, ? from addressed a"
				+ " join targets t on t.id = a.endpoint_id returning id),\n" + "jobs as (insert into " + this.jobsTable
				+ " (task_name, task_instance, task_data, execution_time, picked, version)\n"
				+ "  select ?, string_agg(a.id::text, ',' order by a.n), null, ?, false, 1"
				+ " from addressed a join deliveries d on d.id = a.id group by a.job)\n" + "select id from deliveries";
		return this.jdbc.sql(sql).params(values).query((row, n) -> row.getObject(1, UUID.class)).list();
	}

	/**
	 * Queues a delivery again, now, as a job of its own (retry and recovery), which from
	 * then on is the only one to send it: a job of several that names it too passes it
	 * over. Runs in the caller's transaction.
	 */
	void requeue(UUID delivery) {
		TaskInstance<Void> job = this.deliveryTask.instance(delivery.toString());
		Instant now = this.clock.instant();
		if (!this.schedulerClient.scheduleIfNotExists(job, now)) {
			try {
				this.schedulerClient.reschedule(job, now);
			}
			catch (TaskInstanceCurrentlyExecutingException ex) {
				throw beingAttempted(delivery);
			}
		}
		wakeSchedulerAfterCommit();
	}

	/**
	 * Refuses to queue a pending delivery again while a job of several is sending it
	 * (that job read it before it was queued on its own, and would send it a second
	 * time). To be asked before the delivery is made pending again.
	 */
	void refuseWhileSent(UUID delivery) {
		boolean sending = this.jdbc
			.sql("""
					select exists (select 1 from webhook_deliveries d join %s s
					  on s.task_name = :task and s.picked and s.task_instance <> :id and position(:id in s.task_instance) > 0
					  where d.id = cast(:id as uuid) and d.status = 'PENDING')"""
				.formatted(this.jobsTable))
			.param("task", this.deliveryTask.getName())
			.param("id", delivery.toString())
			.query(Boolean.class)
			.single();
		if (sending) {
			throw beingAttempted(delivery);
		}
	}

	private static ApiException beingAttempted(UUID delivery) {
		return ApiException.conflict("delivery-in-progress",
				"Delivery " + delivery + " is being attempted right now; retry when the attempt is logged");
	}

	/**
	 * Has the current transaction's commit wake the scheduler (deliveries written outside
	 * a transaction are picked by its next poll).
	 */
	private void wakeSchedulerAfterCommit() {
		Pending pending = pendingOfTransaction();
		if (pending != null) {
			pending.scheduled = true;
		}
	}

	private static Map<String, Object> customerData(CustomerView customer) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("customerId", customer.id());
		data.put("externalRef", customer.externalRef());
		data.put("displayName", customer.displayName());
		data.put("preferredName", customer.preferredName());
		data.put("email", customer.email());
		data.put("phone", customer.phone());
		data.put("language", customer.language());
		data.put("version", customer.version());
		return data;
	}

	private static Map<String, Object> truncated(Map<String, Object> change) {
		Map<String, Object> copy = new LinkedHashMap<>(change);
		copy.replaceAll((key, value) -> (value instanceof String text && text.length() > MAX_TEXT)
				? text.substring(0, MAX_TEXT) + "…" : value);
		return copy;
	}

	/**
	 * {@code msg_} and 128 random bits: unique, stable across retries, and safe in a
	 * header.
	 */
	static String newMessageId() {
		UUID random = UUID.randomUUID();
		ByteBuffer bytes = ByteBuffer.allocate(16)
			.putLong(random.getMostSignificantBits())
			.putLong(random.getLeastSignificantBits());
		return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
	}

}
