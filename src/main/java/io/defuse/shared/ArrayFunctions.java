package io.defuse.shared;

import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.boot.model.FunctionContributor;
import org.hibernate.type.StandardBasicTypes;

/**
 * {@code has_element(:values, x)} for queries: PostgreSQL's {@code x = any(?)}, with the
 * values bound as one array. Hibernate expands {@code x in :values} into one parameter
 * per value, so a query with it is translated anew on every call (its plan depends on the
 * number of values); with one array it is translated once and cached, and PostgreSQL
 * still uses the index on {@code x}. The array comes first: Hibernate lets a function's
 * last argument take a list of values, and does not cache the plan of a query with such a
 * parameter either.
 */
public class ArrayFunctions implements FunctionContributor {

	@Override
	public void contributeFunctions(FunctionContributions contributions) {
		contributions.getFunctionRegistry()
			.registerPattern("has_element", "(?2 = any(?1))",
					contributions.getTypeConfiguration().getBasicTypeRegistry().resolve(StandardBasicTypes.BOOLEAN));
	}

}
