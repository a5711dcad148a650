package io.defuse.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.defuse.casework.CaseInputs;
import io.defuse.casework.CaseService;
import io.defuse.casework.CaseViews.CaseView;
import io.defuse.casework.Channel;
import io.defuse.casework.DetailsUpdate;
import io.defuse.casework.FollowUpOutcome;
import io.defuse.casework.OfferProposal;
import io.defuse.casework.OfferType;
import io.defuse.casework.ProblemCategory;
import io.defuse.casework.ResponseAction;
import io.defuse.casework.ResponseRecord;
import io.defuse.shared.Severity;
import io.defuse.casework.Speaker;
import io.defuse.customer.CustomerService;
import io.defuse.customer.NewCustomer;
import io.defuse.shared.Actor;
import io.defuse.shared.Language;
import io.defuse.shared.Role;
import io.defuse.shared.TeamScope;

/** Seeds the demo data once; a database that has it already is left alone. */
@Component
@Profile("demo")
class DemoData implements ApplicationRunner {

	static final String MARKER = "DEMO-";

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	private static final Actor AGENT = new Actor(new UUID(0, 1), "demo-agent", Role.AGENT,
			Set.of(TeamScope.DEFAULT_TEAM));

	private static final Actor SUPERVISOR = new Actor(new UUID(0, 2), "demo-supervisor", Role.SUPERVISOR,
			Set.of(TeamScope.DEFAULT_TEAM));

	private final CustomerService customers;

	private final CaseService cases;

