package io.defuse.webhook;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.defuse.casework.CaseEvent;
import io.defuse.customer.CustomerCreated;
import io.defuse.customer.CustomerUpdated;
import io.defuse.customer.CustomerView;
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

	WebhookOutbox(JdbcClient jdbc, JsonMapper json, SchedulerClient schedulerClient,
			ObjectProvider<Scheduler> scheduler, CustomTask<Void> webhookDeliveryTask, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.schedulerClient = schedulerClient;
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
		enqueue(event.type(), event.occurredAt(), data, event.caseId(), event.sequence(), null);
	}

	@EventListener
	void on(CustomerCreated event) {
		enqueue("customer.created", event.customer().createdAt(), customerData(event.customer()), null, null, null);
	}

	@EventListener
	void on(CustomerUpdated event) {
		enqueue("customer.updated", event.customer().updatedAt(), customerData(event.customer()), null, null, null);
	}

	/**
	 * A customer was erased: ids only (the customer and their cases), so a CRM can erase
	 * its own copy without receiving anything personal.
	 */
	void customerErased(UUID customerId, List<UUID> caseIds, Instant erasedAt) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("customerId", customerId);
		data.put("caseIds", caseIds);
		enqueue(WebhookEventTypes.CUSTOMER_ERASED, erasedAt, data, null, null, null);
	}

	/** A ping to one endpoint, whatever it subscribed to. */
	UUID ping(UUID endpointId) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("endpointId", endpointId);
		data.put("message", "Ping from Defuse: this endpoint receives and verifies our webhooks.");
		return enqueue(WebhookEventTypes.PING, this.clock.instant(), data, null, null, endpointId).get(0);
	}

	/**
	 * Stores the message and its deliveries and schedules them; nothing at all when no
	 * enabled endpoint wants the event.
	 * @return the deliveries created
	 */
	private List<UUID> enqueue(String type, Instant occurredAt, Map<String, Object> data, UUID caseId, Integer sequence,
			UUID onlyEndpoint) {
		List<UUID> endpoints = (onlyEndpoint != null) ? List.of(onlyEndpoint)
				: this.jdbc.sql("""
						select id from webhook_endpoints
						where enabled and (event_types is null or :type = any(event_types))""")
					.param("type", type)
					.query(UUID.class)
					.list();
		if (endpoints.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		String messageId = newMessageId();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("timestamp", occurredAt);
		body.put("data", data);
		this.jdbc.sql("""
				insert into webhook_messages (id, type, occurred_at, case_id, sequence, body, created_at)
				values (:id, :type, :occurredAt, :caseId, :sequence, :body, :now)""")
			.param("id", messageId)
			.param("type", type)
			.param("occurredAt", Timestamp.from(occurredAt))
			.param("caseId", caseId)
			.param("sequence", sequence)
			.param("body", this.json.writeValueAsString(body))
			.param("now", Timestamp.from(now))
			.update();
		List<UUID> deliveries = new ArrayList<>();
		List<TaskInstance<?>> jobs = new ArrayList<>();
		for (UUID endpoint : endpoints) {
			UUID delivery = UUID.randomUUID();
			this.jdbc.sql("""
					insert into webhook_deliveries (id, message_id, endpoint_id, status, next_attempt_at, created_at)
					values (:id, :message, :endpoint, 'PENDING', :now, :now)""")
				.param("id", delivery)
				.param("message", messageId)
				.param("endpoint", endpoint)
				.param("now", Timestamp.from(now))
				.update();
			deliveries.add(delivery);
			jobs.add(this.deliveryTask.instance(delivery.toString()));
		}
		this.schedulerClient.scheduleBatch(jobs, now);
		wakeSchedulerAfterCommit();
		return deliveries;
	}

	/**
	 * Queues a delivery's job again, now (retry and recovery). Runs in the caller's
	 * transaction.
	 */
	void requeue(UUID delivery) {
		TaskInstance<Void> job = this.deliveryTask.instance(delivery.toString());
		Instant now = this.clock.instant();
		if (!this.schedulerClient.scheduleIfNotExists(job, now)) {
			try {
				this.schedulerClient.reschedule(job, now);
			}
			catch (TaskInstanceCurrentlyExecutingException ex) {
				throw ApiException.conflict("delivery-in-progress",
						"Delivery " + delivery + " is being attempted right now; retry when the attempt is logged");
			}
		}
		wakeSchedulerAfterCommit();
	}

	/**
	 * db-scheduler polls once a second; waking it when the transaction commits sends the
	 * webhook at once instead.
	 */
	private void wakeSchedulerAfterCommit() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				WebhookOutbox.this.scheduler.ifAvailable(Scheduler::triggerCheckForDueExecutions);
			}
		});
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
