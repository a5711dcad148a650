package io.defuse.deescalation;

import java.io.IOException;
import java.util.List;

import io.defuse.shared.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensionAnalyzerTests {

	private final TensionAnalyzer analyzer = new TensionAnalyzer();

	@Test
	void evidencePointsAtTheWordsAsWritten() {
		String text = "Hello. I am FURIOUS about the delay.";
		TensionAnalysis analysis = this.analyzer.analyze(text, Language.EN);
		Signal anger = only(analysis, SignalKind.ANGER);
		assertThat(anger.evidence().text()).isEqualTo("FURIOUS");
		assertThat(anger.evidence().start()).isEqualTo(text.indexOf("FURIOUS"));
		assertThat(anger.evidence().end()).isEqualTo(text.indexOf("FURIOUS") + "FURIOUS".length());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Jsem fakt naštvaný, balík pořád nepřišel. | naštvaný
			Jsem fakt nastvany, balik porad neprisel. | nastvany
			JSEM FAKT NAŠTVANÝ | NAŠTVANÝ
			""")
	void czechMatchesWithAndWithoutDiacriticsAndKeepsTheOriginalSpelling(String text, String word) {
		Signal anger = only(this.analyzer.analyze(text, Language.CS), SignalKind.ANGER);
		assertThat(anger.evidence().text()).isEqualTo(word);
		assertThat(anger.evidence().start()).isEqualTo(text.indexOf(word));
	}

	@Test
	void foldingThatChangesTheLengthStillMapsBackToTheOriginalOffsets() {
		// "ß" folds to "ss" and "ü" to "ue": the folded text is longer than the original.
		String text = "In der Hauptstraße über die Brücke: ihr seid Betrüger!";
		Signal insult = only(this.analyzer.analyze(text, Language.DE), SignalKind.INSULT);
		assertThat(insult.evidence().text()).isEqualTo("Betrüger");
		assertThat(insult.evidence().start()).isEqualTo(text.indexOf("Betrüger"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Ich bin wütend.          | wütend
			Ich bin wuetend.         | wuetend
			Sie Betrügern glaube ich nichts. | Betrügern
			Das ist betrügerisch.    | betrügerisch
			""")
	void germanInflectionsAndUmlautSpellingsMatchByStem(String text, String word) {
		TensionAnalysis analysis = this.analyzer.analyze(text, Language.DE);
		assertThat(analysis.signals()).extracting((signal) -> signal.evidence().text()).contains(word);
	}

	@ParameterizedTest
	@ValueSource(strings = { "podvodník", "podvodníci", "podvodnici", "PODVODNÍCI", "podvod" })
	void czechStemsMatchEveryForm(String word) {
		TensionAnalysis analysis = this.analyzer.analyze("Jste " + word + ", vraťte mi peníze.", Language.CS);
		assertThat(only(analysis, SignalKind.INSULT).evidence().text()).isEqualTo(word);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Please read the courtesy notice before your next order. | EN
			Das Paket kam mit einer Diebstahlsicherung.              | DE
			Můžete to posoudit do pátku?                             | CS
			""")
	void wordsInsideUnrelatedWordsDoNotMatch(String text, Language language) {
		assertThat(this.analyzer.analyze(text, language).signals()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			I'm not angry, just confused about my plan.      | EN
			I am not furious at all, only curious.           | EN
			Ich bin nicht wütend, nur verwirrt.              | DE
			Ich bin überhaupt nicht verärgert.               | DE
			Nejsem naštvaný, jen zmatený.                    | CS
			Nejsem nastvana, jen chci vedet, kde je balik.   | CS
			""")
	void aNegatedAngerWordIsNoAnger(String text, Language language) {
		assertThat(this.analyzer.analyze(text, language).signals()).extracting(Signal::kind)
			.doesNotContain(SignalKind.ANGER);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			I'm not satisfied with the repair.       | EN | not satisfied
			I am really not happy with this.         | EN | not happy
			Ich bin nicht zufrieden mit der Reparatur. | DE | nicht zufrieden
			Ich bin damit gar nicht zufrieden.       | DE | nicht zufrieden
			Nejsem spokojený s opravou.              | CS | Nejsem spokojený
			S opravou nejsem vubec spokojena.        | CS | nejsem vubec spokojena
			Jsem nespokojený s opravou.              | CS | nespokojený
			""")
	void aNegatedPositiveIsDissatisfactionWithTheNegatorInTheEvidence(String text, Language language, String evidence) {
		Signal dissatisfaction = only(this.analyzer.analyze(text, language), SignalKind.DISSATISFACTION);
		assertThat(dissatisfaction.evidence().text()).isEqualTo(evidence);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			I'm satisfied with the repair, thanks.  | EN
			I'm not unhappy with the result.        | EN
			Ich bin zufrieden mit der Reparatur.    | DE
			Ich bin nicht unzufrieden.              | DE
			Jsem spokojený s opravou.               | CS
			""")
	void aPositiveWithoutNegationOrANegatedComplaintIsNoDissatisfaction(String text, Language language) {
		assertThat(this.analyzer.analyze(text, language).signals()).extracting(Signal::kind)
			.doesNotContain(SignalKind.DISSATISFACTION);
	}

	@Test
	void negationDoesNotReachAcrossAComma() {
		TensionAnalysis analysis = this.analyzer.analyze("No, I am angry about it.", Language.EN);
		assertThat(analysis.signals()).extracting(Signal::kind).contains(SignalKind.ANGER);
	}

	@Test
	void notOnlyDoesNotNegate() {
		TensionAnalysis analysis = this.analyzer.analyze("I am not only angry, I am disappointed.", Language.EN);
		assertThat(analysis.signals()).extracting(Signal::kind).contains(SignalKind.ANGER, SignalKind.DISSATISFACTION);
	}

	@Test
	void capitalisedRunsAreShouting() {
		String text = "I paid weeks ago. WHERE IS MY MONEY? Thanks.";
		Signal shouting = only(this.analyzer.analyze(text, Language.EN), SignalKind.SHOUTING);
		assertThat(shouting.evidence().text()).isEqualTo("WHERE IS MY MONEY");
		assertThat(shouting.weight()).isEqualTo(10 + 2 * 8);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			OK, the DHL tracking says delivered.          | EN
			Please send me the IBAN and the SEPA form.    | EN
			Der Code SUMMER20 funktioniert nicht.         | DE
			Obrátím se na ČOI? Ne, jen se ptám.           | CS
			""")
	void shortCapitalisedWordsAcronymsAndCodesAreNotShouting(String text, Language language) {
		assertThat(this.analyzer.analyze(text, language).signals()).extracting(Signal::kind)
			.doesNotContain(SignalKind.SHOUTING);
	}

	@Test
	void repeatedExclamationAndQuestionMarksArePunctuationSignals() {
		String text = "Where is it?!? I paid!!! Really!";
		TensionAnalysis analysis = this.analyzer.analyze(text, Language.EN);
		assertThat(analysis.signals()).filteredOn((signal) -> signal.kind() == SignalKind.PUNCTUATION)
			.extracting((signal) -> signal.evidence().text())
			.containsExactly("?!?", "!!!");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			This is the third time I call about this.               | EN | third time I call
			I've called three times already.                        | EN | called three times
			Ich melde mich schon zum dritten Mal.                   | DE | melde mich schon zum dritten Mal
			Ich habe bereits zweimal angerufen.                     | DE | bereits zweimal angerufen
			Už potřetí volám kvůli stejné věci.                     | CS | potřetí volám
			Uz potreti volam kvuli stejne veci.                     | CS | potreti volam
			""")
	void repeatContactIsRecognised(String text, Language language, String evidence) {
		Signal repeat = only(this.analyzer.analyze(text, language), SignalKind.REPEAT_CONTACT);
		assertThat(repeat.evidence().text()).isEqualTo(evidence);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					EN | CHURN           | I'll never shop here again.                            | never shop here again
					EN | CHURN           | If this goes on I will cancel my subscription.         | cancel my subscription
					EN | PUBLIC_EXPOSURE | I'll post it on Facebook for everyone to see.          | post it on Facebook
					EN | PUBLIC_EXPOSURE | This is going straight to the news.                    | the news
					EN | LEGAL           | My lawyer will hear about this.                        | lawyer
					EN | LEGAL           | I'm reporting this to consumer protection.             | consumer protection
					EN | LEGAL           | See you in court.                                      | in court
					DE | CHURN           | Ich bin die längste Zeit Kunde gewesen.                | Kunde gewesen
					DE | CHURN           | Dann kündige ich eben meinen Vertrag.                  | kündige
					DE | PUBLIC_EXPOSURE | Dafür gibt es eine schlechte Bewertung.                | schlechte Bewertung
					DE | PUBLIC_EXPOSURE | Das werde ich auf Facebook posten.                     | Facebook posten
					DE | LEGAL           | Ich schalte meinen Anwalt ein.                         | Anwalt
					DE | LEGAL           | Ich wende mich an die Verbraucherzentrale.             | Verbraucherzentrale
					CS | CHURN           | Naposledy jsem u vás nakoupil.                         | Naposledy jsem u vás nakoupil
					CS | CHURN           | Přecházím ke konkurenci.                               | konkurenci
					CS | PUBLIC_EXPOSURE | Napíšu negativní recenzi.                              | Napíšu negativní recenzi
					CS | PUBLIC_EXPOSURE | Dám to na sociální sítě.                               | Dám to na sociální sítě
					CS | LEGAL           | Předám to právníkovi.                                  | právníkovi
					CS | LEGAL           | Obracím se na ČOI.                                     | ČOI
					CS | LEGAL           | Uvidime se u soudu.                                    | soudu
					""")
	void everyThreatTypeIsRecognisedInEveryLanguage(Language language, ThreatType threat, String text,
			String evidence) {
		TensionAnalysis analysis = this.analyzer.analyze(text, language);
		assertThat(analysis.threats()).contains(threat);
		assertThat(analysis.signals()).filteredOn((signal) -> signal.threat() == threat)
			.extracting((signal) -> signal.evidence().text())
			.contains(evidence);
		assertThat(analysis.level()).isGreaterThanOrEqualTo(TensionLevel.TENSE);
	}

	@Test
	void insultsAndLegalThreatsMakeAStatementAtLeastAngryAndAbuseMakesItHostile() {
		assertThat(this.analyzer.analyze("Your staff are incompetent.", Language.EN).level())
			.isEqualTo(TensionLevel.ANGRY);
		assertThat(this.analyzer.analyze("I will speak to my lawyer.", Language.EN).level())
			.isEqualTo(TensionLevel.ANGRY);
		assertThat(this.analyzer.analyze("Fuck off.", Language.EN).level()).isEqualTo(TensionLevel.HOSTILE);
		assertThat(this.analyzer.analyze("Leckt mich.", Language.DE).level()).isEqualTo(TensionLevel.HOSTILE);
		assertThat(this.analyzer.analyze("Jdete do prdele.", Language.CS).level()).isEqualTo(TensionLevel.HOSTILE);
	}

	@Test
	void withoutAnInsultEvenTheLoudestStatementStaysAngry() {
		TensionAnalysis analysis = this.analyzer.analyze(
				"I AM ABSOLUTELY FURIOUS!!! THIS IS THE FIFTH TIME I CALL!!! I'M CANCELLING MY CONTRACT, CALLING MY LAWYER AND POSTING THIS ON FACEBOOK!!!",
				Language.EN);
		assertThat(analysis.level()).isEqualTo(TensionLevel.ANGRY);
		assertThat(analysis.score()).isEqualTo(74);
		assertThat(analysis.threats()).containsExactly(ThreatType.CHURN, ThreatType.PUBLIC_EXPOSURE, ThreatType.LEGAL);
	}

	@Test
	void theScoreIsTheCappedSumOfTheSignalWeights() {
		TensionAnalysis analysis = this.analyzer.analyze("This is ridiculous and I'm really annoyed!!", Language.EN);
		assertThat(analysis.signals()).extracting(Signal::kind)
			.containsExactly(SignalKind.ANGER, SignalKind.INTENSIFIER, SignalKind.ANGER, SignalKind.PUNCTUATION);
		assertThat(analysis.score()).isEqualTo(30 + 5 + 25 + 10);
		assertThat(analysis.level()).isEqualTo(TensionLevel.ANGRY);
	}

	@Test
	void anIntensifierCountsOnlyRightBeforeAnEmotion() {
		assertThat(this.analyzer.analyze("A very simple question about my order.", Language.EN).signals()).isEmpty();
		assertThat(this.analyzer.analyze("I am very angry.", Language.EN).signals()).extracting(Signal::kind)
			.containsExactly(SignalKind.INTENSIFIER, SignalKind.ANGER);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Hello, my parcel has not arrived yet. Could you please check where it is?  | DE | EN
			Guten Tag, mein Paket ist noch nicht angekommen. Können Sie bitte nachsehen? | EN | DE
			Dobrý den, můj balík ještě nedorazil. Můžete se prosím podívat, kde je?       | EN | CS
			Dobry den, muj balik jeste nedorazil. Muzete se prosim podivat, kde je?       | DE | CS
			""")
	void detectsTheLanguageFromTheText(String text, Language fallback, Language expected) {
		TensionAnalysis analysis = this.analyzer.analyze(text, fallback);
		assertThat(analysis.language()).isEqualTo(expected);
		assertThat(analysis.languageDetected()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Language.class)
	void fallsBackWhenTheTextIsInconclusive(Language fallback) {
		for (String text : List.of("OK", "Danke!", "👍", "", "   ", "12345")) {
			TensionAnalysis analysis = this.analyzer.analyze(text, fallback);
			assertThat(analysis.language()).as(text).isEqualTo(fallback);
			assertThat(analysis.languageDetected()).as(text).isFalse();
		}
	}

	@Test
	void threatsAndInsultsOfOtherLanguagesAreFoundInMixedText() {
		TensionAnalysis analysis = this.analyzer.analyze(
				"Hello, I have written to you many times about this order and now I will go to the ČOI.", Language.EN);
		assertThat(analysis.language()).isEqualTo(Language.EN);
		assertThat(analysis.threats()).containsExactly(ThreatType.LEGAL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\n\t  \n" })
	void emptyAndBlankTextIsCalm(String text) {
		TensionAnalysis analysis = this.analyzer.analyze(text, Language.DE);
		assertThat(analysis.score()).isZero();
		assertThat(analysis.level()).isEqualTo(TensionLevel.CALM);
		assertThat(analysis.signals()).isEmpty();
		assertThat(analysis.threats()).isEmpty();
	}

	@Test
	void aVeryLongStatementIsAnalysedWithCorrectOffsets() {
		StringBuilder text = new StringBuilder();
		while (text.length() < 10_000) {
			text.append("I waited all week for the parcel and I am furious!!! ");
		}
		TensionAnalysis analysis = this.analyzer.analyze(text.toString(), Language.EN);
		assertThat(analysis.level()).isEqualTo(TensionLevel.ANGRY);
		assertThat(analysis.score()).isLessThanOrEqualTo(100);
		assertEvidenceMatches(text.toString(), analysis);
		assertThat(analysis.signals()).filteredOn((signal) -> signal.kind() == SignalKind.ANGER)
			.hasSizeGreaterThan(150);
	}

	@Test
	void emojiAndOtherScriptsDoNotShiftTheOffsets() {
		String text = "😡😡 Вы меня слышите? 你好 I am furious 😡 and you are idiots!!! 🤬";
		TensionAnalysis analysis = this.analyzer.analyze(text, Language.EN);
		assertEvidenceMatches(text, analysis);
		assertThat(analysis.signals()).extracting((signal) -> signal.evidence().text())
			.contains("furious", "idiots", "!!!");
		assertThat(only(analysis, SignalKind.INSULT).evidence().start()).isEqualTo(text.indexOf("idiots"));
	}

	@Test
	void theSameTextGivesTheSameAnalysisEveryTime() {
		String text = "Das ist schon das dritte Mal, dass ich anrufe! Ihr Betrüger, ich gehe zum Anwalt!!!";
		TensionAnalysis first = this.analyzer.analyze(text, Language.EN);
		for (int i = 0; i < 20; i++) {
			assertThat(this.analyzer.analyze(text, Language.EN)).isEqualTo(first);
		}
		assertThat(new TensionAnalyzer().analyze(text, Language.EN)).isEqualTo(first);
	}

	@Test
	void everyEvidenceOfTheEvaluationStatementsIsTheOriginalTextAtItsOffsets() throws IOException {
		for (Language language : Language.values()) {
			for (TensionEvaluationTests.Labelled statement : TensionEvaluationTests
				.read("evaluation-" + language.code() + ".tsv")) {
				assertEvidenceMatches(statement.text(), this.analyzer.analyze(statement.text(), language));
			}
		}
	}

	@Test
	void refusesNullInput() {
		assertThatThrownBy(() -> this.analyzer.analyze(null, Language.EN)).isInstanceOf(NullPointerException.class);
		assertThatThrownBy(() -> this.analyzer.analyze("text", null)).isInstanceOf(NullPointerException.class);
	}

	private static Signal only(TensionAnalysis analysis, SignalKind kind) {
		List<Signal> signals = analysis.signals().stream().filter((signal) -> signal.kind() == kind).toList();
		assertThat(signals).as("%s signals in %s", kind, analysis.signals()).hasSize(1);
		return signals.get(0);
	}

	private static void assertEvidenceMatches(String text, TensionAnalysis analysis) {
		for (Signal signal : analysis.signals()) {
			Evidence evidence = signal.evidence();
			assertThat(evidence.end()).isLessThanOrEqualTo(text.length());
			assertThat(text.substring(evidence.start(), evidence.end())).isEqualTo(evidence.text());
		}
	}

}
