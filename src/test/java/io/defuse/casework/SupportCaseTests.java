package io.defuse.casework;

import io.defuse.shared.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.defuse.shared.Actor;
import io.defuse.shared.Role;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.InvalidInput;

import static io.defuse.casework.CaseAction.ACCEPT_OFFER;
import static io.defuse.casework.CaseAction.ACKNOWLEDGE;
import static io.defuse.casework.CaseAction.ADD_NOTE;
import static io.defuse.casework.CaseAction.ADD_STATEMENT;
import static io.defuse.casework.CaseAction.APPROVE_OFFER;
import static io.defuse.casework.CaseAction.ASSIGN;
import static io.defuse.casework.CaseAction.CLOSE;
import static io.defuse.casework.CaseAction.CONFIRM_DETAILS;
import static io.defuse.casework.CaseAction.ESCALATE;
import static io.defuse.casework.CaseAction.MAKE_OFFER;
import static io.defuse.casework.CaseAction.PAUSE_SLA;
import static io.defuse.casework.CaseAction.RECORD_FOLLOW_UP;
import static io.defuse.casework.CaseAction.RECORD_RESPONSE;
import static io.defuse.casework.CaseAction.REJECT_OFFER;
import static io.defuse.casework.CaseAction.REOPEN;
import static io.defuse.casework.CaseAction.RESUME_SLA;
import static io.defuse.casework.CaseAction.SAVE_DETAILS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workflow rules of the case aggregate, without Spring or a database. */
class SupportCaseTests {

	static final UUID TEAM = UUID.randomUUID();

	static final Actor AGENT = new Actor(UUID.randomUUID(), "alice", Role.AGENT);

	static final Actor SUPERVISOR = new Actor(UUID.randomUUID(), "sam", Role.SUPERVISOR);

	static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

	static final FollowUpPolicy POLICY = new FollowUpPolicy(Duration.ofDays(2), Duration.ofDays(1), 3);

	/**
	 * The states a case can be in, each built only through the aggregate's own methods.
	 */
	enum State {

		LISTEN(SupportCaseTests::inListen, ADD_STATEMENT, ACKNOWLEDGE, ADD_NOTE, ASSIGN, ESCALATE, CLOSE, PAUSE_SLA),
		LISTEN_PAUSED(SupportCaseTests::pausedInListen, ADD_STATEMENT, ACKNOWLEDGE, ADD_NOTE, ASSIGN, ESCALATE, CLOSE,
				RESUME_SLA),
		GATHER_INCOMPLETE(SupportCaseTests::inGather, ADD_STATEMENT, SAVE_DETAILS, ADD_NOTE, ASSIGN, ESCALATE, CLOSE),
		GATHER_COMPLETE(SupportCaseTests::inGatherComplete, ADD_STATEMENT, SAVE_DETAILS, CONFIRM_DETAILS, ADD_NOTE,
				ASSIGN, ESCALATE, CLOSE),
		OFFER_NONE(SupportCaseTests::inOffer, ADD_STATEMENT, MAKE_OFFER, ADD_NOTE, ASSIGN, ESCALATE, CLOSE),
		OFFER_OPEN(SupportCaseTests::withOpenOffer, ADD_STATEMENT, MAKE_OFFER, ACCEPT_OFFER, REJECT_OFFER, ADD_NOTE,
				ASSIGN, ESCALATE, CLOSE),
		OFFER_AWAITING_APPROVAL(SupportCaseTests::withOfferAwaitingApproval, ADD_STATEMENT, MAKE_OFFER, APPROVE_OFFER,
				REJECT_OFFER, ADD_NOTE, ASSIGN, ESCALATE, CLOSE),
		RESPOND(SupportCaseTests::inRespond, ADD_STATEMENT, RECORD_RESPONSE, ADD_NOTE, ASSIGN, ESCALATE, CLOSE,
				PAUSE_SLA),
		FOLLOW_UP(SupportCaseTests::inFollowUp, ADD_STATEMENT, RECORD_FOLLOW_UP, ADD_NOTE, ASSIGN, ESCALATE, CLOSE),
		ESCALATED(SupportCaseTests::escalatedInListen, ADD_STATEMENT, ACKNOWLEDGE, ADD_NOTE, ASSIGN, CLOSE, PAUSE_SLA),
		CLOSED(SupportCaseTests::closed, REOPEN);

		final Supplier<SupportCase> build;

