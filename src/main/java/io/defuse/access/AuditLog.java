package io.defuse.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.access.AuditEntry.AuditActor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.Columns;
import io.defuse.shared.Role;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.Cursor;
import io.defuse.shared.web.CursorPage;

/**
 * The audit log of administrative actions: records every {@link AdminAction} any module
 * publishes, and lets admins search them. Append-only: the database refuses to change or
 * remove an entry.
 */
@Service
public class AuditLog {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Records the action in the transaction that performs it, so the entry commits or
	 * rolls back with the action. An action published outside a transaction is a
	 * programming error and refused: its entry could outlive a failed action or be lost
	 * after a successful one.
	 */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(AdminAction action) {
		this.jdbc
			.sql("""
					insert into audit_log (occurred_at, actor_id, actor_name, actor_role, action, target_type, target_id, details)
					values (:at, :actorId, :actorName, :actorRole, :action, :targetType, :targetId, cast(:details as jsonb))""")
			.param("at", Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS)))
			.param("actorId", action.actor().id())
			.param("actorName", action.actor().name())
			.param("actorRole", action.actor().role().name())
			.param("action", action.action())
			.param("targetType", action.targetType())
			.param("targetId", action.targetId())
			.param("details", this.json.writeValueAsString(action.details()))
			.update();
	}

	/** Newest first, keyset-paginated. */
	@Transactional(readOnly = true)
	public CursorPage<AuditEntry> search(AuditQuery query, String cursor, int limit) {
		if (limit < 1 || limit > CursorPage.MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be 1 to " + CursorPage.MAX_LIMIT + ", not " + limit);
		}
		Cursor before = Cursor.decode(cursor);
		List<String> where = new ArrayList<>();
		Map<String, Object> params = new LinkedHashMap<>();
		// only the criteria given go into the statement, so each search can use its index
		condition(where, params, "actor_name = :actor", "actor", query.actor());
		condition(where, params, "action = :action", "action", query.action());
		condition(where, params, "target_type = :targetType", "targetType", query.targetType());
		condition(where, params, "target_id = :targetId", "targetId", query.targetId());
		condition(where, params, "occurred_at >= :from", "from", timestamp(query.from()));
		condition(where, params, "occurred_at < :to", "to", timestamp(query.to()));
		if (before != null) {
			where.add("(occurred_at, id) < (:beforeAt, :beforeId)");
			params.put("beforeAt", Timestamp.from(before.at()));
			params.put("beforeId", entryId(before));
		}
		params.put("limit", limit + 1);
		String sql = "select * from audit_log" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
				+ " order by occurred_at desc, id desc limit :limit";
		List<AuditEntry> rows = this.jdbc.sql(sql).params(params).query(this::entry).list();
		return CursorPage.of(rows, limit, (entry) -> new Cursor(entry.occurredAt(), new UUID(0, entry.id())),
				(entry) -> entry);
	}

	@Transactional(readOnly = true)
	public AuditEntry get(long id) {
		return this.jdbc.sql("select * from audit_log where id = :id")
			.param("id", id)
			.query(this::entry)
			.optional()
			.orElseThrow(() -> ApiException.notFound("Audit entry", id));
	}

	private static void condition(List<String> where, Map<String, Object> params, String sql, String name,
			Object value) {
		if (value != null) {
			where.add(sql);
			params.put(name, value);
		}
	}

	private static Timestamp timestamp(java.time.Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	/**
	 * Entries are numbered, not identified by UUIDs; the cursor carries the number in the
	 * low half of its id.
	 */
	private static long entryId(Cursor cursor) {
		if (cursor.id().getMostSignificantBits() != 0) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "invalid-cursor", "Bad Request",
					"The cursor is not one this API issued; start again without it");
		}
		return cursor.id().getLeastSignificantBits();
	}

	@SuppressWarnings("unchecked")
	private AuditEntry entry(ResultSet row, int n) throws SQLException {
		return new AuditEntry(row.getLong("id"), Columns.instant(row, "occurred_at"),
				new AuditActor(row.getObject("actor_id", UUID.class), row.getString("actor_name"),
						Role.valueOf(row.getString("actor_role"))),
				row.getString("action"), row.getString("target_type"), row.getString("target_id"),
				this.json.readValue(row.getString("details"), Map.class));
	}

}
