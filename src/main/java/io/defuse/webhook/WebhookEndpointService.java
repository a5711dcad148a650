package io.defuse.webhook;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.shared.Actor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.Columns;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.Cursor;
import io.defuse.shared.web.CursorPage;
import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;
import io.defuse.shared.web.Versions;
import io.defuse.webhook.WebhookViews.AttemptView;
import io.defuse.webhook.WebhookViews.DeliveryDetail;
import io.defuse.webhook.WebhookViews.DeliveryView;
import io.defuse.webhook.WebhookViews.EndpointView;
import io.defuse.webhook.WebhookViews.EndpointWithSecret;
import io.defuse.webhook.WebhookViews.Recovery;

/**
 * Admin operations on webhook endpoints and their deliveries. Every change is recorded in
 * the audit log with the target's host only: a URL may carry a token, and a secret never
 * leaves the answer that shows it.
 */
@Service
public class WebhookEndpointService {

	/** The position before the newest endpoint, for the first page. */
	private static final Cursor FIRST = new Cursor(Instant.parse("9999-12-31T00:00:00Z"), new UUID(-1, -1));

	/** More entries than this in an endpoint's event types is a broken request. */
	static final int MAX_EVENT_TYPES = 100;

	private final WebhookEndpointRepository endpoints;

	private final WebhookOutbox outbox;

	private final JdbcClient jdbc;

	private final WebhookProperties properties;

	private final TargetGuard guard;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/** The endpoints the outbox writes deliveries for, dropped by every change here. */
	private final EnabledEndpoints enabled;

	WebhookEndpointService(WebhookEndpointRepository endpoints, EnabledEndpoints enabled, WebhookOutbox outbox,
			JdbcClient jdbc, WebhookProperties properties, ApplicationEventPublisher events, Clock clock) {
		this.endpoints = endpoints;
		this.enabled = enabled;
		this.outbox = outbox;
		this.jdbc = jdbc;
		this.properties = properties;
		this.guard = new TargetGuard(properties.allowPrivateTargets());
		this.events = events;
		this.clock = clock;
	}

	@Transactional
	public EndpointWithSecret create(String url, List<String> eventTypes, String description, Actor actor) {
		WebhookEndpoint endpoint = new WebhookEndpoint(checkedUrl(url), checkedTypes(eventTypes),
				InvalidInput.text("description", description, false, 500), this.clock.instant());
		this.endpoints.saveAndFlush(endpoint);
		this.enabled.changedOnCommit();
		audit(actor, "webhook-endpoint.created", endpoint.id(), Map.of("host", host(endpoint.url()), "eventTypes",
				endpoint.eventTypes(), "enabled", endpoint.enabled()));
		return new EndpointWithSecret(EndpointView.of(endpoint, this.clock.instant()), endpoint.secret());
	}

	@Transactional(readOnly = true)
	public CursorPage<EndpointView> list(String cursor, int limit) {
		Cursor before = Objects.requireNonNullElse(Cursor.decode(cursor), FIRST);
		return CursorPage.of(this.endpoints.page(before.at(), before.id(), Limit.of(limit + 1)), limit,
				(e) -> new Cursor(e.createdAt(), e.id()), (e) -> EndpointView.of(e, this.clock.instant()));
	}

	@Transactional(readOnly = true)
	public EndpointView get(UUID id) {
		return EndpointView.of(find(id), this.clock.instant());
	}

	/** Changes the given fields; {@code enabled: true} re-enables a disabled endpoint. */
	@Transactional
	public EndpointView update(UUID id, String url, List<String> eventTypes, String description, Boolean enabled,
			Long expectedVersion, Actor actor) {
		WebhookEndpoint endpoint = this.endpoints.findForUpdate(id).orElseThrow(() -> notFound(id));
		Versions.check(expectedVersion, endpoint.version());
		String hostBefore = host(endpoint.url());
		String descriptionBefore = endpoint.description();
		List<String> typesBefore = endpoint.eventTypes();
		boolean enabledBefore = endpoint.enabled();
		endpoint.change((url != null) ? checkedUrl(url) : null, (eventTypes != null) ? checkedTypes(eventTypes) : null,
				InvalidInput.text("description", description, false, 500), enabled, this.clock.instant());
		this.endpoints.saveAndFlush(endpoint);
		this.enabled.changedOnCommit();
		Map<String, Object> changes = new LinkedHashMap<>();
		List<String> fields = new ArrayList<>();
		if (url != null) {
			fields.add("url");
			changes.put("host", Map.of("before", hostBefore, "after", host(endpoint.url())));
		}
		if (!Objects.equals(typesBefore, endpoint.eventTypes())) {
			fields.add("eventTypes");
			changes.put("eventTypes", Map.of("before", typesBefore, "after", endpoint.eventTypes()));
		}
		if (!Objects.equals(descriptionBefore, endpoint.description())) {
			fields.add("description");
		}
		if (enabledBefore != endpoint.enabled()) {
			fields.add("enabled");
			changes.put("enabled", Map.of("before", enabledBefore, "after", endpoint.enabled()));
		}
		if (!fields.isEmpty()) {
			changes.put("fields", fields);
			audit(actor, "webhook-endpoint.changed", id, changes);
		}
		return EndpointView.of(endpoint, this.clock.instant());
	}

