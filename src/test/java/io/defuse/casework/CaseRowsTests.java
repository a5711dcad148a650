package io.defuse.casework;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.ApiClient;
import io.defuse.IntegrationTest;
import io.defuse.shared.Actor;
import io.defuse.shared.Language;
import io.defuse.shared.Role;
import io.defuse.shared.Severity;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A changed case is written by {@link CaseRows}' own update, and its new statements and
 * timeline rows by the same statement, not by Hibernate: they must write every column
 * Hibernate maps, in the types Hibernate reads back.
 */
@IntegrationTest
class CaseRowsTests {

	@Autowired
	ApiClient api;

	@Autowired
	CaseRepository cases;

	@Autowired
	StatementRepository statements;

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void theUpdateWritesEveryColumnHibernateMapsForACaseButItsIdAndNumber() {
		List<String> written = new ArrayList<>(CaseRowsImpl.columns(new SupportCase()::forEachColumn));
		written.add("version");

		assertThat(written).doesNotHaveDuplicates();
		assertThat(new TreeSet<>(written)).isEqualTo(mapped(SupportCase.class, "cases", false))
			.contains("repeat_of", "attachments", "tension_scores")
			.doesNotContain("id", "number");
	}

	@Test
	void theInsertWritesEveryColumnHibernateInsertsForACaseAndLeavesTheNumberToTheDatabase() {
		List<String> written = new ArrayList<>(List.of("id"));
		written.addAll(CaseRowsImpl.columns(new SupportCase()::forEachColumn));
		written.add("version");

		assertThat(written).doesNotHaveDuplicates();
		assertThat(new TreeSet<>(written)).isEqualTo(mapped(SupportCase.class, "cases", true)).doesNotContain("number");
	}

