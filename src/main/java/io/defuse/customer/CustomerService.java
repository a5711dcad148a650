package io.defuse.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.shared.Actor;
import io.defuse.shared.Columns;
import io.defuse.shared.Language;
import io.defuse.shared.Role;
import io.defuse.shared.TeamScope;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.Cursor;
import io.defuse.shared.web.CursorPage;
import io.defuse.shared.web.Versions;
import io.defuse.shared.web.InvalidInput;

/**
 * Records, finds and changes customers. Every change publishes {@link CustomerCreated} or
 * {@link CustomerUpdated} inside its transaction.
 */
@Service
public class CustomerService {

	private static final String SUMMARY = "select id, display_name, preferred_name, language from customer_summaries";

	/**
	 * Whether one of the teams bound as {@code :teams} may see the customer {@code c} (or
	 * {@code :allTeams}).
	 */
	private static final String VISIBLE = """
			(:allTeams or exists (select 1 from customer_teams t
			                      where t.customer_id = c.id and t.team_id = any(:teams)))""";

	/** The customer by id, for a case about to be opened ({@link #forNewCase}). */
	private static final String BY_ID_FOR_NEW_CASE = forNewCase("id = :id");

	/**
	 * The customer by external reference if the input changes none of their details, for
	 * a case about to be opened ({@link #forNewCase}). A null input keeps the value on
	 * record: {@link #upsertByExternalRef}'s rule.
	 */
	private static final String UNCHANGED_FOR_NEW_CASE = forNewCase("""
			external_ref = :externalRef
			      and display_name = :displayName
			      and preferred_name is not distinct from coalesce(:preferredName, preferred_name)
			      and email is not distinct from coalesce(:email, email)
			      and phone is not distinct from coalesce(:phone, phone)
			      and language = coalesce(:language, language)
			      and preferences is not distinct from coalesce(:preferences, preferences)""");

