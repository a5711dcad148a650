package io.defuse.casework;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.casework.CaseViews.CaseView;
import io.defuse.casework.GuidanceViews.CaseGuidance;
import io.defuse.casework.GuidanceViews.CategoryRecord;
import io.defuse.casework.GuidanceViews.CustomerContext;
import io.defuse.casework.GuidanceViews.CustomerRecord;
import io.defuse.casework.GuidanceViews.Note;
import io.defuse.casework.GuidanceViews.Question;
import io.defuse.casework.GuidanceViews.RankedRemedy;
import io.defuse.casework.GuidanceViews.RemedyRecommendation;
import io.defuse.customer.CustomerSummary;
import io.defuse.deescalation.GuidanceService;
import io.defuse.deescalation.GuidanceSituation;
import io.defuse.deescalation.GuidanceStep;
import io.defuse.deescalation.GuidanceTexts;
import io.defuse.deescalation.TensionLevel;
import io.defuse.shared.Actor;
import io.defuse.shared.Columns;
import io.defuse.shared.Language;
import io.defuse.shared.TeamScope;

/**
 * Tells the agent what to do and say on a case now: the step's texts in the requested
 * language, filled in with the customer's name and history, the questions for the details
 * still missing, notes for the case's circumstances, and in OFFER the remedies ranked by
 * the satisfaction they reached.
 */
@Service
public class CaseGuidanceService {

	/** How many ratings the prior average counts as in the remedy ranking. */
	static final int PRIOR_WEIGHT = 3;

	static final double NEUTRAL_SATISFACTION = 3.0;

	/**
	 * The satisfaction each accepted offer of the cases in {@code scope} reached: a
	 * rating belongs to the offer accepted last before it (an unsatisfied customer sends
	 * the case back to OFFER, and the next accepted offer gets the next rating); of
	 * several ratings the latest counts.
	 */
	private static final String RATED_OFFERS = """
			rated_follow_ups as (
			    select distinct on (f.id) o.id as offer_id, f.satisfaction, f.created_at
			    from scope s
			    join case_follow_ups f on f.case_id = s.id and f.reached and f.satisfaction is not null
			    join case_offers o on o.case_id = s.id and o.status = 'ACCEPTED' and o.decided_at <= f.created_at
			    order by f.id, o.decided_at desc),
			rated as (
			    select distinct on (offer_id) offer_id, satisfaction
			    from rated_follow_ups
			    order by offer_id, created_at desc)
			""";

	private final CaseService cases;

	private final GuidanceService texts;

	private final JdbcClient jdbc;

	private final CaseworkProperties properties;

	private final Clock clock;