	@Test
	void aNewCaseIsInsertedNumberedWithItsFirstStatementAndItsTimelineEachRowOnce() {
		UUID customer = UUID.fromString(this.api
			.post("/api/v1/customers", json("{'displayName': 'Rows %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id"));
		UUID team = this.jdbc.queryForObject("select id from teams order by created_at limit 1", UUID.class);
		Actor agent = new Actor(UUID.randomUUID(), "tester", Role.AGENT);
		Map<String, Object> inserted = new LinkedHashMap<>();
		SupportCase opened = this.transaction.execute((status) -> {
			SupportCase made = SupportCase.open(customer, team, Channel.EMAIL, "Kettle", Severity.HIGH,
					"It broke, and nobody answers my mails!", StatementAnalysis.none(), agent,
					Instant.now().truncatedTo(ChronoUnit.MICROS));
			List<String> types = made.recordedEvents().stream().map(CaseEvent::type).toList();
			assertThat(types).containsExactly("case.created", "case.statement_added");
			this.cases.insert(made);
			assertThat(made.newStatements()).isEmpty();
			assertThat(made.recordedEvents()).isEmpty();
			inserted.putAll(row(made));
			return made;
		});
		UUID id = opened.getId();
		Map<String, Object> loaded = this.transaction.execute((status) -> row(this.cases.findById(id).orElseThrow()));

		assertThat(loaded).isEqualTo(inserted).containsEntry("version", 0L);
		assertThat(opened.number())
			.isEqualTo(this.jdbc.queryForObject("select number from cases where id = ?", Long.class, id));
		assertThat(
				this.jdbc.queryForList("select type from case_events where case_id = ? order by seq", String.class, id))
			.containsExactly("case.created", "case.statement_added");
		assertThat(this.jdbc.queryForList("select text from case_statements where case_id = ?", String.class, id))
			.containsExactly("It broke, and nobody answers my mails!");
	}

	@Test
	void aNewStatementIsInsertedInEveryColumnHibernateMapsForIt() {
		List<String> written = CaseRowsImpl.columns(new Statement()::forEachColumn);

		assertThat(written).doesNotHaveDuplicates();
		assertThat(new TreeSet<>(written)).isEqualTo(mapped(Statement.class, "case_statements", true))
			.contains("id", "analysis");
	}

	@Test
	void aStatementIsStoredWithItsCaseAndReadsBackAsSaid() {
		UUID id = richCase();
		Map<String, Object> said = this.transaction.execute((status) -> {
			SupportCase supportCase = this.cases.findForUpdate(id, true, new UUID[0]).orElseThrow();
			Statement statement = supportCase.addStatement(Speaker.AGENT, "We will send a new kettle today.",
					new Actor(UUID.randomUUID(), "tester", Role.AGENT), Instant.now().truncatedTo(ChronoUnit.MICROS));
			this.cases.store(supportCase);
			assertThat(supportCase.newStatements()).isEmpty();
			return row(statement);
		});
		Map<String, Object> loaded = this.transaction
			.execute((status) -> row(this.statements.findById((UUID) said.get("id")).orElseThrow()));

		assertThat(loaded).isEqualTo(said);
	}

	/**
	 * The columns of the table Hibernate writes for the entity: on insert with its id, or
	 * on update.
	 */
	private TreeSet<String> mapped(Class<?> entity, String table, boolean insert) {
		EntityPersister persister = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getMappingMetamodel()
			.getEntityDescriptor(entity);
		TreeSet<String> mapped = new TreeSet<>();
		if (insert) {
			persister.getIdentifierMapping()
				.forEachSelectable((index, column) -> mapped.add(column.getSelectionExpression()));
		}
		persister.forEachAttributeMapping((attribute) -> attribute.forEachSelectable((index, column) -> {
			if (column.getContainingTableExpression().equals(table)
					&& (insert ? column.isInsertable() : column.isUpdateable())) {
				mapped.add(column.getSelectionExpression());
			}
		}));
		return mapped;
	}

	@Test
	void aStoredCaseReadsBackAsItWasWrittenInEveryColumn() {
		UUID id = richCase();
		long version = version(id);
		Map<String, Object> stored = this.transaction.execute((status) -> {
			SupportCase supportCase = this.cases.findForUpdate(id, true, new UUID[0]).orElseThrow();
			// PostgreSQL keeps microseconds
			supportCase.addNote("read back", new Actor(UUID.randomUUID(), "tester", Role.AGENT),
					Instant.now().truncatedTo(ChronoUnit.MICROS));
			this.cases.store(supportCase);
			return row(supportCase);
		});
		Map<String, Object> loaded = this.transaction.execute((status) -> row(this.cases.findById(id).orElseThrow()));

		assertThat(loaded).isEqualTo(stored);
		assertThat(stored).containsEntry("version", version + 1)
			.containsEntry("purchase_date", LocalDate.parse("2026-10-01"));
		for (String column : List.of("threats", "tension_scores", "tension_levels", "repeat_of", "attachments",
				"escalated_at", "escalation_kind", "tension_level", "category")) {
			assertThat(stored.get(column)).as(column).isNotNull();
		}
	}

	@Test
	void aStoredCaseWritesItsTimelineWithItsRowEachEventAndStayOnce() {
		UUID id = richCase();
		long events = rows("case_events", id);
		long stays = rows("case_step_stays", id);
		Actor supervisor = new Actor(UUID.randomUUID(), "lead", Role.SUPERVISOR);
		List<String> recorded = this.transaction.execute((status) -> {
			SupportCase supportCase = this.cases.findForUpdate(id, true, new UUID[0]).orElseThrow();
			supportCase.close(new Closure(Outcome.WITHDRAWN, "found it"), supervisor, Instant.now());
			assertThat(supportCase.recordedStays()).hasSize(1);
			List<String> types = supportCase.recordedEvents().stream().map(CaseEvent::type).toList();
			this.cases.store(supportCase);
			return types;
		});

		assertThat(this.jdbc.queryForList("select type from case_events where case_id = ? order by seq desc limit ?",
				String.class, id, recorded.size()))
			.containsExactlyInAnyOrderElementsOf(recorded);
		assertThat(rows("case_events", id)).isEqualTo(events + recorded.size());
		assertThat(rows("case_step_stays", id)).isEqualTo(stays + 1);
	}

	@Test
	void aCaseWhoseRowMovedOnSinceItWasLoadedIsNotStored() {
		UUID id = richCase();
		long version = version(id);
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.transaction.executeWithoutResult((status) -> {
				SupportCase supportCase = this.cases.findForUpdate(id, true, new UUID[0]).orElseThrow();
				this.jdbc.update("update cases set version = version + 1 where id = ?", id);
				supportCase.addNote("lost", new Actor(UUID.randomUUID(), "tester", Role.AGENT), Instant.now());
				this.cases.store(supportCase);
			}));

		assertThat(version(id)).isEqualTo(version);
		assertThat(this.jdbc.queryForObject("select count(*) from case_events where case_id = ? and type = ?",
				Long.class, id, "case.note_added"))
			.isZero();
	}

