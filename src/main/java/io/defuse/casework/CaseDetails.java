package io.defuse.casework;

import java.time.LocalDate;
import java.util.List;
import java.util.function.BiConsumer;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** The structured facts gathered in GATHER; filled in by partial saves. */
@Embeddable
class CaseDetails {

	@Enumerated(EnumType.STRING)
	@Column(name = "category", length = 30)
	private ProblemCategory category;

	@Column(name = "product", length = 200)
	private String product;

	@Column(name = "order_ref", length = 100)
	private String orderRef;

	@Column(name = "purchase_date")
	private LocalDate purchaseDate;

	@Column(name = "description", length = 4000)
	private String description;

	@Column(name = "attachments", columnDefinition = "text[]")
	private String[] attachments;

	/** Applies the fields the update names; a field it leaves out stays as it was. */
	void apply(DetailsUpdate update) {
		if (update.category() != null) {
			this.category = update.category();
		}
		if (update.product() != null) {
			this.product = update.product();
		}
		if (update.orderRef() != null) {
			this.orderRef = update.orderRef();
		}
		if (update.purchaseDate() != null) {
			this.purchaseDate = update.purchaseDate();
		}
		if (update.description() != null) {
			this.description = update.description();
		}
		if (update.attachments() != null) {
			this.attachments = update.attachments().toArray(String[]::new);
		}
	}

	/** Its columns of the case's row: see {@link SupportCase#forEachColumn}. */
	void forEachColumn(BiConsumer<String, Object> column) {
		column.accept("category", this.category);
		column.accept("product", this.product);
		column.accept("order_ref", this.orderRef);
		column.accept("purchase_date", this.purchaseDate);
		column.accept("description", this.description);
		column.accept("attachments", this.attachments);
	}

	ProblemCategory category() {
		return this.category;
	}

	String product() {
		return this.product;
	}

	String orderRef() {
		return this.orderRef;
	}

	LocalDate purchaseDate() {
		return this.purchaseDate;
	}

	String description() {
		return this.description;
	}

	List<String> attachments() {
		return (this.attachments != null) ? List.of(this.attachments) : List.of();
	}

}
