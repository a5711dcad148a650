package io.defuse.deescalation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.defuse.deescalation.FoldedText.Token;
import io.defuse.deescalation.Matches.Found;
import io.defuse.deescalation.TermIndex.Match;
import io.defuse.shared.Language;

import org.springframework.stereotype.Component;

/**
 * Scores how tense a customer statement is, offline and explainably: every point of the
 * score comes from a {@link Signal} with the words it was found in.
 *
 * <p>
 * The score is the sum of the signal weights, each kind capped so that no single kind can
 * dominate (many exclamation marks are not an insult), and a threat type counted once,
 * with its heaviest signal:
 *
 * <pre>
 * rest  = sum over kinds other than INSULT of min(cap(kind), sum of its weights)
 * score = min(100, min(74, rest) + min(80, sum of insult weights))
 * </pre>
 *
 * then raised to floors: any threat makes it at least 25 (TENSE), an insult or a legal
 * threat at least 50 (ANGRY), abuse (an insult weighing {@value #ABUSE_WEIGHT} or more)
 * at least 75 (HOSTILE). The ceiling of 74 without insults is deliberate: however loud, a
 * customer who insults nobody is angry, not hostile. The caps are in {@link #CAPS}, the
 * level bands in {@link TensionLevel}, the weights in the vocabulary files; the whole is
 * explained in {@code docs/DEESCALATION.md}.
 *
 * <p>
 * Same text, same result: no randomness, no clock, no state between calls; safe to call
 * from many threads.
 */
@Component
public class TensionAnalyzer {

	/** The most each kind of signal can add to the score. */
	static final Map<SignalKind, Integer> CAPS;

	static {
		Map<SignalKind, Integer> caps = new EnumMap<>(SignalKind.class);
		caps.put(SignalKind.ANGER, 60);
		caps.put(SignalKind.INSULT, 80);
		caps.put(SignalKind.INTENSIFIER, 10);
		caps.put(SignalKind.SHOUTING, 50);
		caps.put(SignalKind.PUNCTUATION, 20);
		caps.put(SignalKind.REPEAT_CONTACT, 35);
		caps.put(SignalKind.THREAT, 80);
		caps.put(SignalKind.DISSATISFACTION, 40);
		CAPS = Collections.unmodifiableMap(caps);
	}

	/** An insult at least this heavy is abuse ("fuck you", "Arschloch", "zmrd"). */
	static final int ABUSE_WEIGHT = 75;

	private static final int TENSE = 25;

	private static final int ANGRY = 50;

	private static final int HOSTILE = 75;

	/** An intensifier counts only this close before the emotion it amplifies. */
	private static final int INTENSIFIER_REACH = 2;

	private static final Set<SignalKind> EMOTIONS = EnumSet.of(SignalKind.ANGER, SignalKind.INSULT,
			SignalKind.DISSATISFACTION);

	private static final Comparator<Signal> TEXT_ORDER = Comparator
		.comparingInt((Signal signal) -> signal.evidence().start())
		.thenComparingInt((signal) -> signal.evidence().end())
		.thenComparing(Signal::kind)
		.thenComparing((signal) -> (signal.threat() != null) ? signal.threat().ordinal() : -1);

	private final Lexicon lexicon;

	/** With the vocabularies shipped in {@code classpath:deescalation/}. */
	public TensionAnalyzer() {
		this(Lexicon.standard());
	}

	TensionAnalyzer(Lexicon lexicon) {
		this.lexicon = lexicon;
	}

	/**
	 * Analyses one customer statement.
	 * @param text the statement as the customer wrote or said it; may be empty
	 * @param fallback the language to use when the text does not tell (usually the
	 * customer's preferred language)
	 * @return the score, level, language and every signal with its evidence
	 */
	public TensionAnalysis analyze(String text, Language fallback) {
		Objects.requireNonNull(text, "text");
		Objects.requireNonNull(fallback, "fallback");
		FoldedText folded = FoldedText.of(text);
		Lexicon.Detected detected = this.lexicon.detect(folded, fallback);
		Vocabulary vocabulary = this.lexicon.vocabulary(detected.language());
		List<Signal> signals = new ArrayList<>();
		signals.addAll(vocabularySignals(folded, vocabulary));
		signals.addAll(shouting(folded, vocabulary.shouting));
		signals.addAll(punctuation(text, vocabulary.shouting));
		signals.sort(TEXT_ORDER);
		Set<ThreatType> threats = EnumSet.noneOf(ThreatType.class);
		signals.stream().map(Signal::threat).filter(Objects::nonNull).forEach(threats::add);
		int score = score(signals);
		return new TensionAnalysis(score, TensionLevel.of(score), detected.language(), detected.detected(), signals,
				threats);
	}

