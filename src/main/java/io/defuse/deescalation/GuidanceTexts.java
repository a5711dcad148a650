package io.defuse.deescalation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;

/**
 * The texts of one step in one language, as admins write them. Texts may name the
 * placeholders {@code {name}} (the customer's preferred or display name),
 * {@code {previousCases}} (how many cases they had before) and {@code {acceptedRemedies}}
 * (what they accepted before); any other placeholder is refused, so a typo cannot reach
 * an agent.
 *
 * @param actions what the agent should do now, in order; at least one
 * @param phrases phrases to use with the customer
 * @param questions GATHER only: the question to ask for each missing detail, by detail
 * @param situations notes shown only when the situation holds
 */
public record GuidanceTexts(
		@Size(max = GuidanceTexts.MAX_ITEMS) @Schema(
				example = "[\"Let {name} tell the whole story without interrupting.\"]") List<String> actions,
		@Size(max = GuidanceTexts.MAX_ITEMS) @Schema(
				example = "[\"Thank you for telling me this, {name}.\"]") List<String> phrases,
		@Schema(example = "{\"product\": \"Which product is it about?\"}") Map<String, String> questions,
		@Schema(example = "{\"REPEAT_COMPLAINT\": \"This has happened to {name} before; say so first.\"}") Map<GuidanceSituation, String> situations) {

	/** The details GATHER can ask about, as named in a case's {@code missing} list. */
	public static final Set<String> QUESTION_FIELDS = Set.of("category", "product", "orderRef", "purchaseDate",
			"purchaseDateOrOrderRef", "description");

	static final Set<String> PLACEHOLDERS = Set.of("name", "previousCases", "acceptedRemedies");

	static final int MAX_TEXT = 500;

	static final int MAX_ITEMS = 10;

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

	public GuidanceTexts {
		List<FieldError> errors = new ArrayList<>();
		actions = texts("actions", actions, true, errors);
		phrases = texts("phrases", phrases, false, errors);
		Map<String, String> checkedQuestions = new LinkedHashMap<>();
		if (questions != null) {
			questions.forEach((field, text) -> {
				if (!QUESTION_FIELDS.contains(field)) {
					errors
						.add(new FieldError("questions." + field, "must be one of " + new TreeSet<>(QUESTION_FIELDS)));
				}
				else {
					checkedQuestions.put(field, text(("questions." + field), text, errors));
				}
			});
		}
		questions = Collections.unmodifiableMap(checkedQuestions);
		Map<GuidanceSituation, String> checkedSituations = new EnumMap<>(GuidanceSituation.class);
		if (situations != null) {
			situations.forEach((situation, text) -> checkedSituations.put(situation,
					text("situations." + situation, text, errors)));
		}
		situations = Collections.unmodifiableMap(checkedSituations);
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
	}

	/** Fills the placeholders in; a value not given becomes an empty text. */
	public static String render(String template, Map<String, String> values) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder rendered = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(rendered, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
		}
		matcher.appendTail(rendered);
		return rendered.toString();
	}

	private static List<String> texts(String field, List<String> texts, boolean required, List<FieldError> errors) {
		if (texts == null || texts.isEmpty()) {
			if (required) {
				errors.add(new FieldError(field, "must have at least one text"));
			}
			return List.of();
		}
		if (texts.size() > MAX_ITEMS) {
			errors.add(new FieldError(field, "must have at most " + MAX_ITEMS + " texts"));
			return List.of();
		}
		List<String> checked = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			checked.add(text(field + "[" + i + "]", texts.get(i), errors));
		}
		return List.copyOf(checked);
	}

	private static String text(String field, String text, List<FieldError> errors) {
		if (text == null || text.isBlank()) {
			errors.add(new FieldError(field, "must not be blank"));
			return "";
		}
		String stripped = text.strip();
		if (stripped.length() > MAX_TEXT) {
			errors.add(new FieldError(field, "must be at most " + MAX_TEXT + " characters"));
		}
		Matcher matcher = PLACEHOLDER.matcher(stripped);
		while (matcher.find()) {
			if (!PLACEHOLDERS.contains(matcher.group(1))) {
				errors.add(new FieldError(field, "names the unknown placeholder {" + matcher.group(1) + "}; known are "
						+ new TreeSet<>(PLACEHOLDERS)));
			}
		}
		return stripped;
	}

}
