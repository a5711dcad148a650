package io.defuse.casework;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.persistence.LockModeType;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.casework.CaseInputs.InlineCustomer;
import io.defuse.casework.CaseInputs.NewCase;
import io.defuse.casework.CaseRows.CaseWithCustomer;
import io.defuse.casework.CaseViews.CaseSummary;
import io.defuse.casework.CaseViews.CaseView;
import io.defuse.casework.CaseViews.CustomerHistory;
import io.defuse.casework.CaseViews.HistoryCase;
import io.defuse.casework.CaseViews.HistoryTotals;
import io.defuse.casework.CaseViews.OfferView;
import io.defuse.casework.CaseViews.StatementView;
import io.defuse.casework.CaseViews.TimelineEntry;
import io.defuse.customer.CustomerService;
import io.defuse.customer.CustomerSummary;
import io.defuse.customer.NewCustomer;
import io.defuse.deescalation.EmpathyCheck;
import io.defuse.deescalation.EmpathyResult;
import io.defuse.deescalation.TensionAnalysis;
import io.defuse.deescalation.TensionAnalyzer;
import io.defuse.access.Teams;
import io.defuse.shared.Actor;
import io.defuse.shared.Columns;
import io.defuse.shared.Role;
import io.defuse.shared.TeamScope;
import io.defuse.shared.Language;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.Cursor;
import io.defuse.shared.web.InvalidInput;
import io.defuse.shared.web.CursorPage;
import io.defuse.shared.web.Versions;
import io.defuse.sla.SlaPolicyService;

/**
 * Runs case actions: loads the case (locked), checks the caller's role and
 * {@code If-Match}, lets the case apply its own rules, stores the result. It never
 * decides whether an action is legal; the case does.
 */
@Service
public class CaseService {

	/** Cases shown in a customer's history; totals count all of them. */
	static final int HISTORY_LIMIT = 200;

	private final CaseRepository cases;

	private final StatementRepository statements;

	private final TimelineRepository timeline;

	private final CustomerService customers;

	private final CaseworkProperties properties;

	private final SlaPolicyService slaPolicies;

	private final TensionAnalyzer analyzer;

	private final EmpathyCheck empathy;

	private final JdbcClient jdbc;

	private final Teams teams;

	private final JsonMapper json;

	private final Clock clock;

	CaseService(CaseRepository cases, StatementRepository statements, TimelineRepository timeline,
			CustomerService customers, CaseworkProperties properties, SlaPolicyService slaPolicies,
			TensionAnalyzer analyzer, EmpathyCheck empathy, JdbcClient jdbc, Teams teams, JsonMapper json,
			Clock clock) {
		this.cases = cases;
		this.statements = statements;
		this.timeline = timeline;
		this.customers = customers;
		this.properties = properties;
		this.slaPolicies = slaPolicies;
		this.analyzer = analyzer;
		this.empathy = empathy;
		this.jdbc = jdbc;
		this.teams = teams;
		this.json = json;
		this.clock = clock;
	}

	@Transactional
	public CaseView open(NewCase input, Actor actor) {
		UUID team = teamFor(input.teamId(), actor);
		CustomerSummary customer = (input.customerId() != null) ? existingCustomer(input.customerId(), actor, team)
				: this.customers.summaryForNewCase(newCustomer(input.customer()), actor, team);
		Language language = (customer.language() != null) ? customer.language() : Language.EN;
		SupportCase opened = SupportCase.open(customer.id(), team, input.channel(), input.subject(), input.severity(),
				input.statement(), read(Speaker.CUSTOMER, input.statement(), language), actor, this.clock.instant());
		opened.escalateIfRisky(this.properties.riskThreshold(opened.severity()), actor, this.clock.instant());
		this.cases.insert(opened);
		return view(opened, customer, actor);
	}

