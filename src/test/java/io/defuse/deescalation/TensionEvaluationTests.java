package io.defuse.deescalation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.defuse.shared.Language;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the analyzer against the hand-labelled statements in
 * {@code src/test/resources/deescalation/evaluation-<language>.tsv} and fails below the
 * documented floor. Run {@code ./mvnw test -Dtest=TensionEvaluationTests}; add
 * {@code -Ddeescalation.set=tuning} to iterate on the tuning set instead, and
 * {@code -Ddeescalation.verbose=true} to list every miss.
 */
class TensionEvaluationTests {

	/** Exact level, per language. */
	static final double LEVEL_ACCURACY_FLOOR = 0.80;

	/** Expected threats found, per language. */
	static final double THREAT_RECALL_FLOOR = 0.90;

	private final TensionAnalyzer analyzer = new TensionAnalyzer();

	@ParameterizedTest
	@EnumSource(Language.class)
	void meetsTheQualityFloor(Language language) throws IOException {
		String set = System.getProperty("deescalation.set", "evaluation");
		boolean verbose = Boolean.getBoolean("deescalation.verbose");
		List<Labelled> statements = read(set + "-" + language.code() + ".tsv");
		int exact = 0;
		int expectedThreats = 0;
		int foundThreats = 0;
		int reportedThreats = 0;
		int[][] confusion = new int[TensionLevel.values().length][TensionLevel.values().length];
		List<String> misses = new ArrayList<>();
		for (Labelled statement : statements) {
			TensionAnalysis analysis = this.analyzer.analyze(statement.text(), language);
			confusion[statement.level().ordinal()][analysis.level().ordinal()]++;
			if (analysis.level() == statement.level()) {
				exact++;
			}
			Set<ThreatType> hit = EnumSet.noneOf(ThreatType.class);
			hit.addAll(analysis.threats());
			hit.retainAll(statement.threats());
			expectedThreats += statement.threats().size();
			reportedThreats += analysis.threats().size();
			foundThreats += hit.size();
			if (analysis.level() != statement.level() || !analysis.threats().equals(statement.threats())) {
				misses.add(String.format(Locale.ROOT, "  expected %-7s %-28s got %-7s %3d %-28s %s", statement.level(),
						statement.threats(), analysis.level(), analysis.score(), analysis.threats(), statement.text()));
				if (verbose) {
					analysis.signals()
						.forEach((signal) -> misses.add(String.format(Locale.ROOT, "      %s%s %d \"%s\"",
								signal.kind(), (signal.threat() != null) ? "/" + signal.threat() : "", signal.weight(),
								signal.evidence().text())));
				}
			}
		}
		double accuracy = (double) exact / statements.size();
		double recall = (expectedThreats == 0) ? 1.0 : (double) foundThreats / expectedThreats;
		double precision = (reportedThreats == 0) ? 1.0 : (double) foundThreats / reportedThreats;
		StringBuilder report = new StringBuilder();
		report.append(String.format(Locale.ROOT,
				"Tension %s set, %s: %d statements, level accuracy %.1f %% (%d/%d), threat recall %.1f %% (%d/%d), threat precision %.1f %% (%d/%d)%n",
				set, language, statements.size(), 100 * accuracy, exact, statements.size(), 100 * recall, foundThreats,
				expectedThreats, 100 * precision, foundThreats, reportedThreats));
		report.append("  expected \\ got: ").append(Arrays.toString(TensionLevel.values())).append('\n');
		for (TensionLevel level : TensionLevel.values()) {
			report
				.append(String.format(Locale.ROOT, "  %-8s %s%n", level, Arrays.toString(confusion[level.ordinal()])));
		}
		if (verbose) {
			misses.forEach((miss) -> report.append(miss).append('\n'));
		}
		System.out.print(report);
		assertThat(accuracy).as("level accuracy for %s", language).isGreaterThanOrEqualTo(LEVEL_ACCURACY_FLOOR);
		assertThat(recall).as("threat recall for %s", language).isGreaterThanOrEqualTo(THREAT_RECALL_FLOOR);
	}

	@ParameterizedTest
	@EnumSource(Language.class)
	void evaluationSetIsLargeEnoughAndCoversEveryLevelAndThreat(Language language) throws IOException {
		List<Labelled> statements = read("evaluation-" + language.code() + ".tsv");
		assertThat(statements).hasSizeGreaterThanOrEqualTo(80);
		assertThat(statements).extracting(Labelled::level).contains(TensionLevel.values());
		assertThat(statements).flatExtracting((statement) -> List.copyOf(statement.threats()))
			.contains(ThreatType.values());
	}

	static List<Labelled> read(String resource) throws IOException {
		try (InputStream in = TensionEvaluationTests.class.getResourceAsStream("/deescalation/" + resource)) {
			assertThat(in).as(resource).isNotNull();
			List<Labelled> statements = new ArrayList<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] columns = line.split("\t", 3);
				assertThat(columns).as("three tab-separated columns: %s", line).hasSize(3);
				Set<ThreatType> threats = EnumSet.noneOf(ThreatType.class);
				if (!columns[1].equals("-")) {
					for (String threat : columns[1].split(",")) {
						threats.add(ThreatType.valueOf(threat.strip()));
					}
				}
				statements.add(new Labelled(TensionLevel.valueOf(columns[0].strip()), threats, columns[2].strip()));
			}
			return statements;
		}
	}

	record Labelled(TensionLevel level, Set<ThreatType> threats, String text) {
	}

}
