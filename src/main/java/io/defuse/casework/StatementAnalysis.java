package io.defuse.casework;

import io.defuse.shared.Language;

/**
 * How a statement was read: its language, for a customer's statement the tension it
 * carries, and the full explanation (signals with their evidence, or the empathy
 * findings) as JSON.
 *
 * @param language the language the text was read in
 * @param tension for customer statements; null for the agent's
 * @param json the analysis as stored and shown
 */
record StatementAnalysis(Language language, Tension tension, String json) {

	/** For statements recorded without analysis (tests, imports). */
	static StatementAnalysis none() {
		return new StatementAnalysis(null, null, null);
	}

}
