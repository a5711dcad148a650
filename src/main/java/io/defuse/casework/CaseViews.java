package io.defuse.casework;

import io.defuse.shared.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.defuse.deescalation.TensionLevel;
import io.defuse.shared.Language;

import io.defuse.customer.CustomerSummary;
import io.defuse.shared.Role;

/**
 * What clients see of cases. Built from the aggregate; entities never leave this module.
 */
public final class CaseViews {

	private CaseViews() {
	}

	/**
	 * A case in full.
	 *
	 * @param nextActions the actions legal now for the caller's role, computed by the
	 * case
	 */
	public record CaseView(UUID id, long number, String subject, Channel channel, Severity severity, Step step,
			Outcome outcome, long version, CustomerSummary customer, UUID teamId, String assignee,
			EscalationView escalation, DetailsView details, List<OfferView> offers, List<ResponseView> responses,
			List<FollowUpView> followUps, FollowUpScheduleView followUp, ConversationView conversation,
			TensionView tension, EscalationRisk risk, SlaView sla, List<UUID> repeatOf, int reopenCount,
			Instant createdAt, String createdBy, Instant updatedAt, Instant closedAt, List<CaseAction> nextActions) {

		static CaseView of(SupportCase c, CustomerSummary customer, Role role, SlaTargets targets, Instant now) {
			CaseDetails d = c.details();
			return new CaseView(c.id(), c.number(), c.subject(), c.channel(), c.severity(), c.step(), c.outcome(),
					c.version(), customer, c.teamId(), c.assignee(),
					new EscalationView(c.escalated(), c.escalationReason(), c.escalatedAt(), c.escalatedBy()),
					new DetailsView(d.category(), d.product(), d.orderRef(), d.purchaseDate(), d.description(),
							d.attachments(), c.detailsConfirmedAt(),
							(c.detailsConfirmedAt() == null) ? ProblemCategory.missingDetails(d) : List.of()),
					c.offers().stream().map(OfferView::of).toList(),
					c.responses().stream().map(ResponseView::of).toList(),
					c.followUps().stream().map(FollowUpView::of).toList(),
					new FollowUpScheduleView(c.followUpDueAt(), c.followUpAttempts()),
					new ConversationView(c.customerStatements(), c.agentStatements(), c.acknowledgedAt()),
					TensionView.of(c), EscalationRisk.of(c), SlaView.of(c, targets, now), c.repeatOf(), c.reopenCount(),
					c.createdAt(), c.createdBy(), c.updatedAt(), c.closedAt(), c.nextActions(role));
		}

	}

	/** A case in a list: enough to triage without opening it. */
	public record CaseSummary(UUID id, long number, String subject, Channel channel, Severity severity, Step step,
			Outcome outcome, CustomerSummary customer, UUID teamId, String assignee, boolean escalated,
			Instant createdAt, Instant updatedAt, long version) {

		static CaseSummary of(SupportCase c, CustomerSummary customer) {
			return new CaseSummary(c.id(), c.number(), c.subject(), c.channel(), c.severity(), c.step(), c.outcome(),
					customer, c.teamId(), c.assignee(), c.escalated(), c.createdAt(), c.updatedAt(), c.version());
		}

	}

	public record EscalationView(boolean escalated, String reason, Instant at, String by) {
	}

	/**
	 * @param missing details still needed before the case can leave GATHER
	 */
	public record DetailsView(ProblemCategory category, String product, String orderRef, LocalDate purchaseDate,
			String description, List<String> attachments, Instant confirmedAt, List<String> missing) {
	}

	public record OfferView(UUID id, OfferType type, BigDecimal amount, String currency, String description,
			OfferStatus status, boolean requiresApproval, String approvedBy, Instant approvedAt, Instant decidedAt,
			String rejectionReason, Instant createdAt, String createdBy) {

		static OfferView of(Offer o) {
			return new OfferView(o.id(), o.type(), o.amount(), o.currency(), o.description(), o.status(),
					o.requiresApproval(), o.approvedBy(), o.approvedAt(), o.decidedAt(), o.rejectionReason(),
					o.createdAt(), o.createdBy());
		}

	}

	public record ResponseView(UUID id, ResponseAction action, String reference, String note, Instant createdAt,
			String createdBy) {

		static ResponseView of(CaseResponse r) {
			return new ResponseView(r.id(), r.action(), r.reference(), r.note(), r.createdAt(), r.createdBy());
		}

	}

	public record FollowUpView(UUID id, int attempt, boolean reached, Integer satisfaction, String comment,
			Instant createdAt, String createdBy) {

		static FollowUpView of(FollowUp f) {
			return new FollowUpView(f.id(), f.attempt(), f.reached(), f.satisfaction(), f.comment(), f.createdAt(),
					f.createdBy());
		}

	}

	/**
	 * @param dueAt when the next follow-up is due, while the case waits for one
	 */
	public record FollowUpScheduleView(Instant dueAt, int attempts) {
	}

	/**
	 * The case's service-level clocks.
	 *
	 * @param paused whether the running clock is paused (the case waits on the customer)
	 */
	public record SlaView(boolean paused, Instant pausedAt, String pauseReason, List<ClockView> clocks) {

		static SlaView of(SupportCase c, SlaTargets targets, Instant now) {
			return new SlaView(c.slaPausedAt() != null, c.slaPausedAt(), c.slaPauseReason(),
					Arrays.stream(SlaClock.values()).map((clock) -> ClockView.of(c, clock, targets, now)).toList());
		}

	}