		final Set<CaseAction> legal;

		State(Supplier<SupportCase> build, CaseAction... legal) {
			this.build = build;
			this.legal = EnumSet.of(legal[0], legal);
		}

	}

	/** Performs an action with valid input, so only the workflow rule decides. */
	static final Map<CaseAction, Consumer<SupportCase>> PERFORM = new EnumMap<>(CaseAction.class);

	static {
		PERFORM.put(ADD_STATEMENT, (c) -> c.addStatement(Speaker.CUSTOMER, "And another thing", AGENT, T0));
		PERFORM.put(ACKNOWLEDGE, (c) -> c.acknowledge("I understand, and I am sorry.", AGENT, T0));
		PERFORM.put(SAVE_DETAILS, (c) -> c.saveDetails(details(), AGENT, T0));
		PERFORM.put(CONFIRM_DETAILS, (c) -> c.confirmDetails(List.of(), AGENT, T0));
		PERFORM.put(MAKE_OFFER, (c) -> c.makeOffer(refund("20"), false, AGENT, T0));
		PERFORM.put(APPROVE_OFFER, (c) -> c.approveOffer(anyOfferId(c), SUPERVISOR, T0));
		PERFORM.put(ACCEPT_OFFER, (c) -> c.acceptOffer(anyOfferId(c), AGENT, T0));
		PERFORM.put(REJECT_OFFER, (c) -> c.rejectOffer(anyOfferId(c), "too little", AGENT, T0));
		PERFORM.put(RECORD_RESPONSE, (c) -> c
			.recordResponse(new ResponseRecord(ResponseAction.REFUND_ISSUED, "RF-1", null), POLICY, AGENT, T0));
		PERFORM.put(RECORD_FOLLOW_UP, (c) -> c.recordFollowUp(new FollowUpOutcome(true, 5, null), POLICY, AGENT, T0));
		PERFORM.put(ADD_NOTE, (c) -> c.addNote("internal", AGENT, T0));
		PERFORM.put(ASSIGN, (c) -> c.assign("bob", AGENT, T0));
		PERFORM.put(ESCALATE, (c) -> c.escalate("threatens to sue", AGENT, T0));
		PERFORM.put(CLOSE, (c) -> c.close(new Closure(Outcome.WITHDRAWN, "customer withdrew"), SUPERVISOR, T0));
		PERFORM.put(REOPEN, (c) -> c.reopen("not fixed after all", SUPERVISOR, T0));
		PERFORM.put(PAUSE_SLA, (c) -> c.pauseSla("waiting for photos", AGENT, T0));
		PERFORM.put(RESUME_SLA, (c) -> c.resumeSla(AGENT, T0));
	}

	@ParameterizedTest
	@EnumSource(State.class)
	void nextActionsListExactlyTheLegalActions(State state) {
		assertThat(state.build.get().nextActions(Role.ADMIN)).containsExactlyInAnyOrderElementsOf(state.legal);
	}

