package io.defuse.casework;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import io.defuse.customer.CustomerSummary;

interface CaseRepository extends JpaRepository<SupportCase, UUID>, JpaSpecificationExecutor<SupportCase>, CaseRows {

	/**
	 * The case, locked until the transaction ends: concurrent changes to one case run one
	 * after the other, each checking its guard against the state the previous one left.
	 * Stored with {@link CaseRows#store} after a change.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select c from SupportCase c where c.id = :id and (:allTeams = true or has_element(:teams, c.teamId))")
	Optional<SupportCase> findForUpdate(UUID id, boolean allTeams, UUID[] teams);

	/** The case, if one of the teams may see it (or {@code allTeams}). */
	@Query("select c from SupportCase c where c.id = :id and (:allTeams = true or has_element(:teams, c.teamId))")
	Optional<SupportCase> findVisible(UUID id, boolean allTeams, UUID[] teams);

	@Query("""
			select c from SupportCase c where c.customerId = :customerId and (:allTeams = true or has_element(:teams, c.teamId))
			order by c.createdAt desc, c.id desc""")
	List<SupportCase> findByCustomer(UUID customerId, boolean allTeams, UUID[] teams, Limit limit);

}

/**
 * Stores a case after a change, in place of Hibernate's dirty check and update of it (a
 * case is {@link UpdatedByHand}); reads one with its customer in one statement.
 */
interface CaseRows {

	/**
	 * Writes what the transaction has pending for the case (offers, responses and
	 * follow-ups, through Hibernate), then the case's own row with its next version and
	 * the statements it recorded since it was loaded, in one statement, then publishes
	 * the events it registered: what a save and flush of it did, without Hibernate's copy
	 * and comparison of its 54 columns, its update built and bound through Hibernate's
	 * types, and a round trip per statement (BENCHMARKS changes 31 and 32).
	 * @throws org.springframework.dao.OptimisticLockingFailureException if its row no
	 * longer has the version it was loaded with (never under the lock of
	 * {@code findForUpdate})
	 */
	void store(SupportCase supportCase);

	/**
	 * Writes a new case: what Hibernate has pending first, then the case's row (its
	 * number from the column's default, version 0) with its first statement and its
	 * timeline's rows in one statement, then publishes its events — a round trip where
	 * Hibernate's insert of the case, of the statement and the timeline's own took three.
	 */
	void insert(SupportCase supportCase);

	/**
	 * The case, if one of the teams may see it (or {@code allTeams}), with its customer's
	 * summary read by the same statement: a workflow step and a read of one case need
	 * both, and each round trip costs the service a part of its CPU per request
	 * (BENCHMARKS change 37).
	 * @param lock {@link LockModeType#PESSIMISTIC_WRITE} to lock the case until the
	 * transaction ends, as {@link CaseRepository#findForUpdate} does, or
	 * {@link LockModeType#NONE}
	 */
	Optional<CaseWithCustomer> findWithCustomer(UUID id, boolean allTeams, UUID[] teams, LockModeType lock);

	/** A case and its customer's summary. */
	record CaseWithCustomer(SupportCase supportCase, CustomerSummary customer) {
	}

}

interface StatementRepository extends JpaRepository<Statement, UUID> {

	/** A case's statements after the given position, oldest first. */
	@Query("""
			select s from Statement s where s.caseId = :caseId
			  and (s.createdAt > :after or (s.createdAt = :after and s.id > :afterId))
			order by s.createdAt, s.id""")
	List<Statement> page(UUID caseId, java.time.Instant after, UUID afterId, Limit limit);

}

interface TimelineRepository extends JpaRepository<TimelineEvent, TimelineEvent.Key> {

	@Query("select e from TimelineEvent e where e.caseId = :caseId and e.sequence > :after order by e.sequence")
	List<TimelineEvent> page(UUID caseId, int after, Limit limit);

}
