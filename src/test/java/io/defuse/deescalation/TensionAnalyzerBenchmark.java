package io.defuse.deescalation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.defuse.shared.Language;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Statements analysed per second, one statement per operation, cycling through the
 * evaluation statements of all three languages (short e-mails and chat lines, 30 to 150
 * characters). Run with {@code ./mvnw -Pbenchmark test}; not part of {@code verify}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TensionAnalyzerBenchmark {

	private TensionAnalyzer analyzer;

	private EmpathyCheck empathy;

	private String[] statements;

	private Language[] languages;

	private int next;

	@Setup
	public void load() throws IOException {
		this.analyzer = new TensionAnalyzer();
		this.empathy = new EmpathyCheck();
		List<String> statements = new ArrayList<>();
		List<Language> languages = new ArrayList<>();
		for (Language language : Language.values()) {
			for (TensionEvaluationTests.Labelled statement : TensionEvaluationTests
				.read("evaluation-" + language.code() + ".tsv")) {
				statements.add(statement.text());
				languages.add(language);
			}
		}
		this.statements = statements.toArray(String[]::new);
		this.languages = languages.toArray(Language[]::new);
	}

	@Benchmark
	public TensionAnalysis analyzeStatement() {
		int i = nextIndex();
		// The fallback is deliberately not always right, so detection is part of the
		// cost.
		return this.analyzer.analyze(this.statements[i], this.languages[(i + 1) % this.languages.length]);
	}

	@Benchmark
	public EmpathyResult checkEmpathy() {
		int i = nextIndex();
		return this.empathy.check(this.statements[i], this.languages[i]);
	}

	private int nextIndex() {
		int i = this.next;
		this.next = (i + 1 == this.statements.length) ? 0 : i + 1;
		return i;
	}

}
