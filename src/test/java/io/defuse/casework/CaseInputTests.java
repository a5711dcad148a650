package io.defuse.casework;

import io.defuse.shared.Severity;
import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Malformed inputs cannot even be built. */
class CaseInputTests {

	@Test
	void moneyOffersNeedAPositiveAmountInAKnownCurrency() {
		assertInvalid(() -> new OfferProposal(OfferType.REFUND, null, null, null), "amount");
		assertInvalid(() -> new OfferProposal(OfferType.REFUND, new BigDecimal("-5"), "EUR", null), "amount");
		assertInvalid(() -> new OfferProposal(OfferType.REFUND, BigDecimal.ZERO, "EUR", null), "amount");
		assertInvalid(() -> new OfferProposal(OfferType.REFUND, new BigDecimal("5"), "EURO", null), "currency");
		assertInvalid(() -> new OfferProposal(OfferType.REFUND, new BigDecimal("5"), null, null), "currency");
		assertInvalid(() -> new OfferProposal(OfferType.REFUND, new BigDecimal("5.001"), "EUR", null), "amount");
		assertInvalid(() -> new OfferProposal(OfferType.VOUCHER, new BigDecimal("10.5"), "JPY", null), "amount");
		assertInvalid(() -> new OfferProposal(OfferType.REPAIR, null, "EUR", null), "amount");
		assertThat(new OfferProposal(OfferType.REFUND, new BigDecimal("19.90"), "eur", null).currency())
			.isEqualTo("EUR");
		assertThat(new OfferProposal(OfferType.REPAIR, null, null, "Free repair").hasMoney()).isFalse();
	}

	@Test
	void followUpSatisfactionGoesWithReachingTheCustomer() {
		assertInvalid(() -> new FollowUpOutcome(true, null, null), "satisfaction");
		assertInvalid(() -> new FollowUpOutcome(true, 6, null), "satisfaction");
		assertInvalid(() -> new FollowUpOutcome(true, 0, null), "satisfaction");
		assertInvalid(() -> new FollowUpOutcome(false, 3, null), "satisfaction");
		assertInvalid(() -> new FollowUpOutcome(null, 3, null), "reached");
		assertThat(new FollowUpOutcome(true, 4, null).satisfied()).isTrue();
		assertThat(new FollowUpOutcome(true, 3, null).satisfied()).isFalse();
	}

	@Test
	void shippedReplacementNeedsItsTrackingReference() {
		assertInvalid(() -> new ResponseRecord(ResponseAction.REPLACEMENT_SHIPPED, " ", null), "reference");
		assertInvalid(() -> new ResponseRecord(ResponseAction.OTHER, null, null), "note");
	}

	@Test
	void resolvedIsNotAClosureSupervisorsCanChoose() {
		assertInvalid(() -> new Closure(Outcome.RESOLVED, "done"), "outcome");
		assertInvalid(() -> new Closure(Outcome.WITHDRAWN, ""), "reason");
	}

	@Test
	void statementsAreBoundedAndNotBlank() {
		assertInvalid(() -> new CaseInputs.NewStatement("   ", Speaker.CUSTOMER), "text");
		assertInvalid(() -> new CaseInputs.NewStatement("x".repeat(10_001), Speaker.CUSTOMER), "text");
		assertInvalid(() -> new CaseInputs.NewStatement("hello", null), "from");
		assertThat(new CaseInputs.NewStatement("  hello  ", Speaker.AGENT).text()).isEqualTo("hello");
	}

	@Test
	void attachmentsMustBeWebLinks() {
		assertInvalid(() -> new DetailsUpdate(null, null, null, null, null, List.of("file:///etc/passwd")),
				"attachments[0]");
		assertInvalid(() -> new DetailsUpdate(null, null, null, null, null, List.of("javascript:alert(1)")),
				"attachments[0]");
		assertInvalid(() -> new DetailsUpdate(null, null, null, java.time.LocalDate.now().plusDays(30), null, null),
				"purchaseDate");
	}

	@Test
	void aNewCaseNamesExactlyOneCustomer() {
		assertInvalid(() -> new CaseInputs.NewCase(null, null, Channel.PHONE, "s", null, "t", null), "customerId");
		assertThat(new CaseInputs.NewCase(java.util.UUID.randomUUID(), null, Channel.PHONE, "s", null, "t", null)
			.severity()).isEqualTo(Severity.MEDIUM);
	}

	private static void assertInvalid(Runnable construction, String field) {
		assertThatThrownBy(construction::run).isInstanceOfSatisfying(InvalidInput.class,
				(ex) -> assertThat((List<?>) ex.properties().get("errors")).extracting((e) -> ((FieldError) e).field())
					.containsExactly(field));
	}

}