	@ParameterizedTest
	@EnumSource(State.class)
	void everyLegalActionSucceeds(State state) {
		for (CaseAction action : state.legal) {
			SupportCase supportCase = state.build.get();
			PERFORM.get(action).accept(supportCase);
			assertThat(supportCase.recordedEvents()).as(action + " records an event").isNotEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource(State.class)
	void everyIllegalActionIsRefusedNamingStepActionAndWhatIsMissing(State state) {
		for (CaseAction action : EnumSet.complementOf(EnumSet.copyOf(state.legal))) {
			SupportCase supportCase = state.build.get();
			Step before = supportCase.step();
			int events = supportCase.recordedEvents().size();
			assertThatThrownBy(() -> PERFORM.get(action).accept(supportCase)).as(action + " in " + state)
				.isInstanceOfSatisfying(WorkflowRefusal.class, (refusal) -> {
					assertThat(refusal.status().value()).isEqualTo(409);
					assertThat(refusal.properties()).containsEntry("step", before)
						.containsEntry("action", action.apiName());
					assertThat((List<?>) refusal.properties().get("missing")).isNotEmpty();
				});
			assertThat(supportCase.step()).isEqualTo(before);
			assertThat(supportCase.recordedEvents()).hasSize(events);
		}
	}

	@Test
	void agentsDoNotSeeSupervisorActions() {
		SupportCase supportCase = withOfferAwaitingApproval();
		assertThat(supportCase.nextActions(Role.AGENT)).doesNotContain(APPROVE_OFFER, CLOSE);
		assertThat(supportCase.nextActions(Role.SUPERVISOR)).contains(APPROVE_OFFER, CLOSE);
		assertThat(closed().nextActions(Role.AGENT)).isEmpty();
	}

	@Test
	void opensInListenWithTheFirstStatement() {
		SupportCase supportCase = SupportCase.open(UUID.randomUUID(), TEAM, Channel.PHONE, "Broken kettle",
				Severity.HIGH, "It broke!", StatementAnalysis.none(), AGENT, T0);
		assertThat(supportCase.step()).isEqualTo(Step.LISTEN);
		assertThat(supportCase.customerStatements()).isEqualTo(1);
		assertThat(supportCase.newStatements()).extracting(Statement::text).containsExactly("It broke!");
		assertThat(supportCase.recordedEvents()).extracting(CaseEvent::type)
			.containsExactly("case.created", "case.statement_added");
		assertThat(supportCase.recordedEvents()).extracting(CaseEvent::sequence).containsExactly(1, 2);
	}

	@Test
	void acknowledgementMovesToGatherAndIsRecordedAsTheAgentsStatement() {
		SupportCase supportCase = inListen();
		Statement said = supportCase.acknowledge("I'm sorry about this.", AGENT, T0);
		assertThat(supportCase.step()).isEqualTo(Step.GATHER);
		assertThat(said.speaker()).isEqualTo(Speaker.AGENT);
		assertThat(supportCase.acknowledgedAt()).isEqualTo(T0);
		assertThat(supportCase.recordedEvents()).extracting(CaseEvent::type)
			.endsWith("case.statement_added", "case.acknowledged", "case.step_changed");
	}

	@Test
	void confirmationNamesEachMissingDetailForTheCategory() {
		SupportCase supportCase = inGather();
		supportCase.saveDetails(new DetailsUpdate(ProblemCategory.DEFECTIVE_PRODUCT, null, null, null, null, null),
				AGENT, T0);
		assertThatThrownBy(() -> supportCase.confirmDetails(List.of(), AGENT, T0))
			.isInstanceOfSatisfying(WorkflowRefusal.class, (refusal) -> assertThat(refusal.properties().get("missing"))
				.isEqualTo(List.of("detail product", "detail purchaseDate or orderRef")));
		supportCase.saveDetails(new DetailsUpdate(null, "Kettle", null, LocalDate.parse("2026-10-01"), null, null),
				AGENT, T0);
		supportCase.confirmDetails(List.of(), AGENT, T0);
		assertThat(supportCase.step()).isEqualTo(Step.OFFER);
	}

	@Test
	void partialSavesKeepEarlierFields() {
		SupportCase supportCase = inGather();
		supportCase.saveDetails(new DetailsUpdate(ProblemCategory.LATE_DELIVERY, "Sofa", null, null, null, null), AGENT,
				T0);
		supportCase.saveDetails(new DetailsUpdate(null, null, "ORD-1", null, null, null), AGENT, T0);
		assertThat(supportCase.details().category()).isEqualTo(ProblemCategory.LATE_DELIVERY);
		assertThat(supportCase.details().product()).isEqualTo("Sofa");
		assertThat(supportCase.details().orderRef()).isEqualTo("ORD-1");
	}

	@Test
	void emptyDetailsSaveIsInvalidInput() {
		assertThatThrownBy(
				() -> inGather().saveDetails(new DetailsUpdate(null, null, null, null, null, null), AGENT, T0))
			.isInstanceOf(InvalidInput.class);
	}

	@Test
	void offerAboveThresholdCannotBeAcceptedBeforeApproval() {
		SupportCase supportCase = inOffer();
		Offer offer = supportCase.makeOffer(refund("500"), true, AGENT, T0);
		assertThat(offer.status()).isEqualTo(OfferStatus.PENDING_APPROVAL);
		assertThatThrownBy(() -> supportCase.acceptOffer(offer.id(), AGENT, T0)).isInstanceOfSatisfying(
				WorkflowRefusal.class, (refusal) -> assertThat(refusal.getMessage()).contains("approval"));
		supportCase.approveOffer(offer.id(), SUPERVISOR, T0);
		assertThat(offer.approvedBy()).isEqualTo("sam");
		supportCase.acceptOffer(offer.id(), AGENT, T0);
		assertThat(supportCase.step()).isEqualTo(Step.RESPOND);
	}

	@Test
	void acceptingOneOfferWithdrawsTheOthers() {
		SupportCase supportCase = inOffer();
		Offer voucher = supportCase.makeOffer(new OfferProposal(OfferType.VOUCHER, new BigDecimal("30"), "EUR", null),
				false, AGENT, T0);
		Offer repair = supportCase.makeOffer(new OfferProposal(OfferType.REPAIR, null, null, "Free repair"), false,
				AGENT, T0);
		supportCase.acceptOffer(repair.id(), AGENT, T0);
		assertThat(repair.status()).isEqualTo(OfferStatus.ACCEPTED);
		assertThat(voucher.status()).isEqualTo(OfferStatus.WITHDRAWN);
	}

	@Test
	void rejectedOfferIsCountedAndCannotBeAcceptedLater() {
		SupportCase supportCase = withOpenOffer();
		UUID offerId = anyOfferId(supportCase);
		supportCase.rejectOffer(offerId, "Wants a full refund", AGENT, T0);
		assertThat(supportCase.rejectedOffers()).isEqualTo(1);
		assertThat(supportCase.step()).isEqualTo(Step.OFFER);
		assertThatThrownBy(() -> supportCase.acceptOffer(offerId, AGENT, T0)).isInstanceOf(WorkflowRefusal.class);
	}

	@Test
	void unknownOfferIs404() {
		assertThatThrownBy(() -> withOpenOffer().acceptOffer(UUID.randomUUID(), AGENT, T0))
			.isInstanceOfSatisfying(ApiException.class, (ex) -> assertThat(ex.status().value()).isEqualTo(404));
	}

	@Test
	void responseSchedulesTheFollowUpByPolicy() {
		SupportCase supportCase = inRespond();
		supportCase.recordResponse(new ResponseRecord(ResponseAction.REPLACEMENT_SHIPPED, "DHL 1", null), POLICY, AGENT,
				T0);
		assertThat(supportCase.step()).isEqualTo(Step.FOLLOW_UP);
		assertThat(supportCase.followUpDueAt()).isEqualTo(T0.plus(Duration.ofDays(2)));
	}

	@Test
	void satisfiedFollowUpClosesAsResolved() {
		SupportCase supportCase = inFollowUp();
		supportCase.recordFollowUp(new FollowUpOutcome(true, 4, "Happy"), POLICY, AGENT, T0);
		assertThat(supportCase.step()).isEqualTo(Step.CLOSED);
		assertThat(supportCase.outcome()).isEqualTo(Outcome.RESOLVED);
		assertThat(supportCase.followUpDueAt()).isNull();
	}

	@Test
	void unsatisfiedFollowUpGoesBackToOfferAndEscalates() {
		SupportCase supportCase = inFollowUp();
		supportCase.recordFollowUp(new FollowUpOutcome(true, 2, "Still broken"), POLICY, AGENT, T0);
		assertThat(supportCase.step()).isEqualTo(Step.OFFER);
		assertThat(supportCase.escalated()).isTrue();
		assertThat(supportCase.escalationReason()).contains("2/5");
		assertThat(supportCase.recordedEvents()).extracting(CaseEvent::type).contains("case.escalated");
		assertThat(supportCase.nextActions(Role.AGENT)).contains(MAKE_OFFER);
	}

	@Test
	void unreachedCustomerIsTriedAgainThenClosedUnconfirmed() {
		SupportCase supportCase = inFollowUp();
		FollowUpOutcome unreached = new FollowUpOutcome(false, null, "Voicemail");
		supportCase.recordFollowUp(unreached, POLICY, AGENT, T0);
		assertThat(supportCase.step()).isEqualTo(Step.FOLLOW_UP);
		assertThat(supportCase.followUpDueAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
		supportCase.recordFollowUp(unreached, POLICY, AGENT, T0);
		assertThat(supportCase.step()).isEqualTo(Step.FOLLOW_UP);
		supportCase.recordFollowUp(unreached, POLICY, AGENT, T0);
		assertThat(supportCase.step()).isEqualTo(Step.CLOSED);
		assertThat(supportCase.outcome()).isEqualTo(Outcome.RESOLVED_UNCONFIRMED);
		assertThat(supportCase.followUps()).extracting(FollowUp::attempt).containsExactly(1, 2, 3);
	}

	@Test
	void closingWithdrawsOffersStillOnTheTable() {
		SupportCase supportCase = withOpenOffer();
		supportCase.close(new Closure(Outcome.UNRESOLVED, "No agreement"), SUPERVISOR, T0);
		assertThat(supportCase.offers()).extracting(Offer::status).containsOnly(OfferStatus.WITHDRAWN);
		assertThat(supportCase.outcome()).isEqualTo(Outcome.UNRESOLVED);
	}

	@Test
	void reopeningAfterConfirmedDetailsGoesToOffer() {
		SupportCase supportCase = closed();
		supportCase.reopen("Broke again", SUPERVISOR, T0);
		assertThat(supportCase.step()).isEqualTo(Step.OFFER);
		assertThat(supportCase.outcome()).isNull();
		assertThat(supportCase.reopenCount()).isEqualTo(1);
	}

	@Test
	void reopeningACaseWithdrawnEarlyGoesBackToWhereItWas() {
		SupportCase supportCase = inListen();
		supportCase.close(new Closure(Outcome.WITHDRAWN, "Called by mistake"), SUPERVISOR, T0);
		supportCase.reopen("Called back, it is real", SUPERVISOR, T0);
		assertThat(supportCase.step()).isEqualTo(Step.LISTEN);
	}

	@Test
	void escalatingTwiceIsRefused() {
		SupportCase supportCase = escalatedInListen();
		assertThatThrownBy(() -> supportCase.escalate("again", AGENT, T0)).isInstanceOf(WorkflowRefusal.class);
	}

	@Test
	void assigningTheSameAssigneeAgainRecordsNothing() {
		SupportCase supportCase = inListen();
		supportCase.assign("bob", AGENT, T0);
		int events = supportCase.recordedEvents().size();
		supportCase.assign("bob", AGENT, T0);
		assertThat(supportCase.recordedEvents()).hasSize(events);
	}

	@Test
	void eventSequenceHasNoGapsAcrossTheWholeLifecycle() {
		SupportCase supportCase = inFollowUp();
		supportCase.recordFollowUp(new FollowUpOutcome(true, 5, null), POLICY, AGENT, T0);
		List<Integer> sequence = supportCase.recordedEvents().stream().map(CaseEvent::sequence).toList();
		for (int i = 0; i < sequence.size(); i++) {
			assertThat(sequence.get(i)).isEqualTo(i + 1);
		}
	}

	@Test
	void earlierCasesAboutTheSameThingMakeItARepeatComplaint() {
		SupportCase supportCase = inGatherComplete();
		UUID earlier = UUID.randomUUID();
		supportCase.confirmDetails(List.of(earlier), AGENT, T0);
		assertThat(supportCase.repeatOf()).containsExactly(earlier);
		assertThat(supportCase.recordedEvents()).extracting(CaseEvent::type).contains("case.repeat_detected");
		SupportCase first = inGatherComplete();
		first.confirmDetails(List.of(), AGENT, T0);
		assertThat(first.repeatOf()).isEmpty();
		assertThat(first.recordedEvents()).extracting(CaseEvent::type).doesNotContain("case.repeat_detected");
	}

	@Test
	void eachStepLeftIsRecordedWithWhenItWasEnteredAndLeft() {
		SupportCase supportCase = inListen();
		Instant acknowledged = T0.plus(Duration.ofMinutes(20));
		Instant confirmed = acknowledged.plus(Duration.ofHours(1));
		supportCase.acknowledge("I understand, I am sorry.", AGENT, acknowledged);
		supportCase.saveDetails(details(), AGENT, confirmed);
		supportCase.confirmDetails(List.of(), AGENT, confirmed);
		assertThat(supportCase.recordedStays()).extracting(StepStay::step).containsExactly(Step.LISTEN, Step.GATHER);
		assertThat(supportCase.recordedStays()).extracting(StepStay::enteredAt).containsExactly(T0, acknowledged);
		assertThat(supportCase.recordedStays()).extracting(StepStay::leftAt).containsExactly(acknowledged, confirmed);
		assertThat(supportCase.step()).isEqualTo(Step.OFFER);
		assertThat(supportCase.stepEnteredAt()).isEqualTo(confirmed);
	}

	@Test
	void aFollowUpRemembersWhenItWasDueTheRemedyItRatesAndTheCategory() {
		SupportCase supportCase = inFollowUp();
		Instant due = supportCase.followUpDueAt();
		supportCase.recordFollowUp(new FollowUpOutcome(false, null, "voicemail"), POLICY, AGENT, due.plusSeconds(60));
		supportCase.recordFollowUp(new FollowUpOutcome(true, 5, null), POLICY, AGENT, due.plus(Duration.ofDays(1)));
		assertThat(supportCase.followUps()).extracting(FollowUp::dueAt)
			.containsExactly(due, due.plusSeconds(60).plus(Duration.ofDays(1)));
		assertThat(supportCase.followUps()).extracting(FollowUp::remedy).containsOnly(OfferType.PARTIAL_REFUND);
		assertThat(supportCase.followUps()).extracting(FollowUp::category)
			.containsOnly(supportCase.details().category());
	}

	@Test
	void everyEscalationRecordsItsKind() {
		assertThat(escalatedInListen().escalationKind()).isEqualTo(EscalationKind.MANUAL);
		SupportCase unsatisfied = inFollowUp();
		unsatisfied.recordFollowUp(new FollowUpOutcome(true, 2, null), POLICY, AGENT, T0);
		assertThat(unsatisfied.escalationKind()).isEqualTo(EscalationKind.NOT_SATISFIED_AT_FOLLOW_UP);
		SupportCase late = inListen();
		late.checkSla(TARGETS, SUPERVISOR, T0.plus(Duration.ofHours(2)));
		assertThat(late.escalationKind()).isEqualTo(EscalationKind.SLA_BREACHED);
		SupportCase risky = inListen();
		assertThat(risky.escalateIfRisky(0, AGENT, T0)).isTrue();
		assertThat(risky.escalationKind()).isEqualTo(EscalationKind.HIGH_RISK);
	}

	@Test
	void staysUnescalatedBelowTheRiskThresholdAndIsNotEscalatedTwice() {
		SupportCase calm = inListen();
		assertThat(calm.escalateIfRisky(101, AGENT, T0)).isFalse();
		assertThat(calm.escalated()).isFalse();
		SupportCase escalated = escalatedInListen();
		assertThat(escalated.escalateIfRisky(0, AGENT, T0)).isFalse();
		assertThat(escalated.escalationKind()).isEqualTo(EscalationKind.MANUAL);
	}

	static final SlaTargets TARGETS = new SlaTargets(Duration.ofHours(1), Duration.ofDays(1), 80);

	@Test
	void acknowledgementClockWarnsAtTheShareThenBreachesAndEscalatesOnce() {
		SupportCase supportCase = inListen();
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, T0.plus(Duration.ofMinutes(47)))).isFalse();
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, T0.plus(Duration.ofMinutes(48)))).isTrue();
		assertThat(supportCase.recordedEvents()).extracting(CaseEvent::type).endsWith("case.sla_warning");
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, T0.plus(Duration.ofMinutes(59)))).isFalse();
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, T0.plus(Duration.ofMinutes(61)))).isTrue();
		assertThat(supportCase.recordedEvents()).extracting(CaseEvent::type)
			.endsWith("case.sla_breached", "case.escalated");
		assertThat(supportCase.escalationReason()).contains("acknowledgement");
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, T0.plus(Duration.ofHours(5)))).isFalse();
	}

	@Test
	void pausedTimeDoesNotCount() {
		SupportCase supportCase = inListen();
		supportCase.pauseSla("Waiting for photos", AGENT, T0.plus(Duration.ofMinutes(10)));
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, T0.plus(Duration.ofHours(3)))).isFalse();
		supportCase.resumeSla(AGENT, T0.plus(Duration.ofHours(2).plusMinutes(10)));
		assertThat(supportCase.elapsed(SlaClock.ACKNOWLEDGEMENT, T0.plus(Duration.ofHours(2).plusMinutes(30))))
			.isEqualTo(Duration.ofMinutes(30));
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, T0.plus(Duration.ofHours(2).plusMinutes(30)))).isFalse();
	}

	@Test
	void acknowledgingStopsTheClockAndEndsAPause() {
		SupportCase supportCase = inListen();
		supportCase.pauseSla("Waiting", AGENT, T0.plus(Duration.ofMinutes(5)));
		supportCase.acknowledge("I'm sorry, I understand.", AGENT, T0.plus(Duration.ofMinutes(25)));
		assertThat(supportCase.slaPausedAt()).isNull();
		assertThat(supportCase.runningClock()).isNull();
		assertThat(supportCase.elapsed(SlaClock.ACKNOWLEDGEMENT, T0.plus(Duration.ofDays(3))))
			.isEqualTo(Duration.ofMinutes(5));
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, T0.plus(Duration.ofDays(3)))).isFalse();
	}

	@Test
	void responseClockRunsFromTheAcceptedOfferToTheResponse() {
		SupportCase supportCase = withOpenOffer();
		Instant accepted = T0.plus(Duration.ofHours(2));
		supportCase.acceptOffer(anyOfferId(supportCase), AGENT, accepted);
		assertThat(supportCase.runningClock()).isEqualTo(SlaClock.RESPONSE);
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, accepted.plus(Duration.ofHours(25)))).isTrue();
		assertThat(supportCase.recordedEvents()).extracting(CaseEvent::type).contains("case.sla_breached");
	}

	@Test
	void aDueFollowUpIsAnnouncedOncePerAttempt() {
		SupportCase supportCase = inFollowUp();
		Instant due = supportCase.followUpDueAt();
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, due.minusSeconds(1))).isFalse();
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, due)).isTrue();
		assertThat(supportCase.recordedEvents()).extracting(CaseEvent::type).endsWith("case.follow_up_due");
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, due.plusSeconds(60))).isFalse();
		supportCase.recordFollowUp(new FollowUpOutcome(false, null, "voicemail"), POLICY, AGENT, due.plusSeconds(60));
		assertThat(supportCase.checkSla(TARGETS, SUPERVISOR, supportCase.followUpDueAt())).isTrue();
	}

	// ---- building cases in each state, through the aggregate only

	static SupportCase inListen() {
		return SupportCase.open(UUID.randomUUID(), TEAM, Channel.PHONE, "Broken kettle", Severity.MEDIUM, "It broke!",
				StatementAnalysis.none(), AGENT, T0);
	}

	static SupportCase pausedInListen() {
		SupportCase supportCase = inListen();
		supportCase.pauseSla("Waiting for the customer's photos", AGENT, T0);
		return supportCase;
	}

	static SupportCase escalatedInListen() {
		SupportCase supportCase = inListen();
		supportCase.escalate("Customer threatens to sue", AGENT, T0);
		return supportCase;
	}

	static SupportCase inGather() {
		SupportCase supportCase = inListen();
		supportCase.acknowledge("I understand, I am sorry.", AGENT, T0);
		return supportCase;
	}

	static SupportCase inGatherComplete() {
		SupportCase supportCase = inGather();
		supportCase.saveDetails(details(), AGENT, T0);
		return supportCase;
	}

	static SupportCase inOffer() {
		SupportCase supportCase = inGatherComplete();
		supportCase.confirmDetails(List.of(), AGENT, T0);
		return supportCase;
	}

	static SupportCase withOpenOffer() {
		SupportCase supportCase = inOffer();
		supportCase.makeOffer(refund("20"), false, AGENT, T0);
		return supportCase;
	}

	static SupportCase withOfferAwaitingApproval() {
		SupportCase supportCase = inOffer();
		supportCase.makeOffer(refund("900"), true, AGENT, T0);
		return supportCase;
	}

	static SupportCase inRespond() {
		SupportCase supportCase = withOpenOffer();
		supportCase.acceptOffer(anyOfferId(supportCase), AGENT, T0);
		return supportCase;
	}

	static SupportCase inFollowUp() {
		SupportCase supportCase = inRespond();
		supportCase.recordResponse(new ResponseRecord(ResponseAction.REFUND_ISSUED, "RF-1", null), POLICY, AGENT, T0);
		return supportCase;
	}

	static SupportCase closed() {
		SupportCase supportCase = inFollowUp();
		supportCase.recordFollowUp(new FollowUpOutcome(true, 5, null), POLICY, AGENT, T0);
		return supportCase;
	}

	static DetailsUpdate details() {
		return new DetailsUpdate(ProblemCategory.DEFECTIVE_PRODUCT, "Kettle KX-200", "ORD-1",
				LocalDate.parse("2026-10-02"), "Stopped heating", null);
	}

	static OfferProposal refund(String amount) {
		return new OfferProposal(OfferType.PARTIAL_REFUND, new BigDecimal(amount), "EUR", null);
	}

	static UUID anyOfferId(SupportCase supportCase) {
		return supportCase.offers().isEmpty() ? UUID.randomUUID() : supportCase.offers().get(0).id();
	}

}
