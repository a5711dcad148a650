package io.defuse.access;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface TeamRepository extends JpaRepository<Team, UUID> {

	boolean existsByNameIgnoreCase(String name);

	List<Team> findAllByOrderByName();

	List<Team> findByIdInOrderByName(java.util.Collection<UUID> ids);

}