	/**
	 * One clock.
	 *
	 * @param state NOT_STARTED, RUNNING, PAUSED, WARNING (running, past the warning
	 * share), BREACHED, or MET (stopped within target)
	 * @param target the policy's target
	 * @param elapsed time counted so far (paused time excluded)
	 * @param paused time the clock was paused
	 * @param dueAt when a running clock breaches if nothing happens
	 */
	public record ClockView(SlaClock clock, String state, Duration target, Duration elapsed, Duration paused,
			Instant startedAt, Instant stoppedAt, Instant dueAt) {

		static ClockView of(SupportCase c, SlaClock clock, SlaTargets targets, Instant now) {
			Instant started = c.clockStartedAt(clock);
			Duration target = targets.target(clock);
			if (started == null) {
				return new ClockView(clock, "NOT_STARTED", target, null, null, null, null, null);
			}
			Instant stopped = c.clockStoppedAt(clock);
			Duration elapsed = c.elapsed(clock, now);
			boolean running = c.runningClock() == clock;
			boolean breached = c.breached(clock) || elapsed.compareTo(target) >= 0;
			String state;
			if (breached) {
				state = "BREACHED";
			}
			else if (!running) {
				state = (stopped != null) ? "MET" : "NOT_STARTED";
			}
			else if (c.slaPausedAt() != null) {
				state = "PAUSED";
			}
			else {
				state = (elapsed.compareTo(targets.warnAfter(clock)) >= 0) ? "WARNING" : "RUNNING";
			}
			Instant dueAt = (running && c.slaPausedAt() == null) ? now.plus(target.minus(elapsed)) : null;
			return new ClockView(clock, state, target, elapsed, c.pausedOn(clock, now), started, stopped, dueAt);
		}

	}

	public record ConversationView(int customerStatements, int agentStatements, Instant acknowledgedAt) {
	}

	/** One timeline entry. */
	public record TimelineEntry(int sequence, String type, Instant occurredAt, String actor, Role actorRole, Step step,
			JsonNode data) {
	}

	/**
	 * A statement as recorded, with how it was read.
	 *
	 * @param tensionScore the tension of a customer's statement, 0 to 100
	 * @param analysis the explanation: signals with their evidence spans (customer), or
	 * empathy findings (agent)
	 */
	public record StatementView(UUID id, Speaker from, String text, Language language, Integer tensionScore,
			TensionLevel tensionLevel, JsonNode analysis, Instant createdAt, String author) {

		static StatementView of(Statement s, JsonMapper json) {
			return new StatementView(s.id(), s.speaker(), s.text(), s.language(), s.tensionScore(), s.tensionLevel(),
					(s.analysis() != null) ? json.readTree(s.analysis()) : null, s.createdAt(), s.author());
		}

	}

	/**
	 * How tense the customer is, and has been, on this case.
	 *
	 * @param current the level of the customer's latest statement
	 * @param peak the highest level so far
	 * @param threats every threat type the customer made
	 * @param deescalated the peak reached ANGRY or worse and the latest statement is two
	 * levels lower, or the case closed with the customer satisfied
	 * @param trajectory the customer's statements' scores and levels, oldest first
	 */
	public record TensionView(TensionLevel current, Integer currentScore, TensionLevel peak, Integer peakScore,
			List<String> threats, boolean deescalated, List<TrajectoryPoint> trajectory) {

		static TensionView of(SupportCase c) {
			List<Integer> scores = c.tensionScores();
			List<String> levels = c.tensionLevels();
			List<TrajectoryPoint> trajectory = new java.util.ArrayList<>();
			for (int i = 0; i < scores.size() && i < levels.size(); i++) {
				trajectory.add(new TrajectoryPoint(scores.get(i), TensionLevel.valueOf(levels.get(i))));
			}
			return new TensionView(c.tensionLevel(), c.tensionScore(), c.peakLevel(), c.peakScore(), c.threats(),
					c.deescalated(), trajectory);
		}

	}

	public record TrajectoryPoint(int score, TensionLevel level) {
	}

	/** Everything Defuse remembers of a customer's complaints, newest first. */
	public record CustomerHistory(CustomerSummary customer, HistoryTotals totals, List<HistoryCase> cases) {
	}

	/**
	 * Over the customer's cases the reader's teams see; another team's cases neither
	 * count nor rate.
	 *
	 * @param averageSatisfaction over follow-ups that reached the customer, null when
	 * there were none
	 * @param lastContact the latest change on any of those cases
	 */
	public record HistoryTotals(long cases, long open, long resolved, Double averageSatisfaction, Instant lastContact) {
	}

	/**
	 * @param satisfaction the last satisfaction the customer gave on this case
	 */
	public record HistoryCase(UUID id, long number, String subject, Step step, Outcome outcome,
			ProblemCategory category, String product, int offersMade, List<OfferView> acceptedOffers,
			Integer satisfaction, boolean escalated, Instant createdAt, Instant closedAt) {

		static HistoryCase of(SupportCase c) {
			Integer satisfaction = c.followUps()
				.stream()
				.filter(FollowUp::reached)
				.reduce((first, second) -> second)
				.map(FollowUp::satisfaction)
				.orElse(null);
			return new HistoryCase(c.id(), c.number(), c.subject(), c.step(), c.outcome(), c.details().category(),
					c.details().product(), c.offers().size(),
					c.offers().stream().filter((o) -> o.status() == OfferStatus.ACCEPTED).map(OfferView::of).toList(),
					satisfaction, c.escalated(), c.createdAt(), c.closedAt());
		}

	}

}
