package io.defuse.shared;

import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.boot.model.FunctionContributor;
import org.hibernate.type.StandardBasicTypes;

/**
 * {@code in_array(x, :values)} for queries: PostgreSQL's {@code x = any(?)}, with the
 * values bound as one array. Hibernate expands {@code x in :values} into one parameter
 * per value, so a query with it is translated anew on every call (its plan depends on the
 * number of values); with one array it is translated once and cached, and PostgreSQL
 * still uses the index on {@code x}.
 */
public class ArrayFunctions implements FunctionContributor {

	@Override
	public void contributeFunctions(FunctionContributions contributions) {
		contributions.getFunctionRegistry()
			.registerPattern("in_array", "(?1 = any(?2))",
					contributions.getTypeConfiguration().getBasicTypeRegistry().resolve(StandardBasicTypes.BOOLEAN));
	}

}
