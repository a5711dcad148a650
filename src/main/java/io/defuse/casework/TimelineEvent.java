package io.defuse.casework;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.defuse.shared.Role;

/**
 * A stored {@link CaseEvent}: one immutable line of a case's timeline, read through JPA,
 * written by {@link TimelineRecorder}.
 */
@Entity
@Immutable
@IdClass(TimelineEvent.Key.class)
@Table(name = "case_events")
class TimelineEvent {

	@Id
	@Column(name = "case_id")
	private UUID caseId;

	@Id
	@Column(name = "seq")
	private int sequence;

	@Column(nullable = false, length = 50)
	private String type;

	@Column(name = "occurred_at", nullable = false)
	private Instant occurredAt;

	@Column(nullable = false, length = 100)
	private String actor;

	@Enumerated(EnumType.STRING)
	@Column(name = "actor_role", nullable = false, length = 20)
	private Role actorRole;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 10)
	private Step step;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(nullable = false, columnDefinition = "jsonb")
	private String data;

	protected TimelineEvent() {
	}

	TimelineEvent(CaseEvent event, String json) {
		this.caseId = event.caseId();
		this.sequence = event.sequence();
		this.type = event.type();
		this.occurredAt = event.occurredAt();
		this.actor = event.actor();
		this.actorRole = event.actorRole();
		this.step = event.step();
		this.data = json;
	}

	record Key(UUID caseId, int sequence) implements Serializable {
	}

	UUID caseId() {
		return this.caseId;
	}

	int sequence() {
		return this.sequence;
	}

	String type() {
		return this.type;
	}

	Instant occurredAt() {
		return this.occurredAt;
	}

	String actor() {
		return this.actor;
	}

	Role actorRole() {
		return this.actorRole;
	}

	Step step() {
		return this.step;
	}

	String data() {
		return this.data;
	}

}
