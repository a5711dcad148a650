package io.defuse.customer;

import java.time.Instant;
import java.util.UUID;

import io.defuse.shared.web.ApiException;

/** The 409 answers of privacy rules, in one place so their codes never drift. */
final class PrivacyRefusals {

	private PrivacyRefusals() {
	}

	/** An erased customer is never changed again, and gets no new cases. */
	static ApiException erased(UUID customerId, Instant erasedAt) {
		return ApiException
			.conflict("customer-erased",
					"Customer " + customerId + " was erased at " + erasedAt + "; an erased customer is never "
							+ "changed again and gets no new cases")
			.with("customerId", customerId)
			.with("erasedAt", erasedAt);
	}

	/** Data under a legal hold must be kept. */
	static ApiException legalHold(UUID customerId, LegalHold hold) {
		return ApiException
			.conflict("legal-hold",
					"Customer " + customerId + " is under a legal hold since " + hold.since()
							+ "; their data must be kept until an admin lifts the hold")
			.with("customerId", customerId)
			.with("legalHold", hold);
	}

}
