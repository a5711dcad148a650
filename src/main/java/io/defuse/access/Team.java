package io.defuse.access;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A support team: cases and customers belong to teams, people work in teams. */
@Entity
@Table(name = "teams")
class Team {

	@Id
	private UUID id;

	@Column(nullable = false, unique = true, length = 100)
	private String name;

	@Column(length = 500)
	private String description;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", nullable = false, length = 100)
	private String createdBy;

	@Version
	private Long version;

	protected Team() {
	}

	Team(String name, String description, String createdBy, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.name = name;
		this.description = description;
		this.createdBy = createdBy;
		this.createdAt = createdAt;
	}

	void rename(String name) {
		this.name = name;
	}

	void describe(String description) {
		this.description = description;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	String description() {
		return this.description;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	String createdBy() {
		return this.createdBy;
	}

	long version() {
		return (this.version != null) ? this.version : 0;
	}

}
