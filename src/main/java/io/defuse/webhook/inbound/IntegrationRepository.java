package io.defuse.webhook.inbound;

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

interface IntegrationRepository extends JpaRepository<Integration, UUID> {

	/** The position before the newest integration: later than any row, above any id. */
	Cursor START = new Cursor(Instant.parse("9999-12-31T23:59:59Z"), new UUID(-1L, -1L));

	/**
	 * The integration, locked until the transaction ends, so concurrent changes queue up
	 * and each checks its If-Match against the version the one before it wrote.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select i from Integration i where i.id = :id")
	Optional<Integration> findForUpdate(UUID id);

	boolean existsByName(String name);

	/** Integrations after the given position, newest first. */
	@Query("""
			select i from Integration i
			where i.createdAt < :at or (i.createdAt = :at and i.id < :afterId)
			order by i.createdAt desc, i.id desc""")
	List<Integration> page(Instant at, UUID afterId, Limit limit);

}
