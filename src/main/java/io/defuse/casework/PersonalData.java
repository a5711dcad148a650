package io.defuse.casework;

import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What of a case's recorded data is personal, and how it is taken out on erasure.
 * <p>
 * Timeline entries and webhook payloads are free-form JSON, so their redaction is an
 * allow-list: values under the keys below (ids, steps, enums, amounts, scores, dates,
 * agents' names) are kept, and any other text, list or object — a statement, a note, a
 * reason, a subject, a name, an e-mail address, and whatever a future event adds — is
 * replaced with {@code null}. Numbers and booleans are kept wherever they are: they
 * describe, they do not identify. Forgetting to list a harmless key loses a value;
 * forgetting to deny a personal one would keep it, so it is this way round.
 */
public final class PersonalData {

	/** What a required text becomes when it is erased. */
	public static final String ERASED = "[erased]";

	/**
	 * Keys whose values are not personal: ids, workflow facts, enums, money, scores,
	 * dates and durations, and the names of the staff who acted.
	 */
	static final Set<String> KEPT = Set.of("id", "caseId", "caseIds", "customerId", "statementId", "offerId",
			"endpointId", "earlierCases", "sequence", "step", "from", "to", "actor", "actorRole", "channel", "severity",
			"outcome", "previousOutcome", "assignee", "escalated", "language", "tension", "category", "product",
			"purchaseDate", "type", "amount", "currency", "status", "action", "attempt", "reached", "satisfaction",
			"dueAt", "enteredAt", "followUpDueAt", "kind", "clock", "target", "elapsed", "pausedSeconds", "version",
			"timestamp");

	/** Objects under these keys are redacted key by key rather than kept whole. */
	static final Set<String> NESTED = Set.of("data", "case", "change");

	private PersonalData() {
	}

	/**
	 * A copy of the JSON object without its personal values (see the class comment);
	 * anything that is not an object is returned as it is.
	 */
	public static JsonNode redact(JsonNode node) {
		if (node == null || !node.isObject()) {
			return node;
		}
		ObjectNode redacted = JsonNodeFactory.instance.objectNode();
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			String key = property.getKey();
			JsonNode value = property.getValue();
			if (NESTED.contains(key) && value.isObject()) {
				redacted.set(key, redact(value));
			}
			else if (KEPT.contains(key) || value.isNumber() || value.isBoolean() || value.isNull()) {
				redacted.set(key, value.deepCopy());
			}
			else {
				redacted.putNull(key);
			}
		}
		return redacted;
	}

	/**
	 * A copy of a statement's analysis without the quoted evidence: every {@code text}
	 * becomes {@code null}; scores, levels, signal kinds, threats, weights and offsets
	 * stay.
	 */
	static JsonNode withoutQuotes(JsonNode analysis) {
		if (analysis == null) {
			return null;
		}
		JsonNode copy = analysis.deepCopy();
		dropTexts(copy);
		return copy;
	}

	private static void dropTexts(JsonNode node) {
		if (node.isObject()) {
			ObjectNode object = (ObjectNode) node;
			for (String name : Set.copyOf(object.propertyNames())) {
				if (name.equals("text")) {
					object.putNull(name);
				}
				else {
					dropTexts(object.get(name));
				}
			}
		}
		else if (node.isArray()) {
			node.forEach(PersonalData::dropTexts);
		}
	}

}
