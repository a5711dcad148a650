package io.defuse.deescalation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.defuse.deescalation.FoldedText.Token;
import io.defuse.shared.Language;

/**
 * The words and settings of one language, read from
 * {@code classpath:deescalation/<code>.json}; the format is described in
 * {@code docs/DEESCALATION.md}. Immutable once read, so one instance serves every thread.
 */
final class Vocabulary {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final Language language;

	/** Folded words typical of the language, for detection. */
	final Set<String> stopwords;

	/** Letters only this language uses among the three (ä ö ü ß; ě š č ř ž ů). */
	final String letters;

	final Negation negation;

	final Shouting shouting;

	/** Every tension category of this language. */
	final TermIndex tension;

	/** The categories scanned whatever the statement's language: insults and threats. */
	final TermIndex everyLanguage;

	final TermIndex empathy;

	final List<String> suggestedPhrases;

	/** How a remedy (an offer type such as {@code REPAIR}) is named in a sentence. */
	final Map<String, String> remedyNames;

	private final Map<Category, Integer> termCounts;

	private Vocabulary(Language language, JsonNode root, String source) {
		this.language = language;
		String declared = root.path("language").asString(language.code());
		if (!declared.equals(language.code())) {
			throw new IllegalStateException(
					source + ": declares language '" + declared + "', expected " + language.code());
		}
		JsonNode detection = required(root, "detection", source);
		this.stopwords = Collections.unmodifiableSet(foldedWords(required(detection, "stopwords", source)));
		this.letters = detection.path("letters").asString("");
		this.negation = new Negation(required(root, "negation", source), source);
		this.shouting = new Shouting(required(root, "shouting", source));
		Map<Category, List<Term>> terms = new EnumMap<>(Category.class);
		JsonNode tensionNode = required(root, "tension", source);
		JsonNode empathyNode = required(root, "empathy", source);
		for (Category category : Category.values()) {
			JsonNode node = required(category.isTension() ? tensionNode : empathyNode, category.key, source);
			terms.put(category, terms(node, category, source));
		}
		List<Term> tension = new ArrayList<>();
		List<Term> everyLanguage = new ArrayList<>();
		List<Term> empathy = new ArrayList<>();
		Map<Category, Integer> counts = new EnumMap<>(Category.class);
		terms.forEach((category, list) -> {
			counts.put(category, list.size());
			if (!category.isTension()) {
				empathy.addAll(list);
				return;
			}
			tension.addAll(list);
			if (category.everyLanguage) {
				everyLanguage.addAll(list);
			}
		});
		this.tension = new TermIndex(tension);
		this.everyLanguage = new TermIndex(everyLanguage);
		this.empathy = new TermIndex(empathy);
		this.termCounts = Collections.unmodifiableMap(counts);
		List<String> phrases = new ArrayList<>();
		required(empathyNode, "suggestedPhrases", source).values().forEach((phrase) -> phrases.add(phrase.asString()));
		if (phrases.size() < 3 || phrases.size() > 5) {
			throw new IllegalStateException(source + ": empathy.suggestedPhrases needs 3 to 5 phrases");
		}
		this.suggestedPhrases = List.copyOf(phrases);
		Map<String, String> remedies = new java.util.LinkedHashMap<>();
		required(root, "remedies", source).properties()
			.forEach((entry) -> remedies.put(entry.getKey(), entry.getValue().asString()));
		this.remedyNames = Collections.unmodifiableMap(remedies);
	}

