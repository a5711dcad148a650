package io.defuse.access;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AccountRepository extends JpaRepository<Account, UUID> {

	Optional<Account> findByName(String name);

	/**
	 * The account, locked until the transaction ends: keys of one principal are created
	 * one after the other, so the limit of active keys holds under concurrent requests.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from Account a where a.name = :name")
	Optional<Account> findByNameForUpdate(String name);

}
