package io.defuse.casework;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.defuse.customer.CustomerSummary;
import io.defuse.shared.Language;

/**
 * A case's customer as the customer module publishes it to statements of other modules
 * (its view {@code customer_summaries}): read with the case in the same statement
 * ({@link CaseRows#findWithCustomer}), never written.
 */
@Entity
@Immutable
@Table(name = "customer_summaries")
class CaseCustomer {

	@Id
	private UUID id;

	@Column(name = "display_name")
	private String displayName;

	@Column(name = "preferred_name")
	private String preferredName;

	@Column(name = "language")
	private String language;

	protected CaseCustomer() {
	}

	CustomerSummary summary() {
		return new CustomerSummary(this.id, this.displayName, this.preferredName, Language.of(this.language));
	}

}
