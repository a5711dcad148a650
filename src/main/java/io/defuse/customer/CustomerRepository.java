package io.defuse.customer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import io.defuse.shared.web.Cursor;

interface CustomerRepository extends JpaRepository<Customer, UUID> {

	/** The position before the newest customer: later than any row, above any id. */
	Cursor START = new Cursor(Instant.parse("9999-12-31T23:59:59Z"), new UUID(-1L, -1L));

	/**
	 * The customer, locked until the transaction ends, so concurrent changes queue up and
	 * each checks its If-Match against the version the one before it wrote.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("""
			select c from Customer c where c.id = :id
			  and (:allTeams = true or exists (select 1 from CustomerTeam t
			                                   where t.customerId = c.id and has_element(:teams, t.teamId)))""")
	Optional<Customer> findForUpdate(UUID id, boolean allTeams, UUID[] teams);

	/** The customer, locked, whichever team sees them: for admin-only operations. */
	default Optional<Customer> findForUpdate(UUID id) {
		return findForUpdate(id, true, new UUID[0]);
	}

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select c from Customer c where c.externalRef = :externalRef")
	Optional<Customer> findByExternalRefForUpdate(String externalRef);

	@Query("select c.id from Customer c where c.externalRef = :externalRef")
	Optional<UUID> findIdByExternalRef(String externalRef);

	/**
	 * Customers after the given position, newest first, whose name, e-mail or external
	 * reference contains {@code pattern} ignoring case (a LIKE pattern escaped with
	 * {@code \}). Callers pass {@link #START} and an empty pattern rather than nulls:
	 * PostgreSQL cannot type a parameter that is only ever compared with null.
	 */
	@Query("""
			select c from Customer c
			where (c.createdAt < :at or (c.createdAt = :at and c.id < :afterId))
			  and (:allTeams = true or exists (select 1 from CustomerTeam t
			                                   where t.customerId = c.id and has_element(:teams, t.teamId)))
			  and (:pattern = ''
			       or lower(c.displayName) like lower(:pattern) escape '\\'
			       or lower(c.email) like lower(:pattern) escape '\\'
			       or lower(c.externalRef) like lower(:pattern) escape '\\')
			order by c.createdAt desc, c.id desc""")
	List<Customer> page(Instant at, UUID afterId, String pattern, boolean allTeams, UUID[] teams, Limit limit);

	/** The customer, if one of the teams may see it (or {@code allTeams}). */
	@Query("""
			select c from Customer c where c.id = :id
			  and (:allTeams = true or exists (select 1 from CustomerTeam t
			                                   where t.customerId = c.id and has_element(:teams, t.teamId)))""")
	Optional<Customer> findVisible(UUID id, boolean allTeams, UUID[] teams);

}
