package io.defuse.customer;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

import org.springframework.data.domain.Persistable;

import io.defuse.shared.Language;

/**
 * A customer as stored. Details change only as a whole, validated {@link NewCustomer}, so
 * the entity never holds a value the API would refuse.
 */
@Entity
@Table(name = "customers")
class Customer implements Persistable<UUID> {

	/** What an erased customer is called from then on. */
	static final String ERASED_NAME = "Erased customer";

	@Id
	private UUID id;

	@Column(name = "display_name", nullable = false, length = NewCustomer.DISPLAY_NAME_MAX)
	private String displayName;

	@Column(name = "preferred_name", length = NewCustomer.PREFERRED_NAME_MAX)
	private String preferredName;

	@Column(length = NewCustomer.EMAIL_MAX)
	private String email;

	@Column(length = NewCustomer.PHONE_MAX)
	private String phone;

	@Convert(converter = LanguageConverter.class)
	@Column(nullable = false, length = 2)
	private Language language;

	@Column(name = "external_ref", unique = true, length = NewCustomer.EXTERNAL_REF_MAX)
	private String externalRef;

	@Column(length = NewCustomer.PREFERENCES_MAX)
	private String preferences;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "created_by", nullable = false, length = 100)
	private String createdBy;

	@Column(name = "legal_hold_reason", length = LegalHoldRequest.REASON_MAX)
	private String legalHoldReason;

	@Column(name = "legal_hold_since")
	private Instant legalHoldSince;

	@Column(name = "legal_hold_by", length = 100)
	private String legalHoldBy;

	@Column(name = "erased_at")
	private Instant erasedAt;

	@Column(name = "erased_by", length = 100)
	private String erasedBy;

	@Version
	private long version;

	/**
	 * The id is assigned here, not by the database, so Spring Data cannot tell a new
	 * customer by a null id; without this it would merge (select, then insert).
	 */
	@Transient
	private boolean isNew = true;

	protected Customer() {
	}

	/** A new customer; English unless the details say otherwise. */
	Customer(NewCustomer details, String createdBy, Instant now) {
		this.id = UUID.randomUUID();
		this.language = Language.EN;
		apply(details);
		this.createdBy = createdBy;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/**
	 * Replaces the details with the given ones (a {@code null} language keeps the current
	 * one). Returns whether anything changed; only then does {@code updatedAt} (and, on
	 * flush, the version) move on.
	 */
	boolean update(NewCustomer details, Instant now) {
		refuseIfErased();
		NewCustomer before = details();
		apply(details);
		if (details().equals(before)) {
			return false;
		}
		this.updatedAt = now;
		return true;
	}

	/** The current details, in the form they are changed in. */
	NewCustomer details() {
		return new NewCustomer(this.displayName, this.preferredName, this.email, this.phone, this.language,
				this.externalRef, this.preferences);
	}

	private void apply(NewCustomer details) {
		this.displayName = details.displayName();
		this.preferredName = details.preferredName();
		this.email = details.email();
		this.phone = details.phone();
		this.language = Objects.requireNonNullElse(details.language(), this.language);
		this.externalRef = details.externalRef();
		this.preferences = details.preferences();
	}

	/**
	 * Sets a legal hold, or replaces its reason; erasure is refused while it lasts.
	 * Returns whether anything changed. An erased customer has nothing left to hold: 409.
	 */
	boolean placeLegalHold(String reason, String by, Instant now) {
		refuseIfErased();
		if (reason.equals(this.legalHoldReason)) {
			return false;
		}
		if (this.legalHoldSince == null) {
			this.legalHoldSince = now;
		}
		this.legalHoldReason = reason;
		this.legalHoldBy = by;
		return true;
	}

	/** Lifts the legal hold; returns whether there was one. */
	boolean liftLegalHold() {
		if (this.legalHoldSince == null) {
			return false;
		}
		this.legalHoldReason = null;
		this.legalHoldSince = null;
		this.legalHoldBy = null;
		return true;
	}

	/**
	 * Replaces every personal detail (names, contact details, the CRM reference,
	 * preferences) and marks the customer erased, for good. The language stays: it says
	 * nothing about who the person is and keeps the statistics per language. Refused with
	 * 409 {@code legal-hold} while a legal hold lasts.
	 */
	void erase(String by, Instant now) {
		if (this.legalHoldSince != null) {
			throw PrivacyRefusals.legalHold(this.id, legalHold());
		}
		this.displayName = ERASED_NAME;
		this.preferredName = null;
		this.email = null;
		this.phone = null;
		this.externalRef = null;
		this.preferences = null;
		this.erasedAt = now;
		this.erasedBy = by;
		this.updatedAt = now;
	}

	void refuseIfErased() {
		if (this.erasedAt != null) {
			throw PrivacyRefusals.erased(this.id, this.erasedAt);
		}
	}

	@PostLoad
	@PostPersist
	void markStored() {
		this.isNew = false;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	UUID id() {
		return this.id;
	}

	String displayName() {
		return this.displayName;
	}

	String preferredName() {
		return this.preferredName;
	}

	String email() {
		return this.email;
	}

	String phone() {
		return this.phone;
	}

	Language language() {
		return this.language;
	}

	String externalRef() {
		return this.externalRef;
	}

	String preferences() {
		return this.preferences;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	long version() {
		return this.version;
	}

	/** The legal hold, or {@code null} when there is none. */
	LegalHold legalHold() {
		return (this.legalHoldSince != null)
				? new LegalHold(this.legalHoldReason, this.legalHoldSince, this.legalHoldBy) : null;
	}

	Instant erasedAt() {
		return this.erasedAt;
	}

}
