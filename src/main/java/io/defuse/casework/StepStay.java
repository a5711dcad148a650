package io.defuse.casework;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.defuse.shared.AssignedIdEntity;

/**
 * One stay of a case in a step, from entering it to leaving it: the step history that
 * reports measure time in step from. Registered by the case when it moves on, like its
 * events, and stored with its timeline ({@link TimelineRecorder}).
 */
@Entity
@Immutable
@Table(name = "case_step_stays")
class StepStay extends AssignedIdEntity<UUID> {

	@Id
	private UUID id;

	@Column(name = "case_id", nullable = false, updatable = false)
	private UUID caseId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 10)
	private Step step;

	@Column(name = "entered_at", nullable = false)
	private Instant enteredAt;

	@Column(name = "left_at", nullable = false)
	private Instant leftAt;

	protected StepStay() {
	}

	StepStay(UUID caseId, Step step, Instant enteredAt, Instant leftAt) {
		this.id = UUID.randomUUID();
		this.caseId = caseId;
		this.step = step;
		this.enteredAt = enteredAt;
		this.leftAt = leftAt;
	}

	UUID caseId() {
		return this.caseId;
	}

	Step step() {
		return this.step;
	}

	Instant enteredAt() {
		return this.enteredAt;
	}

	Instant leftAt() {
		return this.leftAt;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
