package io.defuse.casework;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

import io.defuse.shared.web.InvalidInput;

/**
 * A partial save of the case details: every field is optional, and the ones given replace
 * what was there. {@code attachments} replaces the whole list.
 *
 * @param category what the complaint is about
 * @param product the product concerned
 * @param orderRef the order (or invoice) reference
 * @param purchaseDate when it was bought (not in the future)
 * @param description what happened, in the agent's words
 * @param attachments links to photos, receipts, screenshots (http or https, at most 10)
 */
public record DetailsUpdate(@Schema(example = "DEFECTIVE_PRODUCT") ProblemCategory category,
		@Size(max = 200) @Schema(example = "Kettle KX-200") String product,
		@Size(max = 100) @Schema(example = "ORD-2026-118842") String orderRef,
		@Schema(example = "2026-10-02") LocalDate purchaseDate,
		@Size(max = 4000) @Schema(
				example = "Stopped heating after three weeks; the customer has the receipt.") String description,
		@Size(max = 10) @Schema(
				example = "[\"https://files.example.com/receipt-118842.jpg\"]") List<String> attachments) {

	static final int MAX_ATTACHMENTS = 10;

	public DetailsUpdate {
		product = InvalidInput.text("product", product, false, 200);
		orderRef = InvalidInput.text("orderRef", orderRef, false, 100);
		description = InvalidInput.text("description", description, false, 4000);
		if (purchaseDate != null && purchaseDate.isAfter(LocalDate.now().plusDays(1))) {
			throw InvalidInput.of("purchaseDate", "must not be in the future");
		}
		if (attachments != null) {
			if (attachments.size() > MAX_ATTACHMENTS) {
				throw InvalidInput.of("attachments", "at most " + MAX_ATTACHMENTS + " links");
			}
			for (int i = 0; i < attachments.size(); i++) {
				checkLink("attachments[" + i + "]", attachments.get(i));
			}
			attachments = List.copyOf(attachments);
		}
	}

	boolean isEmpty() {
		return this.category == null && this.product == null && this.orderRef == null && this.purchaseDate == null
				&& this.description == null && this.attachments == null;
	}

	private static void checkLink(String field, String link) {
		try {
			URI uri = (link != null && link.length() <= 2000) ? new URI(link) : null;
			if (uri == null || uri.getHost() == null
					|| !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
				throw InvalidInput.of(field, "must be an http(s) link of at most 2000 characters");
			}
		}
		catch (java.net.URISyntaxException ex) {
			throw InvalidInput.of(field, "must be an http(s) link of at most 2000 characters");
		}
	}

}
