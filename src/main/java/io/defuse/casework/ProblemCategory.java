package io.defuse.casework;

import java.util.ArrayList;
import java.util.List;

/**
 * What the complaint is about, and which details are needed before a fair remedy can be
 * offered. A missing detail is named exactly as the field in {@code PUT
 * /cases/{id}/details}.
 */
public enum ProblemCategory {

	/**
	 * The product does not work as it should: which product, and when or where it was
	 * bought.
	 */
	DEFECTIVE_PRODUCT {
		@Override
		void requireDetails(CaseDetails details, List<String> missing) {
			requireProduct(details, missing);
			if (details.purchaseDate() == null && details.orderRef() == null) {
				missing.add("purchaseDate or orderRef");
			}
		}
	},

	/** Arrived damaged: which product, which order. */
	DAMAGED_IN_TRANSIT {
		@Override
		void requireDetails(CaseDetails details, List<String> missing) {
			requireProduct(details, missing);
			requireOrder(details, missing);
		}
	},

	/** Something else than ordered arrived: which order, and what came instead. */
	WRONG_ITEM {
		@Override
		void requireDetails(CaseDetails details, List<String> missing) {
			requireOrder(details, missing);
			requireProduct(details, missing);
		}
	},

	/** Part of the order is missing: which order. */
	MISSING_ITEM {
		@Override
		void requireDetails(CaseDetails details, List<String> missing) {
			requireOrder(details, missing);
		}
	},

	/** The delivery is late: which order. */
	LATE_DELIVERY {
		@Override
		void requireDetails(CaseDetails details, List<String> missing) {
			requireOrder(details, missing);
		}
	},

	/** Charged wrongly: which order or invoice, and what is wrong. */
	BILLING {
		@Override
		void requireDetails(CaseDetails details, List<String> missing) {
			requireOrder(details, missing);
			requireDescription(details, missing);
		}
	},

	/** How the customer was treated: what happened. */
	SERVICE {
		@Override
		void requireDetails(CaseDetails details, List<String> missing) {
			requireDescription(details, missing);
		}
	},

	/** Anything else: what happened. */
	OTHER {
		@Override
		void requireDetails(CaseDetails details, List<String> missing) {
			requireDescription(details, missing);
		}
	};

	abstract void requireDetails(CaseDetails details, List<String> missing);

	/** The details still missing before this category's case can leave GATHER. */
	static List<String> missingDetails(CaseDetails details) {
		List<String> missing = new ArrayList<>();
		if (details.category() == null) {
			missing.add("category");
		}
		else {
			details.category().requireDetails(details, missing);
		}
		return missing;
	}

	private static void requireProduct(CaseDetails details, List<String> missing) {
		if (details.product() == null) {
			missing.add("product");
		}
	}

	private static void requireOrder(CaseDetails details, List<String> missing) {
		if (details.orderRef() == null) {
			missing.add("orderRef");
		}
	}

	private static void requireDescription(CaseDetails details, List<String> missing) {
		if (details.description() == null) {
			missing.add("description");
		}
	}

}