	/**
	 * Deletes the endpoint with its delivery log; pending deliveries are dropped with it.
	 */
	@Transactional
	public void delete(UUID id, Actor actor) {
		// Its pending deliveries are locked before the endpoint, in the order the record
		// of a job's attempts takes them (its deliveries in their messages' order, then
		// the
		// endpoint's failing mark): taken in another order, a delete and a record wait
		// for
		// each other until PostgreSQL aborts one. Their jobs not yet picked go too, or
		// each would still be picked,
		// only to find nothing to do, ahead of the other endpoints' deliveries; the
		// deliveries themselves go with the endpoint (on delete cascade). The statement
		// reads every locked row itself: a locking query PostgreSQL runs only as far as
		// the delete of the jobs needs would lock nothing when no job is waiting (all
		// being attempted, say), and the deadlock would be back.
		this.jdbc.sql("""
				with pending as materialized (
				  select id from webhook_deliveries where endpoint_id = :id and status = 'PENDING'
				  order by message_id for update),
				jobs as (
				  delete from scheduled_tasks
				  where task_name = :task and not picked
				    and string_to_array(task_instance, ',') && (select array_agg(id::text) from pending))
				select count(*) from pending""")
			.param("task", WebhookConfiguration.DELIVERY_TASK)
			.param("id", id)
			.query(Long.class)
			.single();
		WebhookEndpoint endpoint = this.endpoints.findForUpdate(id).orElseThrow(() -> notFound(id));
		this.endpoints.delete(endpoint);
		this.enabled.changedOnCommit();
		audit(actor, "webhook-endpoint.deleted", id, Map.of("host", host(endpoint.url())));
	}

	@Transactional
	public EndpointWithSecret rotateSecret(UUID id, Actor actor) {
		WebhookEndpoint endpoint = this.endpoints.findForUpdate(id).orElseThrow(() -> notFound(id));
		Instant now = this.clock.instant();
		String secret = endpoint.rotateSecret(this.properties.rotationGrace(), now);
		this.endpoints.saveAndFlush(endpoint);
		EndpointView view = EndpointView.of(endpoint, now);
		audit(actor, "webhook-endpoint.secret-rotated", id,
				Map.of("previousSecretExpiresAt", String.valueOf(view.previousSecretExpiresAt())));
		return new EndpointWithSecret(view, secret);
	}

	/** Sends a {@code ping} to the endpoint (it must be enabled). */
	@Transactional
	public DeliveryView test(UUID id, Actor actor) {
		WebhookEndpoint endpoint = find(id);
		if (!endpoint.enabled()) {
			throw ApiException.conflict("endpoint-disabled", "Enable the endpoint before testing it");
		}
		UUID delivery = this.outbox.ping(id)
			.orElseThrow(() -> ApiException.conflict("endpoint-disabled",
					"The endpoint was disabled or deleted while it was being tested"));
		DeliveryView ping = delivery(delivery).delivery();
		audit(actor, "webhook-endpoint.tested", id, Map.of("deliveryId", ping.id().toString()));
		return ping;
	}

	@Transactional(readOnly = true)
	public CursorPage<DeliveryView> deliveries(UUID endpointId, String status, String cursor, int limit) {
		find(endpointId);
		if (status != null && !List.of("PENDING", "SUCCEEDED", "FAILED").contains(status)) {
			throw InvalidInput.of("status", "must be one of PENDING, SUCCEEDED, FAILED");
		}
		Cursor before = Objects.requireNonNullElse(Cursor.decode(cursor), FIRST);
		// the failed ones by their own index (V22): a condition the plan of a prepared
		// statement can only know holds when it is written out
		String only = (status == null) ? "" : "FAILED".equals(status) ? "and d.failed" : "and d.status = :status";
		List<DeliveryView> rows = this.jdbc.sql(DELIVERY_SELECT + """
				where d.endpoint_id = :endpoint %s
				  and (d.created_at < :before or (d.created_at = :before and d.id < :beforeId))
				order by d.created_at desc, d.id desc limit :limit""".formatted(only))
			.param("endpoint", endpointId)
			.param("status", status)
			.param("before", Timestamp.from(before.at()))
			.param("beforeId", before.id())
			.param("limit", limit + 1)
			.query(WebhookEndpointService::deliveryView)
			.list();
		return CursorPage.of(rows, limit, (d) -> new Cursor(d.createdAt(), d.id()), (d) -> d);
	}

