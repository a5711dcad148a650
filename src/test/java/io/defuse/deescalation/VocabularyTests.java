package io.defuse.deescalation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import io.defuse.shared.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class VocabularyTests {

	@ParameterizedTest
	@EnumSource(Language.class)
	void theShippedVocabularyOfEveryLanguageLoadsWithEveryCategory(Language language) {
		Vocabulary vocabulary = Vocabulary.load(language);
		for (Category category : Category.values()) {
			assertThat(vocabulary.termCount(category)).as(category.key).isPositive();
		}
	}

	@Test
	void aStemMatchesEveryWordBeginningWithIt() {
		Term term = Term.compile("podvod*", Category.INSULT, 40);
		FoldedText text = FoldedText.of("Jste podvodníci a podvodnici, žádný nepodvodník.");
		assertThat(term.matchAt(text.tokens, 1)).isEqualTo(2);
		assertThat(term.matchAt(text.tokens, 3)).isEqualTo(4);
		assertThat(term.matchAt(text.tokens, 5)).isEqualTo(-1);
	}

	@Test
	void aGapSkipsAtMostItsWordsAndNeverASentenceEnd() {
		Term term = Term.compile("post* ~2 facebook", Category.PUBLIC_EXPOSURE, 30);
		assertThat(term.matchAt(FoldedText.of("post it on Facebook").tokens, 0)).isEqualTo(4);
		assertThat(term.matchAt(FoldedText.of("post it all over on Facebook").tokens, 0)).isEqualTo(-1);
		assertThat(term.matchAt(FoldedText.of("post it. Facebook").tokens, 0)).isEqualTo(-1);
	}

	@Test
	void alternativesAndFoldingApplyToTheVocabularyToo() {
		Term term = Term.compile("nejsem|nejsme spokojená|spokojený", Category.DISSATISFACTION, 25);
		assertThat(term.matchAt(FoldedText.of("NEJSME spokojeny").tokens, 0)).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "~ lawyer", "lawyer ~", "(you|youre) idiots", "ab*", "", "  " })
	void refusesMalformedTerms(String source) {
		assertThatIllegalArgumentException().isThrownBy(() -> Term.compile(source, Category.INSULT, 40));
	}

	@Test
	void refusesAFileThatIsNotJsonOrLacksASection() {
		assertThatIllegalStateException().isThrownBy(() -> read("{ not json"));
		assertThatIllegalStateException().isThrownBy(() -> read("{\"language\": \"en\"}"))
			.withMessageContaining("'detection' is missing");
	}

	@Test
	void refusesAFileForAnotherLanguage() {
		assertThatIllegalStateException().isThrownBy(() -> read("{\"language\": \"de\"}"))
			.withMessageContaining("declares language 'de'");
	}

	private static Vocabulary read(String json) {
		return Vocabulary.read(Language.EN, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
				"test.json");
	}

}