	@Test
	void aCaseIsFoundWithItsCustomersSummaryAndLockedUntilTheTransactionEnds() {
		UUID id = richCase();
		this.transaction.executeWithoutResult((status) -> {
			CaseRows.CaseWithCustomer found = this.cases
				.findWithCustomer(id, true, new UUID[0], LockModeType.PESSIMISTIC_WRITE)
				.orElseThrow();

			assertThat(found.supportCase().getId()).isEqualTo(id);
			assertThat(found.customer().id()).isEqualTo(found.supportCase().customerId());
			assertThat(found.customer().displayName()).startsWith("Rows ");
			assertThat(found.customer().language()).isEqualTo(Language.EN);
			assertThat(lockableElsewhere(id)).isFalse();
		});
		assertThat(lockableElsewhere(id)).isTrue();
	}

	@Test
	void aCaseReadWithItsCustomerWithoutALockLeavesItToOthers() {
		UUID id = richCase();
		this.transaction.executeWithoutResult((status) -> {
			assertThat(this.cases.findWithCustomer(id, true, new UUID[0], LockModeType.NONE)).isPresent();
			assertThat(lockableElsewhere(id)).isTrue();
		});
	}

	@Test
	void aCaseOfAnotherTeamIsNotFoundWithItsCustomer() {
		UUID id = richCase();
		UUID team = this.jdbc.queryForObject("select team_id from cases where id = ?", UUID.class, id);

		this.transaction.executeWithoutResult((status) -> {
			assertThat(this.cases.findWithCustomer(id, false, new UUID[] { UUID.randomUUID() },
					LockModeType.PESSIMISTIC_WRITE))
				.isEmpty();
			assertThat(this.cases.findWithCustomer(id, false, new UUID[] { UUID.randomUUID(), team },
					LockModeType.PESSIMISTIC_WRITE))
				.isPresent();
		});
	}

	/** Whether another connection could lock the case's row at once. */
	private boolean lockableElsewhere(UUID id) {
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (PreparedStatement lock = other
				.prepareStatement("select id from cases where id = ? for no key update nowait")) {
				lock.setObject(1, id);
				lock.executeQuery().close();
				return true;
			}
			catch (SQLException ex) {
				assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo("55P03");
				return false;
			}
			finally {
				other.rollback();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A case with a value in nearly every column: a threat, a repeat of an earlier case,
	 * details with a purchase date and attachments, an escalation.
	 */
	private UUID richCase() {
		String customer = this.api
			.post("/api/v1/customers", json("{'displayName': 'Rows %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		String earlier = opened(customer);
		this.api.post("/api/v1/cases/" + earlier + "/acknowledgement", json("{'message': 'I am sorry.'}"));
		this.api.put("/api/v1/cases/" + earlier + "/details",
				json("{'category': 'DEFECTIVE_PRODUCT', 'product': 'Kettle KX-9'}"));
		String id = opened(customer);
		String path = "/api/v1/cases/" + id;
		this.api.post(path + "/statements",
				json("{'from': 'CUSTOMER', 'text': 'This is outrageous, I will call my lawyer about it.'}"));
		this.api.post(path + "/acknowledgement", json("{'message': 'I understand, and I am sorry.'}"));
		this.api.put(path + "/details",
				json("{'category': 'DEFECTIVE_PRODUCT', 'product': 'Kettle KX-9', 'purchaseDate': '2026-10-01', "
						+ "'attachments': ['https://files.example.com/1.jpg']}"));
		assertThat(this.api.post(path + "/details/confirmation", null).field("step")).isEqualTo("OFFER");
		// escalated already if the threat made it risky enough
		this.api.post(path + "/escalation", json("{'reason': 'threatened legal action'}"));
		return UUID.fromString(id);
	}

	private String opened(String customer) {
		String id = this.api
			.post("/api/v1/cases",
					json("{'customerId': '%s', 'channel': 'EMAIL', 'subject': 'Kettle', 'statement': 'It broke.'}",
							customer))
			.field("id");
		return id;
	}

	private long rows(String table, UUID caseId) {
		return this.jdbc.queryForObject("select count(*) from " + table + " where case_id = ?", Long.class, caseId);
	}

	private long version(UUID id) {
		return this.jdbc.queryForObject("select version from cases where id = ?", Long.class, id);
	}

	private static Map<String, Object> row(Statement statement) {
		Map<String, Object> row = new LinkedHashMap<>();
		statement.forEachColumn(row::put);
		return row;
	}

	private static Map<String, Object> row(SupportCase supportCase) {
		Map<String, Object> row = new LinkedHashMap<>();
		supportCase.forEachColumn((column, value) -> row.put(column, comparable(value)));
		row.put("version", supportCase.version());
		return row;
	}

	private static Object comparable(Object value) {
		if (value instanceof Object[] array) {
			return Arrays.asList(array);
		}
		if (value instanceof int[] array) {
			return Arrays.stream(array).boxed().toList();
		}
		return value;
	}

}