	static Vocabulary read(Language language, InputStream json, String source) {
		JsonNode root;
		try (json) {
			root = JSON.readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(source + " cannot be read", ex);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException(source + " is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		try {
			return new Vocabulary(language, root, source);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(source + ": " + ex.getMessage(), ex);
		}
	}

	static Vocabulary load(Language language) {
		String resource = "deescalation/" + language.code() + ".json";
		InputStream json = Vocabulary.class.getClassLoader().getResourceAsStream(resource);
		if (json == null) {
			throw new IllegalStateException("classpath:" + resource + " is missing");
		}
		return read(language, json, resource);
	}

	int termCount(Category category) {
		return this.termCounts.get(category);
	}

	private static List<Term> terms(JsonNode node, Category category, String source) {
		int weight = node.path("weight").asInt(0);
		List<Term> terms = new ArrayList<>();
		for (JsonNode entry : required(node, "terms", source).values()) {
			if (entry.isString()) {
				terms.add(Term.compile(entry.asString(), category, weight));
			}
			else {
				terms.add(Term.compile(required(entry, "term", source).asString(), category,
						entry.path("weight").asInt(weight)));
			}
		}
		if (category.isTension() && terms.stream().anyMatch((term) -> term.weight <= 0)) {
			throw new IllegalStateException(source + ": every " + category.key + " term needs a positive weight");
		}
		return terms;
	}

	private static Set<String> foldedWords(JsonNode array) {
		Set<String> words = new HashSet<>();
		array.values().forEach((word) -> words.add(FoldedText.fold(word.asString())));
		return words;
	}

	private static JsonNode required(JsonNode node, String name, String source) {
		JsonNode child = node.path(name);
		if (child.isMissingNode() || child.isNull()) {
			throw new IllegalStateException(source + ": '" + name + "' is missing");
		}
		return child;
	}

	/**
	 * Negators ("not", "nicht", "nejsem") and how far before a term they reach.
	 */
	static final class Negation {

		private final List<Term.Word> negators = new ArrayList<>();

		/** Words after a negator that cancel it: "not only", "nicht nur". */
		private final Set<String> cancelledBy;

		/** How many words may stand between the negator and the term. */
		private final int window;

		/**
		 * How many words after a term a negator may follow and still negate it: German
		 * puts "nicht" after the verb ("ich verstehe nicht"); English never does.
		 */
		private final int windowAfter;

		Negation(JsonNode node, String source) {
			for (JsonNode negator : required(node, "negators", source).values()) {
				Term term = Term.compile(negator.asString(), Category.ANGER, 1);
				Term.Word[] words = term.firstWords();
				if (words.length != 1) {
					throw new IllegalStateException(source + ": a negator is a single word: " + negator.asString());
				}
				this.negators.add(words[0]);
			}
			this.cancelledBy = foldedWords(node.path("cancelledBy"));
			this.window = node.path("window").asInt(3);
			this.windowAfter = node.path("windowAfter").asInt(0);
		}

		/**
		 * The index of the nearest negator before token {@code at} in the same clause,
		 * within the window, or -1.
		 */
		int negatorBefore(List<Token> tokens, int at) {
			int clause = tokens.get(at).clause();
			for (int i = at - 1; i >= 0 && i >= at - 1 - this.window; i--) {
				Token token = tokens.get(i);
				if (token.clause() != clause) {
					return -1;
				}
				if (isNegator(token.text()) && !(i + 1 < at && this.cancelledBy.contains(tokens.get(i + 1).text()))) {
					return i;
				}
			}
			return -1;
		}

		/**
		 * Whether a negator follows the term ending before token {@code end} in the same
		 * clause, within {@code windowAfter} words.
		 */
		boolean negatedAfter(List<Token> tokens, int end) {
			if (end == 0) {
				return false;
			}
			int clause = tokens.get(end - 1).clause();
			for (int i = end; i < tokens.size() && i < end + this.windowAfter; i++) {
				Token token = tokens.get(i);
				if (token.clause() != clause) {
					return false;
				}
				if (isNegator(token.text())
						&& !(i + 1 < tokens.size() && this.cancelledBy.contains(tokens.get(i + 1).text()))) {
					return true;
				}
			}
			return false;
		}

		private boolean isNegator(String word) {
			for (Term.Word negator : this.negators) {
				if (negator.matches(word)) {
					return true;
				}
			}
			return false;
		}

	}

	/**
	 * When capitals and punctuation count as shouting, and what they weigh.
	 */
	static final class Shouting {

		/**
		 * Capitalised words shorter than this are acronyms, not shouting ("OK", "DHL").
		 */
		final int minLetters;

		final int runWeight;

		final int wordWeight;

		final int punctuationMinRun;

		final int punctuationWeight;

		/** Longer acronyms that are not shouting either ("IBAN", "DSGVO"), folded. */
		final Set<String> ignore;

		Shouting(JsonNode node) {
			this.minLetters = node.path("minLetters").asInt(4);
			this.runWeight = node.path("runWeight").asInt(10);
			this.wordWeight = node.path("wordWeight").asInt(8);
			this.punctuationMinRun = node.path("punctuationMinRun").asInt(2);
			this.punctuationWeight = node.path("punctuationWeight").asInt(10);
			this.ignore = Collections.unmodifiableSet(foldedWords(node.path("ignore")));
		}

	}

}
