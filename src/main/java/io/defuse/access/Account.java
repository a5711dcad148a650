package io.defuse.access;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
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

	protected Account() {
	}

	Account(String name, Role role, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.name = name;
		this.role = role;
		this.createdAt = createdAt;
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
		return new Actor(this.id, this.name, this.role);
	}

}
