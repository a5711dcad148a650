package io.defuse.casework;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.casework.CaseViews.DetailsView;
import io.defuse.casework.CaseViews.EscalationView;
import io.defuse.casework.CaseViews.FollowUpView;
import io.defuse.casework.CaseViews.OfferView;
import io.defuse.casework.CaseViews.ResponseView;
import io.defuse.casework.CaseViews.StatementView;
import io.defuse.casework.CaseViews.TensionView;
import io.defuse.casework.CaseViews.TimelineEntry;
import io.defuse.casework.ExportViews.ExportedCase;
import io.defuse.casework.ExportViews.NoteView;
import io.defuse.customer.CustomerService;
import io.defuse.customer.CustomerView;
import io.defuse.shared.Actor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.web.Cursor;

/**
 * Exports everything held about a customer (GDPR art. 15 and 20) as one JSON document,
 * {@link ExportViews.CustomerExport}. The document is written as it is read, one case at
 * a time, so a customer with thousands of cases needs the memory of one case; it is read
 * in one repeatable-read transaction, so it is a consistent snapshot even while agents
 * keep working.
 */
@Service
public class CustomerExportService {

	/** Who reads for an export already authorised: it sees every team. */
	private static final Actor EXPORTER = new Actor(new UUID(0, 0), "customer-export", io.defuse.shared.Role.ADMIN);

	/** The document's {@code format}. */
	public static final String FORMAT = "defuse.customer-export";

	/** The document's {@code formatVersion}. */
	public static final int FORMAT_VERSION = 1;

	private static final int PAGE = 200;

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final CaseRepository cases;

	private final StatementRepository statements;

	private final TimelineRepository timeline;

	private final CustomerCases customerCases;

	private final CustomerService customers;

	private final EntityManager entities;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CustomerExportService(CaseRepository cases, StatementRepository statements, TimelineRepository timeline,
			CustomerCases customerCases, CustomerService customers, EntityManager entities, JsonMapper json,
			ApplicationEventPublisher events, Clock clock) {
		this.cases = cases;
		this.statements = statements;
		this.timeline = timeline;
		this.customerCases = customerCases;
		this.customers = customers;
		this.entities = entities;
		this.json = json;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * An export about to be written.
	 *
	 * @param filename for the {@code Content-Disposition} of the answer: ids and time
	 * only, never a name
	 */
	public record Export(UUID customerId, Instant exportedAt, String filename) {
	}

	/**
	 * Starts an export: 404 for an unknown customer, otherwise the export is published
	 * for the audit log ({@code customer.exported}) and committed before any byte goes
	 * out, so even an export that breaks off half-way is on record.
	 */
	@Transactional
	public Export start(UUID customerId, Actor actor) {
		this.customers.get(customerId, actor);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		this.events.publishEvent(new AdminAction(actor, "customer.exported", "customer", customerId.toString(),
				Map.of("format", FORMAT, "formatVersion", FORMAT_VERSION)));
		return new Export(customerId, now, "defuse-customer-" + customerId + "-" + FILE_TIME.format(now) + ".json");
	}

	/** Writes the document to {@code out}, closing it at the end. */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public void write(Export export, OutputStream out) {
		// an admin asked for it in start()
		CustomerView customer = this.customers.get(export.customerId(), EXPORTER);
		List<UUID> caseIds = this.customerCases.ids(export.customerId());
		try (JsonGenerator generator = this.json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("format", FORMAT);
			generator.writeNumberProperty("formatVersion", FORMAT_VERSION);
			generator.writePOJOProperty("exportedAt", export.exportedAt());
			generator.writePOJOProperty("customer", customer);
			generator.writeName("cases");
			generator.writeStartArray();
			for (UUID caseId : caseIds) {
				SupportCase supportCase = this.cases.findById(caseId).orElse(null);
				if (supportCase != null) {
					generator.writePOJO(exported(supportCase));
				}
				// what was written is not needed again: keep the memory of one case
				this.entities.clear();
			}
			generator.writeEndArray();
			generator.writeEndObject();
		}
	}

	private ExportedCase exported(SupportCase c) {
		CaseDetails d = c.details();
		List<TimelineEntry> entries = timelineOf(c.id());
		List<NoteView> notes = new ArrayList<>();
		for (TimelineEntry entry : entries) {
			if (entry.type().equals("case.note_added")) {
				JsonNode text = entry.data().get("text");
				notes.add(new NoteView(entry.sequence(), entry.occurredAt(), entry.actor(),
						(text != null && !text.isNull()) ? text.asString() : null));
			}
		}
		return new ExportedCase(c.id(), c.number(), c.subject(), c.channel(), c.severity(), c.step(), c.outcome(),
				c.assignee(), new EscalationView(c.escalated(), c.escalationReason(), c.escalatedAt(), c.escalatedBy()),
				new DetailsView(d.category(), d.product(), d.orderRef(), d.purchaseDate(), d.description(),
						d.attachments(), c.detailsConfirmedAt(),
						(c.detailsConfirmedAt() == null) ? ProblemCategory.missingDetails(d) : List.of()),
				c.offers().stream().map(OfferView::of).toList(), c.responses().stream().map(ResponseView::of).toList(),
				c.followUps().stream().map(FollowUpView::of).toList(), TensionView.of(c), c.repeatOf(), c.reopenCount(),
				c.createdAt(), c.createdBy(), c.updatedAt(), c.closedAt(), notes, statementsOf(c.id()), entries);
	}

	private List<StatementView> statementsOf(UUID caseId) {
		List<StatementView> all = new ArrayList<>();
		Cursor after = new Cursor(Instant.EPOCH, new UUID(0, 0));
		while (true) {
			List<Statement> page = this.statements.page(caseId, after.at(), after.id(), Limit.of(PAGE));
			page.forEach((s) -> all.add(StatementView.of(s, this.json)));
			if (page.size() < PAGE) {
				return all;
			}
			Statement last = page.get(page.size() - 1);
			after = new Cursor(last.createdAt(), last.id());
		}
	}

	private List<TimelineEntry> timelineOf(UUID caseId) {
		List<TimelineEntry> all = new ArrayList<>();
		int after = 0;
		while (true) {
			List<TimelineEvent> page = this.timeline.page(caseId, after, Limit.of(PAGE));
			page.forEach((e) -> all.add(new TimelineEntry(e.sequence(), e.type(), e.occurredAt(), e.actor(),
					e.actorRole(), e.step(), this.json.readTree(e.data()))));
			if (page.size() < PAGE) {
				return all;
			}
			after = page.get(page.size() - 1).sequence();
		}
	}

}