	@Transactional(readOnly = true)
	public DeliveryDetail delivery(UUID id) {
		DeliveryView delivery = this.jdbc.sql(DELIVERY_SELECT + " where d.id = :id")
			.param("id", id)
			.query(WebhookEndpointService::deliveryView)
			.optional()
			.orElseThrow(() -> ApiException.notFound("Delivery", id));
		List<AttemptView> attempts = this.jdbc.sql("""
				select attempt, attempted_at, status_code, latency_ms, error, response_excerpt
				from webhook_attempts where delivery_id = :id order by id""")
			.param("id", id)
			.query((row, n) -> new AttemptView(row.getInt("attempt"), Columns.instant(row, "attempted_at"),
					(Integer) row.getObject("status_code"), row.getInt("latency_ms"), row.getString("error"),
					row.getString("response_excerpt")))
			.list();
		return new DeliveryDetail(delivery, attempts);
	}

	/** Tries a delivery again now, whatever its state, with a fresh retry schedule. */
	@Transactional
	public DeliveryView retry(UUID id, Actor actor) {
		this.outbox.refuseWhileSent(id);
		int changed = this.jdbc
			.sql("""
					update webhook_deliveries set status = 'PENDING', attempts = 0, next_attempt_at = :now, completed_at = null,
					       requeued = true
					where id = :id""")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", id)
			.update();
		if (changed == 0) {
			throw ApiException.notFound("Delivery", id);
		}
		this.outbox.requeue(id);
		DeliveryView delivery = delivery(id).delivery();
		audit(actor, "webhook-delivery.retried", "webhook-delivery", id,
				Map.of("endpointId", delivery.endpointId().toString(), "messageId", delivery.messageId(), "eventType",
						delivery.eventType()));
		return delivery;
	}

	/**
	 * Queues again every failed delivery of the endpoint created since the given time.
	 */
	@Transactional
	public Recovery recover(UUID endpointId, Instant since, Actor actor) {
		find(endpointId);
		List<UUID> failed = this.jdbc
			.sql("""
					update webhook_deliveries set status = 'PENDING', attempts = 0, next_attempt_at = :now, completed_at = null,
					       requeued = true
					where endpoint_id = :endpoint and failed and created_at >= :since
					returning id""")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("endpoint", endpointId)
			.param("since", Timestamp.from(since))
			.query(UUID.class)
			.list();
		failed.forEach(this.outbox::requeue);
		audit(actor, "webhook-endpoint.recovered", endpointId,
				Map.of("since", since.toString(), "requeued", failed.size()));
		return new Recovery(failed.size());
	}

	private String checkedUrl(String url) {
		String given = InvalidInput.text("url", url, true, 2000);
		try {
			this.guard.check(this.guard.parse(given));
		}
		catch (TargetGuard.RefusedTarget ex) {
			throw InvalidInput.of("url", ex.getMessage());
		}
		return given;
	}

	private static List<String> checkedTypes(List<String> eventTypes) {
		if (eventTypes == null) {
			return List.of();
		}
		if (eventTypes.size() > MAX_EVENT_TYPES) {
			throw InvalidInput.of("eventTypes", "at most " + MAX_EVENT_TYPES + " event types");
		}
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < eventTypes.size(); i++) {
			if (!WebhookEventTypes.isKnown(eventTypes.get(i))) {
				errors.add(new FieldError("eventTypes[" + i + "]", "is not an event type; see the event catalogue"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		return eventTypes;
	}

	private void audit(Actor actor, String action, UUID endpointId, Map<String, Object> details) {
		audit(actor, action, "webhook-endpoint", endpointId, details);
	}

	private void audit(Actor actor, String action, String targetType, UUID targetId, Map<String, Object> details) {
		this.events.publishEvent(new AdminAction(actor, action, targetType, targetId.toString(), details));
	}

	/** The host a URL points at: enough to tell endpoints apart, never a token in it. */
	private static String host(String url) {
		try {
			String host = java.net.URI.create(url).getHost();
			return (host != null) ? host : "(unknown)";
		}
		catch (IllegalArgumentException ex) {
			return "(unknown)";
		}
	}

	private WebhookEndpoint find(UUID id) {
		return this.endpoints.findById(id).orElseThrow(() -> notFound(id));
	}

	private static ApiException notFound(UUID id) {
		return ApiException.notFound("Webhook endpoint", id);
	}

	private static final String DELIVERY_SELECT = """
			select d.id, d.message_id, d.endpoint_id, m.type, d.status, d.attempts, d.next_attempt_at,
			       d.last_attempt_at, d.last_status_code, d.last_error, d.created_at, d.completed_at
			from webhook_deliveries d join webhook_messages m on m.id = d.message_id
			""";

	private static DeliveryView deliveryView(java.sql.ResultSet row, int n) throws java.sql.SQLException {
		return new DeliveryView(row.getObject("id", UUID.class), row.getString("message_id"),
				row.getObject("endpoint_id", UUID.class), row.getString("type"), row.getString("status"),
				row.getInt("attempts"), Columns.instant(row, "next_attempt_at"),
				Columns.instant(row, "last_attempt_at"), (Integer) row.getObject("last_status_code"),
				row.getString("last_error"), Columns.instant(row, "created_at"), Columns.instant(row, "completed_at"));
	}

}