	DemoData(CustomerService customers, CaseService cases) {
		this.customers = customers;
		this.cases = cases;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.customers.search(MARKER, null, 1, AGENT).items().isEmpty()) {
			log.info("Demo data is there already");
			return;
		}
		listening();
		gathering();
		offering();
		responding();
		followingUp();
		closedAndBackAgain();
		log.info("Demo data seeded: 8 customers (en, de, cs) with cases in every step and a history to learn from");
	}

	/** English, angry, just called: LISTEN. */
	private void listening() {
		UUID emma = customer("Emma Clarke", "Emma", "emma.clarke@example.co.uk", Language.EN, "EN-1",
				"Prefers e-mail; works nights, call after 2 pm");
		CaseView c = open(emma, Channel.PHONE, "Blender arrived with a cracked jug", Severity.HIGH,
				"I ordered this blender for my daughter's birthday and it arrived CRACKED. This is unacceptable!!!");
		this.cases.addStatement(c.id(),
				new CaseInputs.NewStatement("And nobody answered my e-mail for a week.", Speaker.CUSTOMER), null,
				AGENT);
	}

	/** German, acknowledged, details half gathered: GATHER. */
	private void gathering() {
		UUID juergen = customer("Jürgen Weber", "Herr Weber", "j.weber@example.de", Language.DE, "DE-1",
				"Möchte förmlich angesprochen werden");
		CaseView c = open(juergen, Channel.EMAIL, "Waschmaschine läuft aus", Severity.MEDIUM,
				"Die Waschmaschine ist erst zwei Monate alt und läuft schon aus. Ich bin sehr enttäuscht.");
		this.cases.acknowledge(c.id(), new CaseInputs.Acknowledgement(
				"Das tut mir wirklich leid, Herr Weber. Ich verstehe, wie ärgerlich das ist."), null, AGENT);
		this.cases.saveDetails(c.id(), new DetailsUpdate(ProblemCategory.DEFECTIVE_PRODUCT, "Waschmaschine WM-8", null,
				null, "Wasser tritt unten links aus", null), null, AGENT);
	}

	/** Czech, an offer waiting for a supervisor and one open: OFFER. */
	private void offering() {
		UUID jana = customer("Jana Nováková", "Jana", "jana.novakova@example.cz", Language.CS, "CS-1",
				"Nakupuje pravidelně; oceňuje rychlé řešení");
		lateDeliveriesBefore(jana);
		CaseView c = inOffer(jana, Channel.CHAT, "Pozdní doručení sedačky",
				"Sedačka měla přijít před týdnem a pořád nic!",
				new DetailsUpdate(ProblemCategory.LATE_DELIVERY, "Sedačka Oslo", "OBJ-2026-5531", null, null, null),
				"Moc se omlouvám, chápu, že čekat týden navíc je nepříjemné.");
		this.cases.makeOffer(c.id(), new OfferProposal(OfferType.PARTIAL_REFUND, new BigDecimal("3500"), "CZK",
				"Vrácení 3 500 Kč za zpoždění"), null, AGENT);
		this.cases.makeOffer(c.id(),
				new OfferProposal(OfferType.VOUCHER, new BigDecimal("500"), "CZK", "Poukázka 500 Kč na další nákup"),
				null, AGENT);
	}

	/** English, accepted a replacement, waiting for the agent to ship it: RESPOND. */
	private void responding() {
		UUID oliver = customer("Oliver Brown", "Ollie", "oliver.brown@example.com", Language.EN, "EN-2",
				"Loyal customer since 2019");
		CaseView c = inOffer(oliver, Channel.WEB, "Wrong colour sofa cushions delivered",
				"I ordered grey cushions and got orange ones.",
				new DetailsUpdate(ProblemCategory.WRONG_ITEM, "Cushion set, grey", "ORD-2026-77812", null, null, null),
				"I'm sorry about the mix-up, Ollie, I understand you want the right ones quickly.");
		UUID offer = this.cases
			.makeOffer(c.id(), new OfferProposal(OfferType.REPLACEMENT, null, null, "Grey set sent by express"), null,
					AGENT)
			.offerId();
		this.cases.acceptOffer(c.id(), offer, null, AGENT);
	}

	/** German, refund issued, follow-up scheduled: FOLLOW_UP. */
	private void followingUp() {
		UUID katrin = customer("Katrin Schmidt", "Katrin", "katrin.schmidt@example.de", Language.DE, "DE-2", null);
		CaseView c = inOffer(katrin, Channel.STORE, "Falscher Betrag abgebucht",
				"Mir wurden 89 Euro statt 59 Euro abgebucht!",
				new DetailsUpdate(ProblemCategory.BILLING, null, "RE-2026-0042", null,
						"Doppelte Buchung der Versandkosten und falscher Rabatt", null),
				"Entschuldigen Sie bitte, ich verstehe Ihren Ärger über die falsche Abbuchung.");
		UUID offer = this.cases
			.makeOffer(c.id(), new OfferProposal(OfferType.REFUND, new BigDecimal("30"), "EUR", "Erstattung 30 €"),
					null, AGENT)
			.offerId();
		this.cases.acceptOffer(c.id(), offer, null, AGENT);
		this.cases.recordResponse(c.id(), new ResponseRecord(ResponseAction.REFUND_ISSUED, "ERST-88121", null), null,
				AGENT);
	}

	/**
	 * Czech: one case resolved to full satisfaction, and a new, escalated one: CLOSED and
	 * LISTEN.
	 */
	private void closedAndBackAgain() {
		UUID petr = customer("Petr Dvořák", "Petr", "petr.dvorak@example.cz", Language.CS, "CS-2",
				"Preferuje telefon; má rád osobní přístup");
		CaseView first = inOffer(petr, Channel.PHONE, "Nefunkční rychlovarná konvice", "Konvice po měsíci nehřeje.",
				new DetailsUpdate(ProblemCategory.DEFECTIVE_PRODUCT, "Konvice KX-200", null,
						LocalDate.now().minusMonths(1), null, null),
				"Je mi líto, že konvice nefunguje, chápu, jak je to otravné.");
		UUID offer = this.cases
			.makeOffer(first.id(), new OfferProposal(OfferType.REPLACEMENT, null, null, "Nová konvice"), null, AGENT)
			.offerId();
		this.cases.acceptOffer(first.id(), offer, null, AGENT);
		this.cases.recordResponse(first.id(),
				new ResponseRecord(ResponseAction.REPLACEMENT_SHIPPED, "PPL 4400128812", null), null, AGENT);
		this.cases.recordFollowUp(first.id(), new FollowUpOutcome(true, 5, "Velmi spokojen, děkuje"), null, AGENT);

		CaseView second = open(petr, Channel.SOCIAL, "Nová konvice také nefunguje", Severity.CRITICAL,
				"To snad není možné! Už podruhé! Napíšu o tom recenzi a půjdu na ČOI!");
		if (!second.escalation().escalated()) {
			// the threat of the consumer authority (ČOI) usually escalates it already
			this.cases.escalate(second.id(),
					new CaseInputs.Escalation("Opakovaná stížnost, hrozba veřejnou recenzí a ČOI"), null, SUPERVISOR);
		}
	}

	/**
	 * Earlier late deliveries, Jana's among them, so that her case's guidance has a
	 * remedy ranking to show and a history to personalise with.
	 */
	private void lateDeliveriesBefore(UUID jana) {
		UUID tomas = customer("Tomáš Svoboda", "Tomáš", "tomas.svoboda@example.cz", Language.CS, "CS-3", null);
		UUID lisa = customer("Lisa Müller", "Lisa", "lisa.mueller@example.de", Language.DE, "DE-3", null);
		resolved(jana, "Pozdní doručení lampy", "Lampa přišla o deset dní později, než jste slíbili.",
				new OfferProposal(OfferType.VOUCHER, new BigDecimal("300"), "CZK", "Poukázka 300 Kč"),
				ResponseAction.VOUCHER_SENT, 4);
		resolved(tomas, "Zpožděná zásilka", "Balík měl být doma v pondělí, je čtvrtek.",
				new OfferProposal(OfferType.PARTIAL_REFUND, new BigDecimal("400"), "CZK", "Vrácení 400 Kč"),
				ResponseAction.REFUND_ISSUED, 5);
		resolved(lisa, "Lieferung zu spät", "Das Paket kam eine Woche zu spät, ich bin enttäuscht.",
				new OfferProposal(OfferType.VOUCHER, new BigDecimal("10"), "EUR", "Gutschein 10 €"),
				ResponseAction.VOUCHER_SENT, 4);
	}

	private void resolved(UUID customer, String subject, String statement, OfferProposal remedy, ResponseAction action,
			int satisfaction) {
		CaseView c = inOffer(customer, Channel.EMAIL, subject, statement,
				new DetailsUpdate(ProblemCategory.LATE_DELIVERY, null, "OBJ-" + subject.hashCode(), null, null, null),
				"Omlouváme se, rozumím, že čekání je nepříjemné.");
		UUID offer = this.cases.makeOffer(c.id(), remedy, null, AGENT).offerId();
		this.cases.acceptOffer(c.id(), offer, null, AGENT);
		this.cases.recordResponse(c.id(), new ResponseRecord(action, null, null), null, AGENT);
		this.cases.recordFollowUp(c.id(), new FollowUpOutcome(true, satisfaction, null), null, AGENT);
	}

	private UUID customer(String name, String preferred, String email, Language language, String ref,
			String preferences) {
		return this.customers
			.create(new NewCustomer(name, preferred, email, null, language, MARKER + ref, preferences), AGENT)
			.id();
	}

	private CaseView open(UUID customer, Channel channel, String subject, Severity severity, String statement) {
		return this.cases.open(new CaseInputs.NewCase(customer, null, channel, subject, severity, statement, null),
				AGENT);
	}

	private CaseView inOffer(UUID customer, Channel channel, String subject, String statement, DetailsUpdate details,
			String acknowledgement) {
		CaseView c = open(customer, channel, subject, Severity.MEDIUM, statement);
		this.cases.acknowledge(c.id(), new CaseInputs.Acknowledgement(acknowledgement), null, AGENT);
		this.cases.saveDetails(c.id(), details, null, AGENT);
		return this.cases.confirmDetails(c.id(), null, AGENT);
	}

}