	private final CustomerRepository customers;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CustomerService(CustomerRepository customers, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
		this.customers = customers;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Records a new customer (English unless the input says otherwise). An external
	 * reference that already belongs to a customer is 409 {@code external-ref-taken}.
	 */
	@Transactional
	public CustomerView create(NewCustomer input, Actor actor) {
		Objects.requireNonNull(input, "input");
		Objects.requireNonNull(actor, "actor");
		if (input.externalRef() != null) {
			refuseTakenExternalRef(input.externalRef());
		}
		Customer customer = this.customers.saveAndFlush(new Customer(input, actor.name(), now()));
		TeamScope.owningTeams(actor).forEach((team) -> shareWith(customer.id(), team));
		CustomerView created = CustomerView.of(customer);
		this.events.publishEvent(new CustomerCreated(created, actor));
		return created;
	}

	/** The customer, if one of the actor's teams may see them; else 404. */
	@Transactional(readOnly = true)
	public CustomerView get(UUID id, Actor actor) {
		TeamScope scope = TeamScope.of(actor);
		return this.customers.findVisible(id, scope.all(), scope.teamIds())
			.map(CustomerView::of)
			.orElseThrow(() -> notFound(id));
	}

	/** Lets a team see the customer, because it now has a case of theirs. */
	@Transactional
	public void shareWith(UUID id, UUID team) {
		// plain SQL: a JPA modifying query would flush the caller's session first and
		// clear Hibernate's caches after (BENCHMARKS change 44)
		this.jdbc
			.sql("insert into customer_teams (customer_id, team_id) values (:customer, :team) on conflict do nothing")
			.param("customer", id)
			.param("team", team)
			.update();
	}

	/** The customer with this external reference (their id in a CRM), if there is one. */
	@Transactional(readOnly = true)
	public Optional<CustomerView> findByExternalRef(String externalRef) {
		return this.customers.findIdByExternalRef(externalRef).flatMap(this.customers::findById).map(CustomerView::of);
	}

	/**
	 * Applies a JSON merge patch (RFC 7396): an absent field stays, {@code null} clears
	 * it (not {@code displayName} or {@code language}: 400), unknown fields and wrong
	 * types are 400. With an {@code expectedVersion} (from If-Match) that is no longer
	 * current, nothing changes: 412. Returns the customer with its new version; a patch
	 * that changes nothing keeps the version and publishes nothing.
	 */
	@Transactional
	public CustomerView update(UUID id, JsonNode mergePatch, Long expectedVersion, Actor actor) {
		Objects.requireNonNull(actor, "actor");
		CustomerPatch patch = CustomerPatch.parse(mergePatch);
		TeamScope scope = TeamScope.of(actor);
		Customer customer = this.customers.findForUpdate(id, scope.all(), scope.teamIds())
			.orElseThrow(() -> notFound(id));
		Versions.check(expectedVersion, customer.version());
		return change(customer, patch.applyTo(customer.details()), actor);
	}

	/**
	 * Customers whose name, e-mail or external reference contains {@code q} (ignoring
	 * case; {@code %} and {@code _} match themselves), newest first; all customers when
	 * {@code q} is blank.
	 * @param cursor {@code nextCursor} of the previous page, or {@code null} for the
	 * first
	 * @param limit page size, 1 to {@link CursorPage#MAX_LIMIT}
	 */
	@Transactional(readOnly = true)
	public CursorPage<CustomerView> search(String q, String cursor, int limit, Actor actor) {
		if (limit < 1 || limit > CursorPage.MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be 1 to " + CursorPage.MAX_LIMIT + ", not " + limit);
		}
		Cursor after = Objects.requireNonNullElse(Cursor.decode(cursor), CustomerRepository.START);
		TeamScope scope = TeamScope.of(actor);
		var rows = this.customers.page(after.at(), after.id(), containing(q), scope.all(), scope.teamIds(),
				Limit.of(limit + 1));
		return CursorPage.of(rows, limit, (customer) -> new Cursor(customer.createdAt(), customer.id()),
				CustomerView::of);
	}

	/**
	 * The customer with the input's external reference (required: 400 without): created
	 * if the reference is new; otherwise its details are updated with the fields the
	 * input gives (non-null), the others kept. For cases that arrive from a CRM with the
	 * customer inline.
	 */
	@Transactional
	public CustomerView upsertByExternalRef(NewCustomer input, Actor actor) {
		Objects.requireNonNull(input, "input");
		Objects.requireNonNull(actor, "actor");
		if (input.externalRef() == null) {
			throw InvalidInput.of("externalRef", "is required to match the customer");
		}
		Customer existing = this.customers.findByExternalRefForUpdate(input.externalRef()).orElse(null);
		if (existing == null) {
			return create(input, actor);
		}
		TeamScope reach = reachByExternalRef(actor);
		if (!reach.all() && visibleSummary(existing.id(), reach).isEmpty()) {
			throw ApiException.conflict("external-ref-taken",
					"External reference " + input.externalRef() + " belongs to a customer of another team");
		}
		return change(existing, given(input, existing.details()), actor);
	}

	/**
	 * The summary of a customer one of the actor's teams may see; empty if there is no
	 * such customer or none may. One statement of plain SQL in the caller's transaction:
	 * a JPA query would first flush the caller's pending changes, none of which can
	 * change a customer's name.
	 */
	@Transactional(readOnly = true)
	public Optional<CustomerSummary> visibleSummary(UUID id, Actor actor) {
		return visibleSummary(id, TeamScope.of(actor));
	}

	private Optional<CustomerSummary> visibleSummary(UUID id, TeamScope scope) {
		return this.jdbc.sql(SUMMARY + " c where id = :id and " + VISIBLE)
			.param("id", id)
			.param("allTeams", scope.all())
			.param("teams", scope.teamIds())
			.query(CustomerService::summary)
			.optional();
	}

	/**
	 * Summaries of the customers with the given ids, in one query; ids of customers that
	 * do not exist are left out.
	 */
	public Map<UUID, CustomerSummary> summaries(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql(SUMMARY + " where id = any(:ids)")
			.param("ids", Set.copyOf(ids).toArray(UUID[]::new))
			.query(CustomerService::summary)
			.stream()
			.collect(Collectors.toUnmodifiableMap(CustomerSummary::id, Function.identity()));
	}

	private static CustomerSummary summary(ResultSet row, int rowNum) throws SQLException {
		return new CustomerSummary(row.getObject("id", UUID.class), row.getString("display_name"),
				row.getString("preferred_name"), Language.of(row.getString("language")));
	}

	/**
	 * The summary of a customer a case is about to be opened for, read with what opening
	 * it must know and do in one statement: empty when there is no such customer or none
	 * of the actor's teams may see them, 409 {@code customer-erased} for an erased one;
	 * else the customer is shared with the case's team (as {@link #shareWith}). Holds a
	 * share lock on the customer until the transaction ends, so an erasure running at the
	 * same time either finishes first (and this refuses) or waits for this transaction
	 * (and then erases what it wrote).
	 */
	@Transactional
	public Optional<CustomerSummary> summaryForNewCase(UUID id, Actor actor, UUID team) {
		TeamScope scope = TeamScope.of(actor);
		return this.jdbc.sql(BY_ID_FOR_NEW_CASE)
			.param("id", id)
			.param("allTeams", scope.all())
			.param("teams", scope.teamIds())
			.param("team", team)
			.query(CustomerService::unlessErased)
			.optional();
	}

	/**
	 * The summary of the customer a case is about to be opened for when the case gives
	 * its customer inline: the customer with the input's external reference, created or
	 * updated as by {@link #upsertByExternalRef}, then shared with the case's team. When
	 * the input changes nothing on record (a CRM sends the same customer with each
	 * complaint) and the actor may reach the customer, one statement does it all and
	 * holds a share lock against the customer's erasure, as
	 * {@link #summaryForNewCase(UUID, Actor, UUID)} does.
	 */
	@Transactional
	public CustomerSummary summaryForNewCase(NewCustomer input, Actor actor, UUID team) {
		return unchangedForNewCase(input, actor, team).orElseGet(() -> {
			CustomerView customer = upsertByExternalRef(input, actor);
			shareWith(customer.id(), team);
			return new CustomerSummary(customer.id(), customer.displayName(), customer.preferredName(),
					customer.language());
		});
	}

	/**
	 * The customers an actor may reach by their external reference: a CRM integration
	 * syncs every team's customers; a person reaches those their teams see, and another
	 * team's reference is taken to them.
	 */
	private static TeamScope reachByExternalRef(Actor actor) {
		TeamScope scope = TeamScope.of(actor);
		return actor.hasRole(Role.INTEGRATION) ? new TeamScope(true, scope.teams()) : scope;
	}

	/**
	 * The customer with the input's external reference, share-locked and shared with the
	 * team, if the input would change none of their details and the actor may reach them
	 * ({@link #reachByExternalRef}); else empty. The lock checks the conditions again on
	 * the row it waited for: a change or an erasure (which clears the reference)
	 * committed meanwhile leaves this empty.
	 */
	private Optional<CustomerSummary> unchangedForNewCase(NewCustomer input, Actor actor, UUID team) {
		if (input.externalRef() == null) {
			return Optional.empty();
		}
		TeamScope reach = reachByExternalRef(actor);
		// typed binds, so that a null is not sent to be described first
		return this.jdbc.sql(UNCHANGED_FOR_NEW_CASE)
			.param("externalRef", input.externalRef())
			.param("allTeams", reach.all())
			.param("teams", reach.teamIds())
			.param("displayName", input.displayName())
			.param("preferredName", input.preferredName(), Types.VARCHAR)
			.param("email", input.email(), Types.VARCHAR)
			.param("phone", input.phone(), Types.VARCHAR)
			.param("language", (input.language() != null) ? input.language().code() : null, Types.VARCHAR)
			.param("preferences", input.preferences(), Types.VARCHAR)
			.param("team", team)
			.query(CustomerService::unlessErased)
			.optional();
	}

	/**
	 * A customer found by {@code where} among those the teams bound may see, share-locked
	 * until the transaction ends and shared with the case's team ({@code :team}) unless
	 * erased. The lock is what an erasure waits for: one running at the same time either
	 * finishes first or waits for the case, and then erases what it wrote; waiting, the
	 * lock checks {@code where} again on the row it waited for.
	 */
	private static String forNewCase(String where) {
		return """
				with found as (
				    select id, display_name, preferred_name, language, erased_at from customers c
				    where %s and %s
				    for share),
				shared as (
				    insert into customer_teams (customer_id, team_id)
				    select id, :team from found where erased_at is null
				    on conflict do nothing)
				select * from found""".formatted(where, VISIBLE);
	}

	/**
	 * The summary of a customer row, or 409 {@code customer-erased} for an erased one.
	 */
	private static CustomerSummary unlessErased(ResultSet row, int rowNum) throws SQLException {
		Instant erasedAt = Columns.instant(row, "erased_at");
		if (erasedAt != null) {
			throw PrivacyRefusals.erased(row.getObject("id", UUID.class), erasedAt);
		}
		return summary(row, rowNum);
	}

	private CustomerView change(Customer customer, NewCustomer details, Actor actor) {
		if (details.externalRef() != null && !details.externalRef().equals(customer.externalRef())) {
			refuseTakenExternalRef(details.externalRef());
		}
		if (!customer.update(details, now())) {
			return CustomerView.of(customer);
		}
		// the version is incremented on flush; the answer must carry the new one
		this.customers.flush();
		CustomerView updated = CustomerView.of(customer);
		this.events.publishEvent(new CustomerUpdated(updated, actor));
		return updated;
	}

	private void refuseTakenExternalRef(String externalRef) {
		this.customers.findIdByExternalRef(externalRef).ifPresent((owner) -> {
			throw ApiException
				.conflict("external-ref-taken", "External reference " + externalRef + " belongs to customer " + owner)
				.with("customerId", owner);
		});
	}

	/** The current details with each field the input gives (non-null) replaced. */
	private static NewCustomer given(NewCustomer input, NewCustomer current) {
		return new NewCustomer(input.displayName(), or(input.preferredName(), current.preferredName()),
				or(input.email(), current.email()), or(input.phone(), current.phone()),
				or(input.language(), current.language()), input.externalRef(),
				or(input.preferences(), current.preferences()));
	}

	private static <T> T or(T given, T current) {
		return (given != null) ? given : current;
	}

	/** A LIKE pattern matching values that contain {@code q} literally. */
	static String containing(String q) {
		if (q == null || q.isBlank()) {
			return "";
		}
		String literal = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return "%" + literal + "%";
	}

	/** Microseconds, as PostgreSQL stores them: what we answer is what we stored. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static ApiException notFound(UUID id) {
		return ApiException.notFound("Customer", id);
	}

}
