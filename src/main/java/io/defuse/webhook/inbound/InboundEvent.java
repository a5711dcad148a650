package io.defuse.webhook.inbound;

import java.util.List;

import io.defuse.casework.CaseInputs.NewCase;
import io.defuse.shared.Language;

/**
 * An event a CRM sends, read from a verified message. Each type says what Defuse does
 * with it.
 */
sealed interface InboundEvent permits InboundEvent.ComplaintCreated, InboundEvent.CustomerUpdated {

	String COMPLAINT_CREATED = "complaint.created";

	String CUSTOMER_UPDATED = "customer.updated";

	/** Every type Defuse accepts. */
	List<String> TYPES = List.of(COMPLAINT_CREATED, CUSTOMER_UPDATED);

	String type();

	/**
	 * A customer complained: open a case, creating or updating the customer by their
	 * external reference.
	 *
	 * @param complaint the case to open, with the customer inline
	 */
	record ComplaintCreated(NewCase complaint) implements InboundEvent {

		@Override
		public String type() {
			return COMPLAINT_CREATED;
		}

	}

	/**
	 * A customer's details changed in the CRM: change the fields given (absent or
	 * {@code null} ones stay), or record the customer if Defuse does not know them yet
	 * (then {@code displayName} is required).
	 *
	 * @param externalRef the CRM's id of the customer
	 * @param displayName full name
	 * @param preferredName how they like to be addressed
	 * @param email e-mail address
	 * @param phone phone number
	 * @param language the language to talk to them in
	 */
	record CustomerUpdated(String externalRef, String displayName, String preferredName, String email, String phone,
			Language language) implements InboundEvent {

		@Override
		public String type() {
			return CUSTOMER_UPDATED;
		}

	}

}
