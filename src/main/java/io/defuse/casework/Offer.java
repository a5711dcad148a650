package io.defuse.casework;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.defuse.shared.AssignedIdEntity;

/** An offer made on a case; changed only through its case. */
@Entity
@Table(name = "case_offers")
class Offer extends AssignedIdEntity<UUID> {

	@Id
	private UUID id;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private OfferType type;

	@Column(precision = 12, scale = 2)
	private BigDecimal amount;

	@Column(length = 3)
	private String currency;

	@Column(length = 1000)
	private String description;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private OfferStatus status;

	@Column(name = "requires_approval", nullable = false)
	private boolean requiresApproval;

	@Column(name = "approved_by", length = 100)
	private String approvedBy;

	@Column(name = "approved_at")
	private Instant approvedAt;

	@Column(name = "decided_at")
	private Instant decidedAt;

	@Column(name = "rejection_reason", length = 1000)
	private String rejectionReason;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", nullable = false, length = 100)
	private String createdBy;

	protected Offer() {
	}

	Offer(OfferProposal proposal, boolean requiresApproval, String createdBy, Instant now) {
		this.id = UUID.randomUUID();
		this.type = proposal.type();
		this.amount = proposal.amount();
		this.currency = proposal.currency();
		this.description = proposal.description();
		this.requiresApproval = requiresApproval;
		this.status = requiresApproval ? OfferStatus.PENDING_APPROVAL : OfferStatus.OPEN;
		this.createdBy = createdBy;
		this.createdAt = now;
	}

	void approve(String supervisor, Instant now) {
		this.status = OfferStatus.OPEN;
		this.approvedBy = supervisor;
		this.approvedAt = now;
	}

	void accept(Instant now) {
		this.status = OfferStatus.ACCEPTED;
		this.decidedAt = now;
	}

	void reject(String reason, Instant now) {
		this.status = OfferStatus.REJECTED;
		this.rejectionReason = reason;
		this.decidedAt = now;
	}

	void withdraw(Instant now) {
		this.status = OfferStatus.WITHDRAWN;
		this.decidedAt = now;
	}

	boolean isPending() {
		return this.status == OfferStatus.PENDING_APPROVAL || this.status == OfferStatus.OPEN;
	}

	UUID id() {
		return this.id;
	}

	OfferType type() {
		return this.type;
	}

	BigDecimal amount() {
		return this.amount;
	}

	String currency() {
		return this.currency;
	}

	String description() {
		return this.description;
	}

	OfferStatus status() {
		return this.status;
	}

	boolean requiresApproval() {
		return this.requiresApproval;
	}

	String approvedBy() {
		return this.approvedBy;
	}

	Instant approvedAt() {
		return this.approvedAt;
	}

	Instant decidedAt() {
		return this.decidedAt;
	}

	String rejectionReason() {
		return this.rejectionReason;
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
