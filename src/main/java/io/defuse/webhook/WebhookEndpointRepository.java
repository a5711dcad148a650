package io.defuse.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface WebhookEndpointRepository extends JpaRepository<WebhookEndpoint, UUID> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select e from WebhookEndpoint e where e.id = :id")
	Optional<WebhookEndpoint> findForUpdate(UUID id);

	@Query("""
			select e from WebhookEndpoint e
			where e.createdAt < :before or (e.createdAt = :before and e.id < :beforeId)
			order by e.createdAt desc, e.id desc""")
	List<WebhookEndpoint> page(Instant before, UUID beforeId, Limit limit);

}