	@Transactional(readOnly = true)
	public CaseView get(UUID id, Actor actor) {
		CaseWithCustomer found = findWithCustomer(id, actor, LockModeType.NONE);
		return view(found.supportCase(), found.customer(), actor);
	}

	@Transactional(readOnly = true)
	public CursorPage<CaseSummary> list(CaseFilter filter, String cursor, int limit, Actor actor) {
		List<SupportCase> rows = this.cases.findBy(filter.toSpecification(Cursor.decode(cursor), TeamScope.of(actor)),
				(query) -> query.sortBy(Sort.by(Sort.Direction.DESC, "createdAt", "id")).limit(limit + 1).all());
		Map<UUID, CustomerSummary> owners = this.customers
			.summaries(rows.stream().map(SupportCase::customerId).collect(Collectors.toSet()));
		return CursorPage.of(rows, limit, (c) -> new Cursor(c.createdAt(), c.id()),
				(c) -> CaseSummary.of(c, owners.get(c.customerId())));
	}

	@Transactional(readOnly = true)
	public CursorPage<TimelineEntry> timeline(UUID id, String cursor, int limit, Actor actor) {
		find(id, actor);
		int after = decodeSequence(cursor);
		List<TimelineEvent> rows = this.timeline.page(id, after, Limit.of(limit + 1));
		return CursorPage.ofTokens(rows, limit, (e) -> encodeSequence(e.sequence()),
				(e) -> new TimelineEntry(e.sequence(), e.type(), e.occurredAt(), e.actor(), e.actorRole(), e.step(),
						this.json.readTree(e.data())));
	}

	@Transactional(readOnly = true)
	public OfferView offer(UUID id, UUID offerId, Actor actor) {
		return find(id, actor).offers()
			.stream()
			.filter((o) -> o.id().equals(offerId))
			.map(OfferView::of)
			.findFirst()
			.orElseThrow(() -> ApiException.notFound("Offer", offerId));
	}

	@Transactional(readOnly = true)
	public CustomerHistory history(UUID customerId, Actor actor) {
		CustomerSummary customer = this.customers.visibleSummary(customerId, actor)
			.orElseThrow(() -> ApiException.notFound("Customer", customerId));
		TeamScope scope = TeamScope.of(actor);
		List<HistoryCase> recent = this.cases
			.findByCustomer(customerId, scope.all(), scope.teamIds(), Limit.of(HISTORY_LIMIT))
			.stream()
			.map(HistoryCase::of)
			.toList();
		HistoryTotals totals = this.jdbc.sql("""
				select count(*) as cases,
				       count(*) filter (where step <> 'CLOSED') as open,
				       count(*) filter (where outcome = 'RESOLVED') as resolved,
				       (select avg(f.satisfaction) from case_follow_ups f join cases c on c.id = f.case_id
				        where c.customer_id = :customer and f.reached
				          and (:allTeams or c.team_id = any(:teams))) as satisfaction,
				       max(updated_at) as last_contact
				from cases where customer_id = :customer and (:allTeams or team_id = any(:teams))""")
			.param("customer", customerId)
			.param("allTeams", scope.all())
			.param("teams", scope.teamIds())
			.query((row, n) -> new HistoryTotals(row.getLong("cases"), row.getLong("open"), row.getLong("resolved"),
					(row.getObject("satisfaction") != null) ? row.getBigDecimal("satisfaction").doubleValue() : null,
					Columns.instant(row, "last_contact")))
			.single();
		return new CustomerHistory(customer, totals, recent);
	}

	// ---- actions

	@Transactional
	public StatementView addStatement(UUID id, CaseInputs.NewStatement input, Long expectedVersion, Actor actor) {
		Statement[] said = new Statement[1];
		change(id, expectedVersion, actor, CaseAction.ADD_STATEMENT,
				(c, customer) -> said[0] = c.addStatement(input.from(), input.text(),
						read(input.from(), input.text(), languageOf(customer)), actor, now()));
		return StatementView.of(said[0], this.json);
	}

