package io.defuse.casework;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.defuse.casework.CaseMetrics.EscalationKind;
import io.defuse.deescalation.TensionLevel;
import io.defuse.deescalation.ThreatType;
import io.defuse.shared.Language;

import static io.defuse.casework.SupportCaseTests.AGENT;
import static io.defuse.casework.SupportCaseTests.POLICY;
import static io.defuse.casework.SupportCaseTests.T0;
import static io.defuse.casework.SupportCaseTests.TARGETS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way the case escalates itself is told apart from a person's escalation, from the
 * reasons the aggregate really writes: a change in their wording fails here first.
 */
class EscalationKindTests {

	@Test
	void aHostileStatementEscalatesAsHostile() {
		SupportCase supportCase = SupportCaseTests.inListen();
		supportCase.addStatement(Speaker.CUSTOMER, "…", analysis(new Tension(90, TensionLevel.HOSTILE, Set.of())),
				AGENT, T0);
		assertThat(kind(supportCase)).isEqualTo(EscalationKind.HOSTILE_STATEMENT);
	}

	@Test
	void aLegalThreatEscalatesAsOne() {
		SupportCase supportCase = SupportCaseTests.inListen();
		supportCase.addStatement(Speaker.CUSTOMER, "…",
				analysis(new Tension(30, TensionLevel.TENSE, Set.of(ThreatType.LEGAL))), AGENT, T0);
		assertThat(kind(supportCase)).isEqualTo(EscalationKind.LEGAL_THREAT);
	}

	@Test
	void theRiskThresholdEscalatesAsHighRisk() {
		SupportCase supportCase = SupportCaseTests.inListen();
		assertThat(supportCase.escalateIfRisky(0, AGENT, T0)).isTrue();
		assertThat(kind(supportCase)).isEqualTo(EscalationKind.HIGH_RISK);
	}

	@Test
	void anSlaBreachFoundByTheWatchEscalatesAsOne() {
		SupportCase supportCase = SupportCaseTests.inListen();
		supportCase.checkSla(TARGETS, SlaWatch.SYSTEM, T0.plus(Duration.ofHours(2)));
		assertThat(kind(supportCase)).isEqualTo(EscalationKind.SLA_BREACHED);
	}

	@Test
	void anUnsatisfiedFollowUpEscalatesAsOne() {
		SupportCase supportCase = SupportCaseTests.inFollowUp();
		supportCase.recordFollowUp(new FollowUpOutcome(true, 2, "Still broken"), POLICY, AGENT, T0);
		assertThat(kind(supportCase)).isEqualTo(EscalationKind.NOT_SATISFIED_AT_FOLLOW_UP);
	}

	@Test
	void anyReasonAPersonGivesIsManualEvenInTheWatchsWords() {
		for (String reason : List.of("Customer threatens to sue", "SLA breached: by me", "risk", "")) {
			SupportCase supportCase = SupportCaseTests.inListen();
			supportCase.escalate(reason, AGENT, T0);
			assertThat(kind(supportCase)).as(reason).isEqualTo(EscalationKind.MANUAL);
		}
	}

	private static StatementAnalysis analysis(Tension tension) {
		return new StatementAnalysis(Language.EN, tension, "{}");
	}

	private static EscalationKind kind(SupportCase supportCase) {
		List<CaseEvent> escalated = supportCase.recordedEvents()
			.stream()
			.filter((event) -> event.type().equals("case.escalated"))
			.toList();
		assertThat(escalated).hasSize(1);
		return CaseMetrics.kindOf(escalated.get(0));
	}

}
