package io.defuse.casework;

/** What was actually done for the customer in RESPOND. */
public enum ResponseAction {

	/** Money went back to the customer (reference: the refund transaction). */
	REFUND_ISSUED,

	/** A replacement was shipped (reference: the tracking number; required). */
	REPLACEMENT_SHIPPED,

	/** A repair was booked (reference: the repair order). */
	REPAIR_BOOKED,

	/** A voucher was sent (reference: the voucher code). */
	VOUCHER_SENT,

	/** A goodwill gesture was made. */
	GOODWILL_GIVEN,

	/** Something else, described in the note. */
	OTHER

}
