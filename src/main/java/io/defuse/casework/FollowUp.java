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

/** One follow-up attempt and what came of it. */
@Entity
@Immutable
@Table(name = "case_follow_ups")
class FollowUp extends AssignedIdEntity<UUID> {

	@Id
	private UUID id;

	@Column(nullable = false)
	private int attempt;

	@Column(nullable = false)
	private boolean reached;

	private Integer satisfaction;

	@Column(length = 2000)
	private String comment;

	/** When this attempt was due. */
	@Column(name = "due_at")
	private Instant dueAt;

	/** The remedy the rating is about: the offer the customer accepted last. */
	@Enumerated(EnumType.STRING)
	@Column(length = 20)
	private OfferType remedy;

	/** The case's problem category when the attempt was made. */
	@Enumerated(EnumType.STRING)
	@Column(length = 30)
	private ProblemCategory category;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", nullable = false, length = 100)
	private String createdBy;

	protected FollowUp() {
	}

	FollowUp(int attempt, FollowUpOutcome outcome, Instant dueAt, OfferType remedy, ProblemCategory category,
			String createdBy, Instant now) {
		this.id = UUID.randomUUID();
		this.attempt = attempt;
		this.reached = outcome.reached();
		this.satisfaction = outcome.satisfaction();
		this.comment = outcome.comment();
		this.dueAt = dueAt;
		this.remedy = remedy;
		this.category = category;
		this.createdBy = createdBy;
		this.createdAt = now;
	}

	UUID id() {
		return this.id;
	}

	int attempt() {
		return this.attempt;
	}

	boolean reached() {
		return this.reached;
	}

	Integer satisfaction() {
		return this.satisfaction;
	}

	String comment() {
		return this.comment;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	String createdBy() {
		return this.createdBy;
	}

	Instant dueAt() {
		return this.dueAt;
	}

	OfferType remedy() {
		return this.remedy;
	}

	ProblemCategory category() {
		return this.category;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
