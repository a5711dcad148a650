package io.defuse.casework;

import io.defuse.shared.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.OptimisticLock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.domain.Persistable;

import io.defuse.deescalation.TensionLevel;
import io.defuse.shared.Actor;
import io.defuse.shared.Role;
import io.defuse.shared.UpdatedByHand;
import io.defuse.shared.web.ApiException;

/**
 * A complaint walked through listen → gather → offer → respond → follow-up. The case owns
 * its workflow: every change is an intent-named method that checks its guard (refusing
 * with a {@link WorkflowRefusal} that names what is missing), changes state, and records
 * a {@link CaseEvent}, which becomes a timeline entry and the event other modules react
 * to. There is no way to set the step directly.
 */
@Entity(name = "SupportCase")
@Table(name = "cases")
class SupportCase extends AbstractAggregateRoot<SupportCase> implements Persistable<UUID>, UpdatedByHand {

	/**
	 * Offers one case may collect, to keep a runaway client from growing it without
	 * bound.
	 */
	static final int MAX_OFFERS = 20;

	/** Statements kept in the tension trajectory shown on the case. */
	static final int TRAJECTORY = 100;

	@Id
	private UUID id;

	@Generated
	@Column(insertable = false, updatable = false)
	private Long number;

	@Column(name = "customer_id", nullable = false)
	private UUID customerId;

