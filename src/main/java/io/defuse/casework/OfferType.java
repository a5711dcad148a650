package io.defuse.casework;

/** The remedies an agent can offer. */
public enum OfferType {

	/** Repair the product. */
	REPAIR(false),

	/** Replace the product. */
	REPLACEMENT(false),

	/** Refund the full price. */
	REFUND(true),

	/** Refund part of the price. */
	PARTIAL_REFUND(true),

	/** A voucher for a later purchase. */
	VOUCHER(true),

	/** A goodwill gesture (money optional). */
	GOODWILL(false),

	/** Anything else, described in words (money optional). */
	OTHER(false);

	private final boolean needsMoney;

	OfferType(boolean needsMoney) {
		this.needsMoney = needsMoney;
	}

	boolean needsMoney() {
		return this.needsMoney;
	}

}
