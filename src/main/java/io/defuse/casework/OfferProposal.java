package io.defuse.casework;

import java.math.BigDecimal;
import java.util.Currency;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.defuse.shared.web.InvalidInput;

/**
 * A remedy to offer. Money goes with refunds and vouchers (and may go with goodwill and
 * other offers): a positive amount in an ISO-4217 currency, with no more decimals than
 * the currency has.
 *
 * @param type the remedy
 * @param amount how much, for money offers
 * @param currency ISO-4217 code, with an amount
 * @param description what exactly is offered, as the customer would hear it
 */
public record OfferProposal(@NotNull @Schema(example = "PARTIAL_REFUND") OfferType type,
		@Schema(example = "25.00") BigDecimal amount, @Size(max = 3) @Schema(example = "EUR") String currency,
		@Size(max = 1000) @Schema(
				example = "Refund of 25 EUR for the inconvenience, keep the kettle") String description) {

	static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");

	public OfferProposal {
		InvalidInput.required("type", type);
		description = InvalidInput.text("description", description, false, 1000);
		if (amount == null && currency != null) {
			throw InvalidInput.of("amount", "is required with a currency");
		}
		if (amount != null) {
			if (currency == null) {
				throw InvalidInput.of("currency", "is required with an amount");
			}
			currency = currency.strip().toUpperCase(java.util.Locale.ROOT);
			Currency known;
			try {
				known = Currency.getInstance(currency);
			}
			catch (IllegalArgumentException ex) {
				throw InvalidInput.of("currency", "must be an ISO-4217 currency code such as EUR, USD or CZK");
			}
			if (amount.signum() <= 0) {
				throw InvalidInput.of("amount", "must be positive");
			}
			if (amount.compareTo(MAX_AMOUNT) >= 0) {
				throw InvalidInput.of("amount", "must be less than " + MAX_AMOUNT);
			}
			if (amount.stripTrailingZeros().scale() > Math.max(known.getDefaultFractionDigits(), 0)) {
				throw InvalidInput.of("amount", "has more decimals than " + currency + " allows");
			}
		}
		else if (type.needsMoney()) {
			throw InvalidInput.of("amount", "is required for a " + type + " offer");
		}
	}

	boolean hasMoney() {
		return this.amount != null;
	}

}