	@Transactional
	public CaseView acknowledge(UUID id, CaseInputs.Acknowledgement input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.ACKNOWLEDGE, (c, customer) -> c
			.acknowledge(input.message(), empathic(input.message(), languageOf(customer)), actor, now()));
	}

	@Transactional
	public CaseView saveDetails(UUID id, DetailsUpdate input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.SAVE_DETAILS, (c) -> c.saveDetails(input, actor, now()));
	}

	@Transactional
	public CaseView confirmDetails(UUID id, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.CONFIRM_DETAILS,
				(c) -> c.confirmDetails(earlierCases(c), actor, now()));
	}

	/**
	 * @return the new offer's id and the case after it
	 */
	@Transactional
	public MadeOffer makeOffer(UUID id, OfferProposal proposal, Long expectedVersion, Actor actor) {
		UUID[] offerId = new UUID[1];
		CaseView after = change(id, expectedVersion, actor, CaseAction.MAKE_OFFER,
				(c) -> offerId[0] = c.makeOffer(proposal, this.properties.requiresApproval(proposal), actor, now())
					.id());
		return new MadeOffer(offerId[0], after);
	}

	public record MadeOffer(UUID offerId, CaseView supportCase) {
	}

	@Transactional
	public CaseView approveOffer(UUID id, UUID offerId, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.APPROVE_OFFER,
				(c) -> c.approveOffer(offerId, actor, now()));
	}

	@Transactional
	public CaseView acceptOffer(UUID id, UUID offerId, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.ACCEPT_OFFER, (c) -> c.acceptOffer(offerId, actor, now()));
	}

	@Transactional
	public CaseView rejectOffer(UUID id, UUID offerId, CaseInputs.Rejection input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.REJECT_OFFER,
				(c) -> c.rejectOffer(offerId, input.reason(), actor, now()));
	}

	@Transactional
	public CaseView recordResponse(UUID id, ResponseRecord input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.RECORD_RESPONSE,
				(c) -> c.recordResponse(input, followUpPolicy(c), actor, now()));
	}

	@Transactional
	public CaseView recordFollowUp(UUID id, FollowUpOutcome input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.RECORD_FOLLOW_UP,
				(c) -> c.recordFollowUp(input, followUpPolicy(c), actor, now()));
	}

	@Transactional
	public CaseView addNote(UUID id, CaseInputs.Note input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.ADD_NOTE, (c) -> c.addNote(input.text(), actor, now()));
	}

	@Transactional
	public CaseView assign(UUID id, CaseInputs.Assignment input, Long expectedVersion, Actor actor) {
		if (input.teamId() != null) {
			if (!actor.hasRole(Role.SUPERVISOR) && !actor.hasRole(Role.ADMIN)) {
				throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
						"A " + actor.role() + " may not hand a case to another team");
			}
			if (!this.teams.exists(input.teamId())) {
				throw unknownTeam(input.teamId());
			}
		}
		return change(id, expectedVersion, actor, CaseAction.ASSIGN, (c) -> {
			c.assign(input.assignee(), actor, now());
			if (input.teamId() != null) {
				c.moveToTeam(input.teamId(), actor, now());
				this.customers.shareWith(c.customerId(), input.teamId());
			}
		});
	}

	@Transactional
	public CaseView escalate(UUID id, CaseInputs.Escalation input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.ESCALATE, (c) -> c.escalate(input.reason(), actor, now()));
	}

	@Transactional
	public CaseView pauseSla(UUID id, CaseInputs.SlaPause input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.PAUSE_SLA,
				(c) -> c.pauseSla(input.reason(), actor, now()));
	}

	@Transactional
	public CaseView resumeSla(UUID id, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.RESUME_SLA, (c) -> c.resumeSla(actor, now()));
	}

	@Transactional
	public CaseView close(UUID id, Closure input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.CLOSE, (c) -> c.close(input, actor, now()));
	}

	@Transactional
	public CaseView reopen(UUID id, CaseInputs.Reopening input, Long expectedVersion, Actor actor) {
		return change(id, expectedVersion, actor, CaseAction.REOPEN, (c) -> c.reopen(input.reason(), actor, now()));
	}

	/**
	 * The shape of every action: 404 if the case does not exist, 403 if the role may not,
	 * 412 if If-Match is stale, 409 if the case refuses; otherwise the change and its
	 * events are stored.
	 */
	private CaseView change(UUID id, Long expectedVersion, Actor actor, CaseAction action,
			Consumer<SupportCase> change) {
		return change(id, expectedVersion, actor, action, (c, customer) -> change.accept(c));
	}

	/**
	 * An action that needs the customer too (read once, for the action and the answer).
	 */
	private CaseView change(UUID id, Long expectedVersion, Actor actor, CaseAction action,
			BiConsumer<SupportCase, CustomerSummary> change) {
		CaseWithCustomer found = findWithCustomer(id, actor, LockModeType.PESSIMISTIC_WRITE);
		if (!action.permittedFor(actor.role())) {
			throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"A " + actor.role() + " may not " + action.apiName());
		}
		SupportCase supportCase = found.supportCase();
		Versions.check(expectedVersion, supportCase.version());
		CustomerSummary customer = found.customer();
		change.accept(supportCase, customer);
		supportCase.escalateIfRisky(this.properties.riskThreshold(supportCase.severity()), actor, now());
		this.cases.store(supportCase);
		return view(supportCase, customer, actor);
	}

	private CaseView view(SupportCase supportCase, CustomerSummary customer, Actor actor) {
		return CaseView.of(supportCase, customer, actor.role(), targets(supportCase), now());
	}

	@Transactional(readOnly = true)
	public CursorPage<StatementView> statements(UUID id, String cursor, int limit, Actor actor) {
		find(id, actor);
		Cursor after = java.util.Objects.requireNonNullElse(Cursor.decode(cursor),
				new Cursor(Instant.EPOCH, new UUID(0, 0)));
		return CursorPage.of(this.statements.page(id, after.at(), after.id(), Limit.of(limit + 1)), limit,
				(s) -> new Cursor(s.createdAt(), s.id()), (s) -> StatementView.of(s, this.json));
	}

	/**
	 * Reads a statement: a customer's for its tension, an agent's for empathy
	 * (understanding, apology, blame, policy-speak), in the language detected or else the
	 * customer's.
	 */
	private StatementAnalysis read(Speaker speaker, String text, Language fallback) {
		if (speaker == Speaker.CUSTOMER) {
			TensionAnalysis analysis = this.analyzer.analyze(text, fallback);
			return new StatementAnalysis(analysis.language(), Tension.of(analysis),
					this.json.writeValueAsString(analysis));
		}
		EmpathyResult result = this.empathy.check(text, fallback);
		return new StatementAnalysis(result.language(), null, this.json.writeValueAsString(result));
	}

	/**
	 * The acknowledgement's reading; refused (422) with phrases to use when it shows
	 * neither understanding nor an apology, unless the setting relaxes that to a recorded
	 * finding.
	 */
	private StatementAnalysis empathic(String message, Language language) {
		EmpathyResult result = this.empathy.check(message, language);
		if (this.properties.requireEmpathy() && !result.showsUnderstandingOrApology()) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "empathy-missing", "Unprocessable Content",
					"The acknowledgement shows neither understanding nor an apology; say how you understand "
							+ "the customer's frustration and apologise")
				.with("language", result.language())
				.with("suggestions", this.empathy.suggestedPhrases(result.language()))
				.with("findings", result.hits());
		}
		return new StatementAnalysis(result.language(), null, this.json.writeValueAsString(result));
	}

	private static Language languageOf(CustomerSummary customer) {
		return (customer != null && customer.language() != null) ? customer.language() : Language.EN;
	}

	/**
	 * The customer's earlier cases within the repeat window about the same product or
	 * category.
	 */
	private List<UUID> earlierCases(SupportCase supportCase) {
		CaseDetails details = supportCase.details();
		return this.jdbc.sql("""
				select id from cases
				where customer_id = :customer and id <> :id and created_at >= :since
				  and (category = :category or (:product <> '' and lower(product) = lower(:product)))
				order by created_at""")
			.param("customer", supportCase.customerId())
			.param("id", supportCase.id())
			.param("since", java.sql.Timestamp.from(now().minus(this.properties.repeatWindow())))
			.param("category", (details.category() != null) ? details.category().name() : "")
			.param("product", (details.product() != null) ? details.product() : "")
			.query(UUID.class)
			.list();
	}

	private FollowUpPolicy followUpPolicy(SupportCase supportCase) {
		return this.properties.followUpPolicy(this.slaPolicies.targetsFor(supportCase.severity()).followUpDelay());
	}

	private SlaTargets targets(SupportCase supportCase) {
		return SlaTargets.of(this.slaPolicies.targetsFor(supportCase.severity()));
	}

	/**
	 * The case and its customer, if one of the actor's teams may see it: another team's
	 * case is 404.
	 */
	private CaseWithCustomer findWithCustomer(UUID id, Actor actor, LockModeType lock) {
		TeamScope scope = TeamScope.of(actor);
		return this.cases.findWithCustomer(id, scope.all(), scope.teamIds(), lock)
			.orElseThrow(() -> ApiException.notFound("Case", id));
	}

	/** The case, if one of the actor's teams may see it: another team's case is 404. */
	private SupportCase find(UUID id, Actor actor) {
		TeamScope scope = TeamScope.of(actor);
		return this.cases.findVisible(id, scope.all(), scope.teamIds())
			.orElseThrow(() -> ApiException.notFound("Case", id));
	}

	/**
	 * The team a new case belongs to: the one asked for, if the actor works in it; else
	 * the actor's only team, or the Default team for an actor of none (an admin).
	 */
	private UUID teamFor(UUID requested, Actor actor) {
		if (requested != null) {
			if (!this.teams.usableBy(requested, actor)) {
				throw unknownTeam(requested);
			}
			return requested;
		}
		if (actor.teams().size() > 1) {
			throw InvalidInput.of("teamId", "is required: you work in " + actor.teams().size() + " teams");
		}
		UUID team = TeamScope.owningTeams(actor).iterator().next();
		if (!this.teams.exists(team)) {
			// a team named by a sign-in token that no admin has created
			throw unknownTeam(team);
		}
		return team;
	}

	private static ApiException unknownTeam(UUID team) {
		return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-team", "Unprocessable Content",
				"Team " + team + " does not exist or you do not work in it");
	}

	/** The customer of a case about to be opened, shared with the case's team. */
	private CustomerSummary existingCustomer(UUID id, Actor actor, UUID team) {
		return this.customers.summaryForNewCase(id, actor, team)
			.orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-customer",
					"Unprocessable Content",
					"Customer " + id + " does not exist; create it first or send the customer inline"));
	}

	private static NewCustomer newCustomer(InlineCustomer inline) {
		try {
			return new NewCustomer(inline.displayName(), inline.preferredName(), inline.email(), inline.phone(),
					inline.language(), inline.externalRef(), null);
		}
		catch (InvalidInput ex) {
			throw ex.within("customer");
		}
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static String encodeSequence(int sequence) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(("seq:" + sequence).getBytes());
	}

	private static int decodeSequence(String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return 0;
		}
		try {
			String plain = new String(Base64.getUrlDecoder().decode(cursor));
			if (plain.startsWith("seq:")) {
				return Integer.parseInt(plain.substring(4));
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through to the refusal
		}
		throw new ApiException(HttpStatus.BAD_REQUEST, "invalid-cursor", "Bad Request",
				"The cursor is not one this API issued; start again without it");
	}

}
