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

/** What was done for the customer after they accepted an offer. */
@Entity
@Immutable
@Table(name = "case_responses")
class CaseResponse extends AssignedIdEntity<UUID> {

	@Id
	private UUID id;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 30)
	private ResponseAction action;

	@Column(length = 200)
	private String reference;

	@Column(length = 2000)
	private String note;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", nullable = false, length = 100)
	private String createdBy;

	protected CaseResponse() {
	}

	CaseResponse(ResponseRecord record, String createdBy, Instant now) {
		this.id = UUID.randomUUID();
		this.action = record.action();
		this.reference = record.reference();
		this.note = record.note();
		this.createdBy = createdBy;
		this.createdAt = now;
	}

	UUID id() {
		return this.id;
	}

	ResponseAction action() {
		return this.action;
	}

	String reference() {
		return this.reference;
	}

	String note() {
		return this.note;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	String createdBy() {
		return this.createdBy;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