	@Column(name = "team_id", nullable = false)
	private UUID teamId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 10)
	private Channel channel;

	@Column(nullable = false, length = 200)
	private String subject;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 10)
	private Severity severity;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 10)
	private Step step;

	@Enumerated(EnumType.STRING)
	@Column(length = 25)
	private Outcome outcome;

	@Enumerated(EnumType.STRING)
	@Column(name = "closed_from", length = 10)
	private Step closedFrom;

	/** Null until first stored: see {@link #isNew()}. */
	@Version
	private Long version;

	@Column(length = 100)
	private String assignee;

	@Column(nullable = false)
	private boolean escalated;

	@Column(name = "escalation_reason", length = 500)
	private String escalationReason;

	@Column(name = "escalated_at")
	private Instant escalatedAt;

	@Column(name = "escalated_by", length = 100)
	private String escalatedBy;

	@Enumerated(EnumType.STRING)
	@Column(name = "escalation_kind", length = 30)
	private EscalationKind escalationKind;

	@Embedded
	private CaseDetails details = new CaseDetails();

	@Column(name = "customer_statements", nullable = false)
	private int customerStatements;

	@Column(name = "agent_statements", nullable = false)
	private int agentStatements;

	@Column(name = "acknowledged_at")
	private Instant acknowledgedAt;

	@Column(name = "details_confirmed_at")
	private Instant detailsConfirmedAt;

	@Column(name = "responded_at")
	private Instant respondedAt;

	@Column(name = "follow_up_due_at")
	private Instant followUpDueAt;

	@Column(name = "follow_up_attempts", nullable = false)
	private int followUpAttempts;

	@Column(name = "reopen_count", nullable = false)
	private int reopenCount;

	@Column(name = "rejected_offers", nullable = false)
	private int rejectedOffers;

	@Column(name = "event_seq", nullable = false)
	private int eventSeq;

	@Column(name = "response_started_at")
	private Instant responseStartedAt;

	@Column(name = "sla_paused_at")
	private Instant slaPausedAt;

	@Column(name = "sla_pause_reason", length = 500)
	private String slaPauseReason;

	@Column(name = "ack_paused_s", nullable = false)
	private long ackPausedSeconds;

	@Column(name = "response_paused_s", nullable = false)
	private long responsePausedSeconds;

	@Column(name = "ack_warned", nullable = false)
	private boolean ackWarned;

	@Column(name = "ack_breached", nullable = false)
	private boolean ackBreached;

	@Column(name = "response_warned", nullable = false)
	private boolean responseWarned;

	@Column(name = "response_breached", nullable = false)
	private boolean responseBreached;

	@Column(name = "follow_up_due_notified", nullable = false)
	private boolean followUpDueNotified;

	@Column(name = "tension_score")
	private Integer tensionScore;

	@Enumerated(EnumType.STRING)
	@Column(name = "tension_level", length = 10)
	private TensionLevel tensionLevel;

	@Column(name = "peak_score")
	private Integer peakScore;

	@Enumerated(EnumType.STRING)
	@Column(name = "peak_level", length = 10)
	private TensionLevel peakLevel;

	@Column(name = "threats", columnDefinition = "text[]")
	private String[] threats;

	/**
	 * Scores of the customer's statements, oldest first (the last {@link #TRAJECTORY} of
	 * them).
	 */
	@Column(name = "tension_scores", columnDefinition = "int[]")
	private int[] tensionScores;

	@Column(name = "tension_levels", columnDefinition = "text[]")
	private String[] tensionLevels;

	/**
	 * Earlier cases of the same customer about the same product or category; null when
	 * none.
	 */
	@Column(name = "repeat_of", columnDefinition = "uuid[]")
	private UUID[] repeatOf;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "closed_at")
	private Instant closedAt;

	/** When the case entered the step it is in. */
	@Column(name = "step_entered_at", nullable = false)
	private Instant stepEnteredAt;

	@Column(name = "created_by", nullable = false, length = 100)
	private String createdBy;

	// a change to these collections does not make Hibernate write the case's version:
	// CaseRows writes it with the case's row, after Hibernate has written the collections
	@OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
	@JoinColumn(name = "case_id", nullable = false, updatable = false)
	@OrderBy("createdAt, id")
	@OptimisticLock(excluded = true)
	private List<Offer> offers = new ArrayList<>();

	@OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
	@JoinColumn(name = "case_id", nullable = false, updatable = false)
	@OrderBy("createdAt, id")
	@OptimisticLock(excluded = true)
	private List<CaseResponse> responses = new ArrayList<>();

	@OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
	@JoinColumn(name = "case_id", nullable = false, updatable = false)
	@OrderBy("createdAt, id")
	@OptimisticLock(excluded = true)
	private List<FollowUp> followUps = new ArrayList<>();

	/**
	 * Statements recorded since the case was loaded: stored with it by {@link CaseRows}.
	 */
	@Transient
	private final List<Statement> newStatements = new ArrayList<>();

	/**
	 * The details were confirmed since the case was loaded and no offer made since: the
	 * offers are none without reading them.
	 */
	@Transient
	private boolean offersKnownNone;

	protected SupportCase() {
	}

	private SupportCase(UUID customerId, UUID teamId, Channel channel, String subject, Severity severity, Actor actor,
			Instant now) {
		this.id = UUID.randomUUID();
		this.customerId = customerId;
		this.teamId = teamId;
		this.channel = channel;
		this.subject = subject;
		this.severity = severity;
		this.step = Step.LISTEN;
		this.stepEnteredAt = now;
		this.createdAt = now;
		this.updatedAt = now;
		this.createdBy = actor.name();
	}

	/**
	 * A new case in LISTEN with the customer's first statement (among its new statements,
	 * stored with it).
	 */
	static SupportCase open(UUID customerId, UUID teamId, Channel channel, String subject, Severity severity,
			String firstStatement, StatementAnalysis analysis, Actor actor, Instant now) {
		SupportCase opened = new SupportCase(customerId, teamId, channel, subject, severity, actor, now);
		opened.record("case.created", actor, now, data("customerId", customerId, "teamId", teamId, "channel", channel,
				"subject", subject, "severity", severity));
		opened.addStatement(Speaker.CUSTOMER, firstStatement, analysis, actor, now);
		return opened;
	}

	// ---- any open step

	/**
	 * Records what the customer or the agent said, verbatim; stored with the case.
	 */
	Statement addStatement(Speaker speaker, String text, Actor actor, Instant now) {
		return addStatement(speaker, text, StatementAnalysis.none(), actor, now);
	}

	/**
	 * Records what the customer or the agent said, verbatim, with how it was read. A
	 * customer's tension moves the case's current and peak tension; a hostile statement
	 * or a legal threat escalates the case at once. The statement is stored with the
	 * case.
	 */
	Statement addStatement(Speaker speaker, String text, StatementAnalysis analysis, Actor actor, Instant now) {
		check(CaseAction.ADD_STATEMENT);
		if (speaker == Speaker.CUSTOMER) {
			this.customerStatements++;
		}
		else {
			this.agentStatements++;
		}
		Statement statement = new Statement(this.id, speaker, text, analysis, actor.name(), actor.role(), now);
		this.newStatements.add(statement);
		Tension tension = (speaker == Speaker.CUSTOMER) ? analysis.tension() : null;
		record("case.statement_added", actor, now, data("statementId", statement.id(), "from", speaker, "text", text,
				"language", analysis.language(), "tension", (tension != null) ? tensionData(tension) : null));
		if (tension != null) {
			feel(tension, actor, now);
		}
		return statement;
	}

	private void feel(Tension tension, Actor actor, Instant now) {
		this.tensionScore = tension.score();
		this.tensionLevel = tension.level();
		if (this.peakLevel == null || tension.level().compareTo(this.peakLevel) > 0
				|| (tension.level() == this.peakLevel && tension.score() > this.peakScore)) {
			this.peakLevel = tension.level();
			this.peakScore = tension.score();
		}
		java.util.Set<String> seen = new java.util.TreeSet<>(threats());
		tension.threats().forEach((threat) -> seen.add(threat.name()));
		this.threats = seen.isEmpty() ? null : seen.toArray(String[]::new);
		this.tensionScores = appended(this.tensionScores, tension.score());
		this.tensionLevels = appended(this.tensionLevels, tension.level().name());
		String reason = tension.escalationReason();
		if (reason != null && !this.escalated && this.step != Step.CLOSED) {
			markEscalated((tension.level() == TensionLevel.HOSTILE) ? EscalationKind.HOSTILE_STATEMENT
					: EscalationKind.LEGAL_THREAT, reason, actor, now);
		}
	}

	private static int[] appended(int[] values, int value) {
		int[] source = (values != null) ? values : new int[0];
		int keep = Math.min(source.length, TRAJECTORY - 1);
		int[] result = java.util.Arrays.copyOfRange(source, source.length - keep, source.length + 1);
		result[keep] = value;
		return result;
	}

	private static String[] appended(String[] values, String value) {
		String[] source = (values != null) ? values : new String[0];
		int keep = Math.min(source.length, TRAJECTORY - 1);
		String[] result = java.util.Arrays.copyOfRange(source, source.length - keep, source.length + 1);
		result[keep] = value;
		return result;
	}

	private static Map<String, Object> tensionData(Tension tension) {
		return data("score", tension.score(), "level", tension.level(), "threats", tension.threats());
	}

	/**
	 * Escalates the case when its risk reaches the threshold (and it is open and not
	 * escalated yet). Checked after every change.
	 * @return whether it escalated
	 */
	boolean escalateIfRisky(int threshold, Actor actor, Instant now) {
		if (this.escalated || this.step == Step.CLOSED) {
			return false;
		}
		EscalationRisk risk = EscalationRisk.of(this);
		if (risk.score() < threshold) {
			return false;
		}
		markEscalated(EscalationKind.HIGH_RISK, risk.explanation(), actor, now);
		return true;
	}

	/**
	 * Whether the case calmed down: its peak reached ANGRY or worse and the customer's
	 * latest statement is two levels below it, or the case closed with the customer
	 * satisfied.
	 */
	boolean deescalated() {
		if (this.outcome == Outcome.RESOLVED) {
			return true;
		}
		return this.peakLevel != null && this.peakLevel.compareTo(TensionLevel.ANGRY) >= 0
				&& this.tensionLevel.ordinal() <= this.peakLevel.ordinal() - 2;
	}

	void addNote(String text, Actor actor, Instant now) {
		check(CaseAction.ADD_NOTE);
		record("case.note_added", actor, now, data("text", text));
	}

	void assign(String assignee, Actor actor, Instant now) {
		check(CaseAction.ASSIGN);
		if (Objects.equals(this.assignee, assignee)) {
			return;
		}
		String before = this.assignee;
		this.assignee = assignee;
		record("case.assigned", actor, now, data("from", before, "to", assignee));
	}

	/** Hands the case to another team; the caller checks the team exists. */
	void moveToTeam(UUID team, Actor actor, Instant now) {
		check(CaseAction.ASSIGN);
		if (this.teamId.equals(team)) {
			return;
		}
		UUID before = this.teamId;
		this.teamId = team;
		record("case.team_changed", actor, now, data("from", before, "to", team));
	}

	void escalate(String reason, Actor actor, Instant now) {
		check(CaseAction.ESCALATE);
		markEscalated(EscalationKind.MANUAL, reason, actor, now);
	}

	/**
	 * Closes the case as WITHDRAWN or UNRESOLVED; offers still on the table are
	 * withdrawn.
	 */
	void close(Closure closure, Actor actor, Instant now) {
		check(CaseAction.CLOSE);
		offerList().stream().filter(Offer::isPending).forEach((offer) -> offer.withdraw(now));
		finish(closure.outcome(), closure.reason(), actor, now);
	}

	// ---- LISTEN

	/** The agent's acknowledgement: understanding and an apology. LISTEN → GATHER. */
	Statement acknowledge(String message, Actor actor, Instant now) {
		return acknowledge(message, StatementAnalysis.none(), actor, now);
	}

	Statement acknowledge(String message, StatementAnalysis analysis, Actor actor, Instant now) {
		check(CaseAction.ACKNOWLEDGE);
		Statement statement = addStatement(Speaker.AGENT, message, analysis, actor, now);
		this.acknowledgedAt = now;
		record("case.acknowledged", actor, now, data("message", message));
		moveTo(Step.GATHER, actor, now);
		return statement;
	}

	// ---- GATHER

	/** A partial save of the details; only the given fields change. */
	void saveDetails(DetailsUpdate update, Actor actor, Instant now) {
		check(CaseAction.SAVE_DETAILS);
		if (update.isEmpty()) {
			throw io.defuse.shared.web.InvalidInput.of("(body)", "give at least one detail");
		}
		details().apply(update);
		record("case.details_saved", actor, now, detailsData());
	}

	/**
	 * The details are complete for the category. GATHER → OFFER. Earlier cases of the
	 * customer about the same product or category make this a repeat complaint, linked to
	 * them.
	 */
	void confirmDetails(List<UUID> earlierCases, Actor actor, Instant now) {
		check(CaseAction.CONFIRM_DETAILS);
		this.detailsConfirmedAt = now;
		this.offersKnownNone = true;
		record("case.details_confirmed", actor, now, detailsData());
		if (!earlierCases.isEmpty()) {
			this.repeatOf = earlierCases.toArray(UUID[]::new);
			record("case.repeat_detected", actor, now, data("earlierCases", earlierCases));
		}
		moveTo(Step.OFFER, actor, now);
	}

	// ---- OFFER

	Offer makeOffer(OfferProposal proposal, boolean requiresApproval, Actor actor, Instant now) {
		check(CaseAction.MAKE_OFFER);
		Offer offer = new Offer(proposal, requiresApproval, actor.name(), now);
		this.offersKnownNone = false;
		this.offers.add(offer);
		record("case.offer_made", actor, now, offerData(offer));
		return offer;
	}

	void approveOffer(UUID offerId, Actor actor, Instant now) {
		check(CaseAction.APPROVE_OFFER);
		Offer offer = offer(offerId);
		requireOffer(CaseAction.APPROVE_OFFER, offer, (o) -> o.status() == OfferStatus.PENDING_APPROVAL,
				"an offer waiting for approval (this one is " + offer.status() + ")");
		offer.approve(actor.name(), now);
		record("case.offer_approved", actor, now, offerData(offer));
	}

	/**
	 * The customer accepts an open offer; other offers are withdrawn. OFFER → RESPOND.
	 */
	void acceptOffer(UUID offerId, Actor actor, Instant now) {
		check(CaseAction.ACCEPT_OFFER);
		Offer offer = offer(offerId);
		requireOffer(CaseAction.ACCEPT_OFFER, offer, (o) -> o.status() == OfferStatus.OPEN,
				(offer.status() == OfferStatus.PENDING_APPROVAL) ? "a supervisor's approval of this offer first"
						: "an open offer (this one is " + offer.status() + ")");
		offer.accept(now);
		offerList().stream().filter((o) -> o != offer && o.isPending()).forEach((o) -> o.withdraw(now));
		record("case.offer_accepted", actor, now, offerData(offer));
		this.responseStartedAt = now;
		this.responseWarned = false;
		this.responseBreached = false;
		this.responsePausedSeconds = 0;
		moveTo(Step.RESPOND, actor, now);
	}

	/**
	 * The customer declines, or a supervisor refuses to approve. The case stays in OFFER.
	 */
	void rejectOffer(UUID offerId, String reason, Actor actor, Instant now) {
		check(CaseAction.REJECT_OFFER);
		Offer offer = offer(offerId);
		requireOffer(CaseAction.REJECT_OFFER, offer, Offer::isPending,
				"an offer that is still open (this one is " + offer.status() + ")");
		offer.reject(reason, now);
		this.rejectedOffers++;
		Map<String, Object> data = offerData(offer);
		data.put("reason", reason);
		record("case.offer_rejected", actor, now, data);
	}

	// ---- RESPOND

	/** What was done; the follow-up is scheduled by policy. RESPOND → FOLLOW_UP. */
	void recordResponse(ResponseRecord response, FollowUpPolicy policy, Actor actor, Instant now) {
		check(CaseAction.RECORD_RESPONSE);
		this.responses.add(new CaseResponse(response, actor.name(), now));
		this.respondedAt = now;
		this.followUpAttempts = 0;
		this.followUpDueAt = now.plus(policy.delay());
		this.followUpDueNotified = false;
		record("case.response_recorded", actor, now, data("action", response.action(), "reference",
				response.reference(), "note", response.note(), "followUpDueAt", this.followUpDueAt));
		moveTo(Step.FOLLOW_UP, actor, now);
	}

	// ---- FOLLOW_UP

	/**
	 * Satisfied: CLOSED as RESOLVED. Reached but not satisfied: back to OFFER, escalated
	 * (the loop closes with a better offer). Not reached: another attempt later, or after
	 * the last attempt CLOSED as RESOLVED_UNCONFIRMED.
	 */
	void recordFollowUp(FollowUpOutcome outcome, FollowUpPolicy policy, Actor actor, Instant now) {
		check(CaseAction.RECORD_FOLLOW_UP);
		this.followUpAttempts++;
		this.followUps.add(new FollowUp(this.followUpAttempts, outcome, this.followUpDueAt, acceptedRemedy(),
				details().category(), actor.name(), now));
		record("case.follow_up_recorded", actor, now, data("attempt", this.followUpAttempts, "reached",
				outcome.reached(), "satisfaction", outcome.satisfaction(), "comment", outcome.comment()));
		if (outcome.satisfied()) {
			this.followUpDueAt = null;
			finish(Outcome.RESOLVED, "customer satisfied (" + outcome.satisfaction() + "/5)", actor, now);
		}
		else if (outcome.reached()) {
			this.followUpDueAt = null;
			moveTo(Step.OFFER, actor, now);
			markEscalated(EscalationKind.NOT_SATISFIED_AT_FOLLOW_UP,
					"customer not satisfied at follow-up (" + outcome.satisfaction() + "/5)", actor, now);
		}
		else if (this.followUpAttempts >= policy.maxAttempts()) {
			this.followUpDueAt = null;
			finish(Outcome.RESOLVED_UNCONFIRMED, "customer not reached after " + this.followUpAttempts + " attempts",
					actor, now);
		}
		else {
			this.followUpDueAt = now.plus(policy.retryDelay());
			this.followUpDueNotified = false;
			record("case.follow_up_scheduled", actor, now,
					data("attempt", this.followUpAttempts + 1, "dueAt", this.followUpDueAt));
		}
	}

	// ---- CLOSED

	/**
	 * Back into OFFER when the details were confirmed (the usual case: the remedy did not
	 * hold), else back into the step it was closed from.
	 */
	void reopen(String reason, Actor actor, Instant now) {
		check(CaseAction.REOPEN);
		Outcome before = this.outcome;
		this.outcome = null;
		this.closedAt = null;
		this.reopenCount++;
		record("case.reopened", actor, now, data("reason", reason, "previousOutcome", before));
		moveTo(confirmedDetails() ? Step.OFFER : this.closedFrom, actor, now);
		this.closedFrom = null;
	}

	// ---- SLA clocks

	/** Stops the running clock while the case waits on the customer. */
	void pauseSla(String reason, Actor actor, Instant now) {
		check(CaseAction.PAUSE_SLA);
		this.slaPausedAt = now;
		this.slaPauseReason = reason;
		record("case.sla_paused", actor, now, data("clock", runningClock(), "reason", reason));
	}

	void resumeSla(Actor actor, Instant now) {
		check(CaseAction.RESUME_SLA);
		SlaClock clock = runningClock();
		long paused = endPause(now);
		record("case.sla_resumed", actor, now, data("clock", clock, "pausedSeconds", paused));
	}

	/**
	 * Measures the running clock against the policy and records a warning and a breach
	 * once each; a breach escalates the case. Also announces a follow-up that has fallen
	 * due, once per attempt.
	 * @return whether anything was recorded
	 */
	boolean checkSla(SlaTargets targets, Actor system, Instant now) {
		int before = this.eventSeq;
		SlaClock clock = runningClock();
		if (clock != null && this.slaPausedAt == null) {
			Duration target = targets.target(clock);
			Duration elapsed = elapsed(clock, now);
			boolean warned = (clock == SlaClock.ACKNOWLEDGEMENT) ? this.ackWarned : this.responseWarned;
			boolean breached = (clock == SlaClock.ACKNOWLEDGEMENT) ? this.ackBreached : this.responseBreached;
			if (!warned && elapsed.compareTo(targets.warnAfter(clock)) >= 0) {
				markClock(clock, true, breached);
				record("case.sla_warning", system, now,
						data("clock", clock, "target", target, "elapsed", elapsed, "dueAt", dueAt(clock, target, now)));
			}
			if (!breached && elapsed.compareTo(target) >= 0) {
				markClock(clock, true, true);
				record("case.sla_breached", system, now, data("clock", clock, "target", target, "elapsed", elapsed));
				if (!this.escalated) {
					markEscalated(
							EscalationKind.SLA_BREACHED, "SLA breached: "
									+ clock.name().toLowerCase(java.util.Locale.ROOT) + " not within " + target,
							system, now);
				}
			}
		}
		if (this.step == Step.FOLLOW_UP && !this.followUpDueNotified && this.followUpDueAt != null
				&& !this.followUpDueAt.isAfter(now)) {
			this.followUpDueNotified = true;
			record("case.follow_up_due", system, now,
					data("attempt", this.followUpAttempts + 1, "dueAt", this.followUpDueAt));
		}
		return this.eventSeq != before;
	}

	/** The clock running now, if any. */
	SlaClock runningClock() {
		if (this.step == Step.LISTEN && this.acknowledgedAt == null) {
			return SlaClock.ACKNOWLEDGEMENT;
		}
		if (this.step == Step.RESPOND && this.responseStartedAt != null) {
			return SlaClock.RESPONSE;
		}
		return null;
	}

	Instant clockStartedAt(SlaClock clock) {
		return (clock == SlaClock.ACKNOWLEDGEMENT) ? this.createdAt : this.responseStartedAt;
	}

	Instant clockStoppedAt(SlaClock clock) {
		if (clock == SlaClock.ACKNOWLEDGEMENT) {
			return this.acknowledgedAt;
		}
		return (this.responseStartedAt != null && this.step != Step.RESPOND) ? this.respondedAt : null;
	}

	/**
	 * Time counted on the clock: from its start to its stop (or now), less paused time.
	 */
	Duration elapsed(SlaClock clock, Instant now) {
		Instant start = clockStartedAt(clock);
		if (start == null) {
			return Duration.ZERO;
		}
		Instant stop = (clockStoppedAt(clock) != null) ? clockStoppedAt(clock) : now;
		Duration elapsed = Duration.between(start, stop).minus(pausedOn(clock, now));
		return elapsed.isNegative() ? Duration.ZERO : elapsed;
	}

	Duration pausedOn(SlaClock clock, Instant now) {
		long seconds = (clock == SlaClock.ACKNOWLEDGEMENT) ? this.ackPausedSeconds : this.responsePausedSeconds;
		Duration paused = Duration.ofSeconds(seconds);
		if (this.slaPausedAt != null && runningClock() == clock) {
			paused = paused.plus(Duration.between(this.slaPausedAt, now));
		}
		return paused;
	}

	private Instant dueAt(SlaClock clock, Duration target, Instant now) {
		return now.plus(target.minus(elapsed(clock, now)));
	}

	private void markClock(SlaClock clock, boolean warned, boolean breached) {
		if (clock == SlaClock.ACKNOWLEDGEMENT) {
			this.ackWarned = warned;
			this.ackBreached = breached;
		}
		else {
			this.responseWarned = warned;
			this.responseBreached = breached;
		}
	}

	/**
	 * Ends a pause, counting it against the clock that was running; returns the paused
	 * seconds.
	 */
	private long endPause(Instant now) {
		if (this.slaPausedAt == null) {
			return 0;
		}
		long seconds = Duration.between(this.slaPausedAt, now).toSeconds();
		if (runningClock() == SlaClock.RESPONSE) {
			this.responsePausedSeconds += seconds;
		}
		else {
			this.ackPausedSeconds += seconds;
		}
		this.slaPausedAt = null;
		this.slaPauseReason = null;
		return seconds;
	}

	// ---- guards

	/**
	 * The actions that are legal now and that the role may perform, in workflow order.
	 */
	List<CaseAction> nextActions(Role role) {
		return Arrays.stream(CaseAction.values())
			.filter((action) -> action.permittedFor(role) && missingFor(action).isEmpty())
			.toList();
	}

	/** What stands between the case and the action; empty when it is legal now. */
	List<String> missingFor(CaseAction action) {
		List<String> missing = new ArrayList<>();
		switch (action) {
			case ADD_STATEMENT, ADD_NOTE, ASSIGN, CLOSE -> requireOpen(missing);
			case ESCALATE -> {
				requireOpen(missing);
				if (this.escalated) {
					missing.add("a case that is not escalated already (escalated: " + this.escalationReason + ")");
				}
			}
			case ACKNOWLEDGE -> {
				requireStep(Step.LISTEN, missing);
				if (this.customerStatements == 0) {
					missing.add("at least one customer statement");
				}
			}
			case SAVE_DETAILS -> requireStep(Step.GATHER, missing);
			case CONFIRM_DETAILS -> {
				requireStep(Step.GATHER, missing);
				if (missing.isEmpty()) {
					ProblemCategory.missingDetails(details()).forEach((field) -> missing.add("detail " + field));
				}
			}
			case MAKE_OFFER -> {
				requireStep(Step.OFFER, missing);
				if (offerList().size() >= MAX_OFFERS) {
					missing.add("fewer than " + MAX_OFFERS + " offers on the case");
				}
			}
			case APPROVE_OFFER -> requireOfferIn(missing, (o) -> o.status() == OfferStatus.PENDING_APPROVAL,
					"an offer waiting for approval");
			case ACCEPT_OFFER -> requireOfferIn(missing, (o) -> o.status() == OfferStatus.OPEN,
					offerList().stream().anyMatch((o) -> o.status() == OfferStatus.PENDING_APPROVAL)
							? "a supervisor's approval of the offer first" : "an open offer");
			case REJECT_OFFER -> requireOfferIn(missing, Offer::isPending, "an open offer");
			case RECORD_RESPONSE -> requireStep(Step.RESPOND, missing);
			case RECORD_FOLLOW_UP -> requireStep(Step.FOLLOW_UP, missing);
			case REOPEN -> requireStep(Step.CLOSED, missing);
			case PAUSE_SLA -> {
				if (runningClock() == null) {
					missing.add("a running SLA clock (acknowledgement in LISTEN, response in RESPOND)");
				}
				else if (this.slaPausedAt != null) {
					missing.add("a clock that is not paused already");
				}
			}
			case RESUME_SLA -> {
				if (this.slaPausedAt == null) {
					missing.add("a paused SLA clock");
				}
			}
		}
		return missing;
	}

	private void check(CaseAction action) {
		List<String> missing = missingFor(action);
		if (!missing.isEmpty()) {
			throw new WorkflowRefusal(this.step, action, missing);
		}
	}

	private void requireOpen(List<String> missing) {
		if (this.step == Step.CLOSED) {
			missing.add("an open case (this one is closed: " + this.outcome + ")");
		}
	}

	private void requireStep(Step wanted, List<String> missing) {
		if (this.step != wanted) {
			missing.add("step " + wanted + " (the case is in " + this.step + ")");
		}
	}

	private void requireOfferIn(List<String> missing, Predicate<Offer> which, String what) {
		requireStep(Step.OFFER, missing);
		if (missing.isEmpty() && offerList().stream().noneMatch(which)) {
			missing.add(what);
		}
	}

	private void requireOffer(CaseAction action, Offer offer, Predicate<Offer> condition, String what) {
		if (!condition.test(offer)) {
			throw new WorkflowRefusal(this.step, action, List.of(what));
		}
	}

	private Offer offer(UUID offerId) {
		return offerList().stream()
			.filter((offer) -> offer.id().equals(offerId))
			.findFirst()
			.orElseThrow(() -> ApiException.notFound("Offer", offerId));
	}

	// ---- state changes and events

	private void moveTo(Step to, Actor actor, Instant now) {
		// leaving the step stops its clock; a pause on it ends with it
		endPause(now);
		Step from = this.step;
		Instant entered = this.stepEnteredAt;
		// the step history is only ever appended to: registered like an event and stored
		// with the timeline, so that moving on never loads the stays before it
		registerEvent(new StepStay(this.id, from, entered, now));
		this.step = to;
		this.stepEnteredAt = now;
		record("case.step_changed", actor, now, data("from", from, "to", to, "enteredAt", entered));
	}

	/** The remedy the customer accepted last, which a follow-up's rating is about. */
	private OfferType acceptedRemedy() {
		return offerList().stream()
			.filter((offer) -> offer.status() == OfferStatus.ACCEPTED)
			.max(java.util.Comparator.comparing(Offer::decidedAt))
			.map(Offer::type)
			.orElse(null);
	}

	private void markEscalated(EscalationKind kind, String reason, Actor actor, Instant now) {
		this.escalated = true;
		this.escalationKind = kind;
		this.escalationReason = reason;
		this.escalatedAt = now;
		this.escalatedBy = actor.name();
		record("case.escalated", actor, now, data("kind", kind, "reason", reason));
	}

	private void finish(Outcome outcome, String reason, Actor actor, Instant now) {
		this.closedFrom = this.step;
		this.outcome = outcome;
		this.closedAt = now;
		moveTo(Step.CLOSED, actor, now);
		record("case.closed", actor, now, data("outcome", outcome, "reason", reason));
	}

	private void record(String type, Actor actor, Instant now, Map<String, Object> data) {
		this.eventSeq++;
		this.updatedAt = now;
		registerEvent(new CaseEvent(this.id, this.eventSeq, type, now, actor.name(), actor.role(), this.step, data,
				new CaseEvent.Snapshot(this.id, this.customerId, this.subject, this.channel, this.severity, this.step,
						this.outcome, this.assignee, this.escalated)));
	}

	private Map<String, Object> detailsData() {
		return data("category", details().category(), "product", details().product(), "orderRef", details().orderRef(),
				"purchaseDate", details().purchaseDate(), "description", details().description(), "attachments",
				details().attachments());
	}

	private static Map<String, Object> offerData(Offer offer) {
		return data("offerId", offer.id(), "type", offer.type(), "amount", offer.amount(), "currency", offer.currency(),
				"description", offer.description(), "status", offer.status());
	}

	/** An ordered map of the pairs given, leaving out null values. */
	private static Map<String, Object> data(Object... pairs) {
		Map<String, Object> data = new LinkedHashMap<>();
		for (int i = 0; i + 1 < pairs.length; i += 2) {
			if (pairs[i + 1] != null) {
				data.put((String) pairs[i], pairs[i + 1]);
			}
		}
		return data;
	}

	// ---- read access for views

	UUID id() {
		return this.id;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	/**
	 * New until first stored, when the version is set: Spring Data persists a new case
	 * and merges a loaded one. Said here, because otherwise it reads the version through
	 * a bean getter this class does not have, and builds (and drops) an exception on
	 * every save to fall back to the field.
	 */
	@Override
	public boolean isNew() {
		return this.version == null;
	}

	Long number() {
		return this.number;
	}

	UUID customerId() {
		return this.customerId;
	}

	UUID teamId() {
		return this.teamId;
	}

	Channel channel() {
		return this.channel;
	}

	String subject() {
		return this.subject;
	}

	Severity severity() {
		return this.severity;
	}

	Step step() {
		return this.step;
	}

	Outcome outcome() {
		return this.outcome;
	}

	long version() {
		return (this.version != null) ? this.version : 0;
	}

	String assignee() {
		return this.assignee;
	}

	boolean escalated() {
		return this.escalated;
	}

	String escalationReason() {
		return this.escalationReason;
	}

	Instant escalatedAt() {
		return this.escalatedAt;
	}

	String escalatedBy() {
		return this.escalatedBy;
	}

	EscalationKind escalationKind() {
		return this.escalationKind;
	}

	Instant stepEnteredAt() {
		return this.stepEnteredAt;
	}

	/**
	 * Hibernate loads details whose columns are all null as null; a case always has
	 * details.
	 */
	CaseDetails details() {
		if (this.details == null) {
			this.details = new CaseDetails();
		}
		return this.details;
	}

	int customerStatements() {
		return this.customerStatements;
	}

	int agentStatements() {
		return this.agentStatements;
	}

	Instant acknowledgedAt() {
		return this.acknowledgedAt;
	}

	Instant detailsConfirmedAt() {
		return this.detailsConfirmedAt;
	}

	Instant respondedAt() {
		return this.respondedAt;
	}

	Instant followUpDueAt() {
		return this.followUpDueAt;
	}

	int followUpAttempts() {
		return this.followUpAttempts;
	}

	int reopenCount() {
		return this.reopenCount;
	}

	int rejectedOffers() {
		return this.rejectedOffers;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	Instant closedAt() {
		return this.closedAt;
	}

	String createdBy() {
		return this.createdBy;
	}

	Integer tensionScore() {
		return this.tensionScore;
	}

	TensionLevel tensionLevel() {
		return this.tensionLevel;
	}

	Integer peakScore() {
		return this.peakScore;
	}

	TensionLevel peakLevel() {
		return this.peakLevel;
	}

	List<String> threats() {
		return (this.threats != null) ? List.of(this.threats) : List.of();
	}

	List<Integer> tensionScores() {
		return (this.tensionScores != null) ? java.util.Arrays.stream(this.tensionScores).boxed().toList() : List.of();
	}

	List<String> tensionLevels() {
		return (this.tensionLevels != null) ? List.of(this.tensionLevels) : List.of();
	}

	List<UUID> repeatOf() {
		return (this.repeatOf != null) ? List.of(this.repeatOf) : List.of();
	}

	Instant slaPausedAt() {
		return this.slaPausedAt;
	}

	String slaPauseReason() {
		return this.slaPauseReason;
	}

	boolean breached(SlaClock clock) {
		return (clock == SlaClock.ACKNOWLEDGEMENT) ? this.ackBreached : this.responseBreached;
	}

	boolean warned(SlaClock clock) {
		return (clock == SlaClock.ACKNOWLEDGEMENT) ? this.ackWarned : this.responseWarned;
	}

	List<Offer> offers() {
		return List.copyOf(offerList());
	}

	List<CaseResponse> responses() {
		return List.copyOf(onceResponded(this.responses));
	}

	List<FollowUp> followUps() {
		return List.copyOf(onceResponded(this.followUps));
	}

	/**
	 * Offers are made in OFFER only, which a case enters with its details confirmed:
	 * until then the offers are none, and a case in LISTEN or GATHER is answered without
	 * reading them, as is the confirmation itself.
	 */
	private List<Offer> offerList() {
		return (confirmedDetails() && !this.offersKnownNone) ? this.offers : List.of();
	}

	/**
	 * A response is recorded with the time of it ({@code respondedAt}, never cleared),
	 * and follow-ups come after a response: until then both are none, and a case in OFFER
	 * or RESPOND is answered without reading them.
	 */
	private <T> List<T> onceResponded(List<T> items) {
		return (this.respondedAt != null) ? items : List.of();
	}

	private boolean confirmedDetails() {
		return this.detailsConfirmedAt != null;
	}

	/**
	 * The case's own row as {@link CaseRows} writes it: every column it maps but the id,
	 * the number and the version, with its value as the case holds it. Listed here,
	 * beside the fields, so that a field added to the case is added to its row in the
	 * same place ({@code CaseRowsTests} compares the list with Hibernate's mapping).
	 */
	void forEachColumn(BiConsumer<String, Object> column) {
		column.accept("customer_id", this.customerId);
		column.accept("team_id", this.teamId);
		column.accept("channel", this.channel);
		column.accept("subject", this.subject);
		column.accept("severity", this.severity);
		column.accept("step", this.step);
		column.accept("outcome", this.outcome);
		column.accept("closed_from", this.closedFrom);
		column.accept("assignee", this.assignee);
		column.accept("escalated", this.escalated);
		column.accept("escalation_reason", this.escalationReason);
		column.accept("escalated_at", this.escalatedAt);
		column.accept("escalated_by", this.escalatedBy);
		column.accept("escalation_kind", this.escalationKind);
		column.accept("customer_statements", this.customerStatements);
		column.accept("agent_statements", this.agentStatements);
		column.accept("acknowledged_at", this.acknowledgedAt);
		column.accept("details_confirmed_at", this.detailsConfirmedAt);
		column.accept("responded_at", this.respondedAt);
		column.accept("follow_up_due_at", this.followUpDueAt);
		column.accept("follow_up_attempts", this.followUpAttempts);
		column.accept("reopen_count", this.reopenCount);
		column.accept("rejected_offers", this.rejectedOffers);
		column.accept("event_seq", this.eventSeq);
		column.accept("response_started_at", this.responseStartedAt);
		column.accept("sla_paused_at", this.slaPausedAt);
		column.accept("sla_pause_reason", this.slaPauseReason);
		column.accept("ack_paused_s", this.ackPausedSeconds);
		column.accept("response_paused_s", this.responsePausedSeconds);
		column.accept("ack_warned", this.ackWarned);
		column.accept("ack_breached", this.ackBreached);
		column.accept("response_warned", this.responseWarned);
		column.accept("response_breached", this.responseBreached);
		column.accept("follow_up_due_notified", this.followUpDueNotified);
		column.accept("tension_score", this.tensionScore);
		column.accept("tension_level", this.tensionLevel);
		column.accept("peak_score", this.peakScore);
		column.accept("peak_level", this.peakLevel);
		column.accept("threats", this.threats);
		column.accept("tension_scores", this.tensionScores);
		column.accept("tension_levels", this.tensionLevels);
		column.accept("repeat_of", this.repeatOf);
		column.accept("created_at", this.createdAt);
		column.accept("updated_at", this.updatedAt);
		column.accept("closed_at", this.closedAt);
		column.accept("step_entered_at", this.stepEnteredAt);
		column.accept("created_by", this.createdBy);
		details().forEachColumn(column);
	}

	/** Statements recorded since the case was loaded or last stored, oldest first. */
	List<Statement> newStatements() {
		return Collections.unmodifiableList(this.newStatements);
	}

	/**
	 * Its row has been written with the given version, with its new statements (by
	 * {@link CaseRows}).
	 */
	void stored(long version) {
		this.version = version;
		this.newStatements.clear();
	}

	/** Its row has been inserted, numbered by the database (by {@link CaseRows}). */
	void inserted(long number, long version) {
		this.number = number;
		stored(version);
	}

	/**
	 * Publishes the events registered since the case was loaded or last stored, and
	 * forgets them: what Spring Data does on a save, which {@link CaseRows} writes
	 * instead.
	 */
	void publishEvents(ApplicationEventPublisher publisher) {
		domainEvents().forEach(publisher::publishEvent);
		clearDomainEvents();
	}

	/**
	 * Events recorded since the case was loaded or last stored: their timeline rows are
	 * written with the case's row; published and cleared when the case is stored
	 * ({@link CaseRows#insert} when opened, {@link CaseRows#store} after a change).
	 */
	List<CaseEvent> recordedEvents() {
		return domainEvents().stream().filter(CaseEvent.class::isInstance).map(CaseEvent.class::cast).toList();
	}

	/**
	 * Step stays recorded since the case was loaded or last stored; stored like events.
	 */
	List<StepStay> recordedStays() {
		return domainEvents().stream().filter(StepStay.class::isInstance).map(StepStay.class::cast).toList();
	}

}