	/**
	 * The formula of the class comment, then the floors and the ceiling that make the
	 * levels mean what a support lead means by them.
	 */
	static int score(List<Signal> signals) {
		Map<SignalKind, Integer> sums = new EnumMap<>(SignalKind.class);
		Map<ThreatType, Integer> threats = new EnumMap<>(ThreatType.class);
		boolean insult = false;
		boolean abuse = false;
		for (Signal signal : signals) {
			if (signal.kind() == SignalKind.THREAT) {
				// Threatening to leave twice in one message is still one threat to leave.
				threats.merge(signal.threat(), signal.weight(), Math::max);
				continue;
			}
			sums.merge(signal.kind(), signal.weight(), Integer::sum);
			insult |= signal.kind() == SignalKind.INSULT;
			abuse |= signal.kind() == SignalKind.INSULT && signal.weight() >= ABUSE_WEIGHT;
		}
		threats.values().forEach((weight) -> sums.merge(SignalKind.THREAT, weight, Integer::sum));
		int insults = 0;
		int rest = 0;
		for (Map.Entry<SignalKind, Integer> sum : sums.entrySet()) {
			int capped = Math.min(CAPS.get(sum.getKey()), sum.getValue());
			if (sum.getKey() == SignalKind.INSULT) {
				insults = capped;
			}
			else {
				rest += capped;
			}
		}
		// Anger, shouting and threats make a customer angry; only insults make it
		// hostile.
		int score = Math.min(100, Math.min(HOSTILE - 1, rest) + insults);
		if (!threats.isEmpty()) {
			score = Math.max(score, TENSE);
		}
		if (insult || threats.containsKey(ThreatType.LEGAL)) {
			score = Math.max(score, ANGRY);
		}
		if (abuse) {
			score = Math.max(score, HOSTILE);
		}
		return score;
	}

	private List<Signal> vocabularySignals(FoldedText folded, Vocabulary vocabulary) {
		List<Token> tokens = folded.tokens;
		List<Match> matches = new ArrayList<>();
		vocabulary.tension.find(tokens, matches);
		for (Language other : Language.values()) {
			if (other != vocabulary.language) {
				this.lexicon.vocabulary(other).everyLanguage.find(tokens, matches);
			}
		}
		List<Found> found = Matches.withoutOverlaps(Matches.negated(matches, tokens, vocabulary.negation),
				TensionAnalyzer::overlapGroup);
		List<Signal> signals = new ArrayList<>();
		for (Found candidate : found) {
			Category category = candidate.category();
			if (category == Category.INTENSIFIER && !amplifiesAnEmotion(candidate, found, tokens)) {
				continue;
			}
			signals.add(new Signal(category.kind, category.threat, candidate.weight(),
					folded.evidence(candidate.first(), candidate.end() - 1)));
		}
		return signals;
	}

	/**
	 * Anger, insults and dissatisfaction compete for the same words ("you useless idiots"
	 * is one insult, not also anger); other kinds only with themselves.
	 */
	private static Object overlapGroup(Category category) {
		return EMOTIONS.contains(category.kind) ? SignalKind.ANGER : category;
	}

	/** "Very" is no signal in "very simple question"; it is in "very angry". */
	private static boolean amplifiesAnEmotion(Found intensifier, List<Found> found, List<Token> tokens) {
		int clause = tokens.get(intensifier.end() - 1).clause();
		for (Found other : found) {
			int distance = other.first() - intensifier.end();
			if (EMOTIONS.contains(other.category().kind) && distance >= 0 && distance <= INTENSIFIER_REACH
					&& tokens.get(other.first()).clause() == clause) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Runs of capitalised words; a run counts when it holds at least one word long enough
	 * not to be an acronym.
	 */
	private List<Signal> shouting(FoldedText folded, Vocabulary.Shouting settings) {
		List<Signal> signals = new ArrayList<>();
		List<Token> tokens = folded.tokens;
		int i = 0;
		while (i < tokens.size()) {
			if (!isCapitalised(folded.originalOf(tokens.get(i)))) {
				i++;
				continue;
			}
			int first = i;
			int sentence = tokens.get(i).sentence();
			int loudWords = 0;
			// A run ends with its sentence, so the "A" starting the next one is not
			// shouted.
			while (i < tokens.size() && tokens.get(i).sentence() == sentence
					&& isCapitalised(folded.originalOf(tokens.get(i)))) {
				String word = folded.originalOf(tokens.get(i));
				if (word.codePointCount(0, word.length()) >= settings.minLetters
						&& !this.lexicon.acronyms.contains(tokens.get(i).text())) {
					loudWords++;
				}
				i++;
			}
			if (loudWords > 0) {
				signals.add(new Signal(SignalKind.SHOUTING, null, settings.runWeight + settings.wordWeight * loudWords,
						folded.evidence(first, i - 1)));
			}
		}
		return signals;
	}

	/** Letters only, at least one, none lower case: "NOW", "ŠESTKRÁT"; not "SUMMER20". */
	private static boolean isCapitalised(String word) {
		boolean cased = false;
		for (int i = 0; i < word.length(); i++) {
			char c = word.charAt(i);
			if (!Character.isLetter(c) || Character.isLowerCase(c)) {
				return false;
			}
			cased |= Character.isUpperCase(c);
		}
		return cased;
	}

	private static List<Signal> punctuation(String text, Vocabulary.Shouting settings) {
		List<Signal> signals = new ArrayList<>();
		int i = 0;
		while (i < text.length()) {
			if (!isEmphasis(text.charAt(i))) {
				i++;
				continue;
			}
			int start = i;
			while (i < text.length() && isEmphasis(text.charAt(i))) {
				i++;
			}
			if (i - start >= settings.punctuationMinRun) {
				signals.add(new Signal(SignalKind.PUNCTUATION, null, settings.punctuationWeight,
						Evidence.of(text, start, i)));
			}
		}
		return signals;
	}

	private static boolean isEmphasis(char c) {
		return c == '!' || c == '?' || c == '\uFF01' || c == '\uFF1F';
	}

}
