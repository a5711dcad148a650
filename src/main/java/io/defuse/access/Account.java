package io.defuse.access;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import io.defuse.shared.Actor;
import io.defuse.shared.Role;

/** A named principal (a person or an integration) holding one role. */
@Entity
@Table(name = "accounts")
class Account {

	@Id
	private UUID id;

	@Column(nullable = false, unique = true, length = 100)
	private String name;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private Role role;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/** The teams whose cases the principal works on; none for an ADMIN, who sees all. */
	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "account_teams", joinColumns = @JoinColumn(name = "account_id"))
	@Column(name = "team_id")
	private Set<UUID> teams = new HashSet<>();

	protected Account() {
	}

	Account(String name, Role role, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.name = name;
		this.role = role;
		this.createdAt = createdAt;
		if (role != Role.ADMIN) {
			this.teams.add(Teams.DEFAULT);
		}
	}

	Set<UUID> teams() {
		return this.teams;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	Role role() {
		return this.role;
	}

	Actor toActor() {
		return new Actor(this.id, this.name, this.role, this.teams);
	}

}
