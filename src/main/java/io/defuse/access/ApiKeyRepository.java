package io.defuse.access;

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

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

	@Query("select k from ApiKey k join fetch k.account where k.keyHash = :hash")
	Optional<ApiKey> findByHash(String hash);

	/**
	 * The key, locked until the transaction ends, so a rotation and a revocation of one
	 * key happen one after the other.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select k from ApiKey k where k.id = :id")
	Optional<ApiKey> findForUpdate(UUID id);

	/**
	 * Keys after the given position, oldest first. Callers pass {@link #START} and an
	 * empty principal rather than nulls: PostgreSQL cannot type a parameter that is only
	 * ever compared with null.
	 */
	@Query("""
			select k from ApiKey k join fetch k.account a
			where (k.createdAt > :after or (k.createdAt = :after and k.id > :afterId))
			  and (:principal = '' or a.name = :principal)
			order by k.createdAt, k.id""")
	List<ApiKey> page(Instant after, UUID afterId, String principal, Limit limit);

	/** The position before the first key. */
	Cursor START = new Cursor(Instant.EPOCH, new UUID(0, 0));

	@Query("""
			select count(k) from ApiKey k
			where k.account.role = io.defuse.shared.Role.ADMIN and k.revokedAt is null
			  and (k.expiresAt is null or k.expiresAt > :now) and k.id <> :except""")
	long countOtherActiveAdminKeys(UUID except, Instant now);

	/**
	 * Keys of the account that work now and are not about to stop: a rotated key in its
	 * grace period is not counted.
	 */
	@Query("""
			select count(k) from ApiKey k
			where k.account = :account and k.revokedAt is null and (k.expiresAt is null or k.expiresAt > :now)""")
	long countActive(Account account, Instant now);

}
