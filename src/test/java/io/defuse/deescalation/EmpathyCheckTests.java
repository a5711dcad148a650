package io.defuse.deescalation;

import io.defuse.shared.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class EmpathyCheckTests {

	private final EmpathyCheck check = new EmpathyCheck();

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			EN | UNDERSTANDING | I understand how annoying this is, let me check the order.          | I understand
			EN | UNDERSTANDING | That's completely understandable, let me check the order.          | understandable
			EN | APOLOGY       | I'm sorry for the delay, the replacement is on its way.             | sorry
			EN | APOLOGY       | We apologise for the inconvenience and have refunded the fee.      | apologise
			DE | UNDERSTANDING | Ich verstehe, wie ärgerlich das ist; ich kümmere mich darum.       | Ich verstehe
			DE | UNDERSTANDING | Das kann ich gut nachvollziehen, ich prüfe das sofort.             | nachvollziehen
			DE | APOLOGY       | Es tut mir leid, dass Ihr Paket zu spät kam.                       | tut mir leid
			DE | APOLOGY       | Bitte entschuldigen Sie die Verzögerung.                           | entschuldigen
			CS | UNDERSTANDING | Chápu, že vás to rozčílilo, hned se na to podívám.                 | Chápu
			CS | UNDERSTANDING | Rozumim, hned se na to podivam.                                    | Rozumim
			CS | APOLOGY       | Omlouvám se za zpoždění, náhrada je na cestě.                      | Omlouvám
			CS | APOLOGY       | Je mi líto, že balík dorazil poškozený.                            | líto
			""")
	void recognisesUnderstandingAndApology(Language language, EmpathyFinding finding, String text, String evidence) {
		EmpathyResult result = this.check.check(text, language);
		assertThat(result.language()).isEqualTo(language);
		assertThat(result.hits()).filteredOn((hit) -> hit.finding() == finding)
			.extracting((hit) -> hit.evidence().text())
			.containsExactly(evidence);
		assertThat(result.showsUnderstandingOrApology()).isTrue();
		assertThat(result.blamesOrHidesBehindPolicy()).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					EN | BLAME        | You should have read the delivery terms before ordering.           | You should have read
					EN | BLAME        | Well, that's your own fault, the address was wrong.                | own fault
					EN | POLICY_SPEAK | I'm afraid that's our policy.                                      | that's our policy
					EN | POLICY_SPEAK | According to our terms, refunds take 30 days.                      | According to our terms
					DE | BLAME        | Sie hätten die Sendung eben prüfen müssen.                         | Sie hätten die Sendung eben prüfen
					DE | BLAME        | Das ist Ihr Fehler, die Adresse war falsch.                        | Ihr Fehler
					DE | POLICY_SPEAK | Laut unseren AGB ist das nicht möglich.                            | Laut unseren AGB
					DE | POLICY_SPEAK | Da kann ich leider nichts machen.                                  | kann ich leider nichts machen
					CS | BLAME        | Měl jste si to přečíst v podmínkách.                               | Měl jste si to přečíst
					CS | BLAME        | To je vaše chyba, adresa byla špatně.                              | vaše chyba
					CS | POLICY_SPEAK | Podle našich pravidel to bohužel nejde.                            | Podle našich pravidel
					CS | POLICY_SPEAK | Podle nasich pravidel to bohuzel nejde.                            | Podle nasich pravidel
					""")
	void flagsBlameAndPolicySpeak(Language language, EmpathyFinding finding, String text, String evidence) {
		EmpathyResult result = this.check.check(text, language);
		assertThat(result.hits()).filteredOn((hit) -> hit.finding() == finding)
			.extracting((hit) -> hit.evidence().text())
			.containsExactly(evidence);
		assertThat(result.blamesOrHidesBehindPolicy()).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			EN | I don't understand why you didn't check the address.
			EN | I can't understand how this happened.
			DE | Ich verstehe nicht, warum Sie nicht angerufen haben.
			CS | Nechápu, proč jste nezavolal.
			CS | Nerozumím, co po nás chcete.
			""")
	void negatedUnderstandingIsNoUnderstanding(Language language, String text) {
		assertThat(this.check.check(text, language).showsUnderstandingOrApology()).isFalse();
	}

	@Test
	void aMistakeThatMustBeIsNoUnderstanding() {
		assertThat(this.check.check("This must be a mistake on the courier's side.", Language.EN).hits()).isEmpty();
		assertThat(this.check.check("That must be really frustrating.", Language.EN).showsUnderstandingOrApology())
			.isTrue();
	}

	@Test
	void anInformativeShouldHaveIsNoBlame() {
		EmpathyResult result = this.check.check("You should have received a confirmation e-mail yesterday.",
				Language.EN);
		assertThat(result.hits()).isEmpty();
	}

	@Test
	void anApologyThatHidesBehindPolicyShowsBoth() {
		EmpathyResult result = this.check.check("I'm sorry, but that's our policy and there is nothing I can do.",
				Language.EN);
		assertThat(result.showsUnderstandingOrApology()).isTrue();
		assertThat(result.blamesOrHidesBehindPolicy()).isTrue();
		assertThat(result.hits()).extracting(EmpathyHit::finding)
			.containsExactly(EmpathyFinding.APOLOGY, EmpathyFinding.POLICY_SPEAK, EmpathyFinding.POLICY_SPEAK);
	}

	@Test
	void aPlainAcknowledgementShowsNeither() {
		EmpathyResult result = this.check.check("Your case number is 4711. We will get back to you.", Language.EN);
		assertThat(result.hits()).isEmpty();
		assertThat(result.showsUnderstandingOrApology()).isFalse();
		assertThat(result.blamesOrHidesBehindPolicy()).isFalse();
	}

	@Test
	void detectsTheLanguageOfTheReplyAndFallsBackWhenUnsure() {
		assertThat(this.check.check("Es tut mir leid, dass das passiert ist.", Language.EN).language())
			.isEqualTo(Language.DE);
		assertThat(this.check.check("OK", Language.CS).language()).isEqualTo(Language.CS);
	}

	@Test
	void evidenceKeepsTheOriginalSpellingAndOffsets() {
		String text = "Dobrý den, velmi se OMLOUVÁME za komplikace.";
		EmpathyHit hit = this.check.check(text, Language.CS).hits().get(0);
		assertThat(hit.finding()).isEqualTo(EmpathyFinding.APOLOGY);
		assertThat(hit.evidence().text()).isEqualTo("OMLOUVÁME");
		assertThat(hit.evidence().start()).isEqualTo(text.indexOf("OMLOUVÁME"));
	}

	@ParameterizedTest
	@EnumSource(Language.class)
	void suggestsThreeToFivePhrasesThatPassTheCheckThemselves(Language language) {
		assertThat(this.check.suggestedPhrases(language)).hasSizeBetween(3, 5).allSatisfy((phrase) -> {
			EmpathyResult result = this.check.check(phrase, language);
			assertThat(result.showsUnderstandingOrApology()).as(phrase).isTrue();
			assertThat(result.blamesOrHidesBehindPolicy()).as(phrase).isFalse();
		});
	}

	@Test
	void emptyTextHasNoHits() {
		assertThat(this.check.check("", Language.DE).hits()).isEmpty();
		assertThat(this.check.check("  \n ", Language.DE).language()).isEqualTo(Language.DE);
	}

}