	CaseGuidanceService(CaseService cases, GuidanceService texts, JdbcClient jdbc, CaseworkProperties properties,
			Clock clock) {
		this.cases = cases;
		this.texts = texts;
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param requested the language to guide in; null for the customer's
	 */
	@Transactional(readOnly = true)
	public CaseGuidance guidance(UUID id, Language requested, Actor actor) {
		CaseView supportCase = this.cases.get(id, actor);
		CustomerSummary owner = supportCase.customer();
		Language language = (requested != null) ? requested
				: (owner != null && owner.language() != null) ? owner.language() : Language.EN;
		GuidanceTexts step = this.texts.textsFor(GuidanceStep.valueOf(supportCase.step().name()), language);
		CustomerContext customer = customerContext(supportCase, actor);
		Map<String, String> values = Map.of("name", customer.name(), "previousCases",
				String.valueOf(customer.previousCases()), "acceptedRemedies",
				customer.acceptedBefore()
					.stream()
					.map((record) -> this.texts.remedyName(record.remedy().name(), language))
					.collect(Collectors.joining(", ")));
		List<Question> questions = new ArrayList<>();
		if (supportCase.step() == Step.GATHER) {
			for (String missing : supportCase.details().missing()) {
				String question = step.questions().get(questionKey(missing));
				if (question != null) {
					questions.add(new Question(missing, GuidanceTexts.render(question, values)));
				}
			}
		}
		List<Note> notes = new ArrayList<>();
		step.situations().forEach((situation, text) -> {
			if (holds(situation, supportCase, customer)) {
				notes.add(new Note(situation, GuidanceTexts.render(text, values)));
			}
		});
		RemedyRecommendation recommendation = (supportCase.step() == Step.OFFER
				&& supportCase.details().category() != null) ? recommend(supportCase, customer) : null;
		return new CaseGuidance(supportCase.id(), supportCase.step(), language, customer,
				render(step.actions(), values), render(step.phrases(), values), questions, notes, recommendation);
	}

	/**
	 * The customer's history as far as the actor's teams see it: another team's cases
	 * neither count nor tell what the customer accepted there.
	 */
	private CustomerContext customerContext(CaseView supportCase, Actor actor) {
		TeamScope scope = TeamScope.of(actor);
		UUID[] teams = scope.teamIds();
		CustomerSummary owner = supportCase.customer();
		String name = (owner == null) ? ""
				: (owner.preferredName() != null) ? owner.preferredName() : owner.displayName();
		// one statement: the earlier cases' count and latest date on every row, with what
		// the customer accepted before (a row per remedy, or one without)
		record HistoryRow(long earlier, Instant last, CustomerRecord accepted) {
		}
		List<HistoryRow> rows = this.jdbc.sql("""
				with scope as (select id, created_at from cases where customer_id = :customer and id <> :case
				               and (:allTeams or team_id = any(:teams))),
				""" + RATED_OFFERS + """
				, accepted as (
				    select o.type, count(*) as accepted, count(r.satisfaction) as ratings,
				           avg(r.satisfaction) as satisfaction
				    from case_offers o join scope s on s.id = o.case_id left join rated r on r.offer_id = o.id
				    where o.status = 'ACCEPTED'
				    group by o.type),
				earlier as (select count(*) as count, max(created_at) as last from scope where created_at <= :created)
				select e.count, e.last, a.type, a.accepted, a.ratings, a.satisfaction
				from earlier e left join accepted a on true
				order by a.accepted desc, a.type""")
			.param("customer", supportCase.customer().id())
			.param("case", supportCase.id())
			.param("allTeams", scope.all())
			.param("teams", teams)
			.param("created", Timestamp.from(supportCase.createdAt()))
			.query((row, n) -> new HistoryRow(row.getLong("count"), Columns.instant(row, "last"),
					(row.getString("type") == null) ? null
							: new CustomerRecord(OfferType.valueOf(row.getString("type")), row.getLong("accepted"),
									row.getLong("ratings"), rounded(row.getBigDecimal("satisfaction")))))
			.list();
		List<CustomerRecord> accepted = rows.stream().map(HistoryRow::accepted).filter(Objects::nonNull).toList();
		return new CustomerContext(name, rows.get(0).earlier(), rows.get(0).last(), accepted);
	}

	private RemedyRecommendation recommend(CaseView supportCase, CustomerContext customer) {
		Instant since = this.clock.instant().minus(this.properties.recommendationWindow());
		record Tally(OfferType remedy, long offered, long accepted, long ratings, long satisfactionSum) {
		}
		List<Tally> tallies = this.jdbc.sql("""
				with scope as (
				    select id from cases
				    where category = :category and id <> :case and created_at >= :since),
				""" + RATED_OFFERS + """
				select o.type,
				       count(*) filter (where o.status in ('ACCEPTED', 'REJECTED')) as offered,
				       count(*) filter (where o.status = 'ACCEPTED') as accepted,
				       count(r.satisfaction) filter (where o.status = 'ACCEPTED') as ratings,
				       coalesce(sum(r.satisfaction) filter (where o.status = 'ACCEPTED'), 0) as satisfaction_sum
				from case_offers o join scope s on s.id = o.case_id left join rated r on r.offer_id = o.id
				group by o.type""")
			.param("category", supportCase.details().category().name())
			.param("case", supportCase.id())
			.param("since", Timestamp.from(since))
			.query((row, n) -> new Tally(OfferType.valueOf(row.getString("type")), row.getLong("offered"),
					row.getLong("accepted"), row.getLong("ratings"), row.getLong("satisfaction_sum")))
			.list();
		long ratings = tallies.stream().mapToLong(Tally::ratings).sum();
		double prior = (ratings == 0) ? NEUTRAL_SATISFACTION
				: tallies.stream().mapToLong(Tally::satisfactionSum).sum() / (double) ratings;
		Map<OfferType, CategoryRecord> inCategory = new EnumMap<>(OfferType.class);
		for (Tally tally : tallies) {
			inCategory.put(tally.remedy(), new CategoryRecord(tally.offered(), tally.accepted(),
					(tally.offered() == 0) ? null : round(tally.accepted() / (double) tally.offered()), tally.ratings(),
					(tally.ratings() == 0) ? null : round(tally.satisfactionSum() / (double) tally.ratings()),
					round((tally.satisfactionSum() + PRIOR_WEIGHT * prior) / (tally.ratings() + PRIOR_WEIGHT))));
		}
		Map<OfferType, CustomerRecord> byCustomer = new EnumMap<>(OfferType.class);
		customer.acceptedBefore().forEach((record) -> byCustomer.put(record.remedy(), record));
		List<RankedRemedy> ranked = new ArrayList<>();
		for (OfferType remedy : OfferType.values()) {
			CategoryRecord category = inCategory.get(remedy);
			CustomerRecord own = byCustomer.get(remedy);
			if (category == null && own == null) {
				continue;
			}
			if (category == null) {
				category = new CategoryRecord(0, 0, null, 0, null, round(prior));
			}
			ranked.add(new RankedRemedy(0, remedy, round(category.adjustedSatisfaction() + preference(own)), category,
					own));
		}
		ranked.sort(Comparator.comparingDouble(RankedRemedy::score)
			.reversed()
			.thenComparing((RankedRemedy r) -> (r.inCategory().acceptanceRate() != null)
					? r.inCategory().acceptanceRate() : -1.0, Comparator.reverseOrder())
			.thenComparing((RankedRemedy r) -> r.inCategory().offered(), Comparator.reverseOrder())
			.thenComparing(RankedRemedy::remedy));
		List<RankedRemedy> numbered = new ArrayList<>();
		for (int i = 0; i < ranked.size(); i++) {
			RankedRemedy r = ranked.get(i);
			numbered.add(new RankedRemedy(i + 1, r.remedy(), r.score(), r.inCategory(), r.byCustomer()));
		}
		return new RemedyRecommendation(supportCase.details().category(), since, round(prior), PRIOR_WEIGHT, numbered);
	}

	/** What the customer's own experience with a remedy adds to its score. */
	private static double preference(CustomerRecord own) {
		if (own == null) {
			return 0;
		}
		if (own.averageSatisfaction() == null) {
			return 0.25;
		}
		return (own.averageSatisfaction() - NEUTRAL_SATISFACTION) / 4;
	}

	private static boolean holds(GuidanceSituation situation, CaseView supportCase, CustomerContext customer) {
		TensionLevel tension = supportCase.tension().current();
		List<String> threats = supportCase.tension().threats();
		switch (situation) {
			case RETURNING_CUSTOMER:
				return customer.previousCases() > 0;
			case REPEAT_COMPLAINT:
				return !supportCase.repeatOf().isEmpty();
			case ACCEPTED_BEFORE:
				return !customer.acceptedBefore().isEmpty();
			case ANGRY_CUSTOMER:
				return tension != null && tension.compareTo(TensionLevel.ANGRY) >= 0;
			case LEGAL_THREAT:
				return threats.contains("LEGAL");
			case CHURN_THREAT:
				return threats.contains("CHURN");
			case PUBLIC_EXPOSURE_THREAT:
				return threats.contains("PUBLIC_EXPOSURE");
			case ESCALATED:
				return supportCase.escalation().escalated();
			default:
				return false;
		}
	}

	/** {@code purchaseDate or orderRef} is asked as {@code purchaseDateOrOrderRef}. */
	static String questionKey(String missing) {
		int or = missing.indexOf(" or ");
		if (or < 0) {
			return missing;
		}
		String second = missing.substring(or + 4);
		return missing.substring(0, or) + "Or" + Character.toUpperCase(second.charAt(0)) + second.substring(1);
	}

	private static List<String> render(List<String> templates, Map<String, String> values) {
		return templates.stream().map((template) -> GuidanceTexts.render(template, values)).toList();
	}

	private static Double rounded(BigDecimal value) {
		return (value != null) ? round(value.doubleValue()) : null;
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
