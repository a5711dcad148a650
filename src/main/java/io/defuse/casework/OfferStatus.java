package io.defuse.casework;

/** Where an offer stands. */
public enum OfferStatus {

	/**
	 * Above the approval threshold: waits for a supervisor before the customer may accept
	 * it.
	 */
	PENDING_APPROVAL,

	/** Made to the customer; they may accept or decline it. */
	OPEN,

	/** The customer accepted it; the case moved on to RESPOND. */
	ACCEPTED,

	/** The customer declined it (or a supervisor refused to approve it). */
	REJECTED,

	/** No longer on the table: another offer was accepted, or the case was closed. */
	WITHDRAWN

}
