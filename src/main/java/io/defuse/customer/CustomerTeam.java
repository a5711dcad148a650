package io.defuse.customer;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A team that may see a customer: the team that recorded them, and every team with a case
 * of theirs. Read only inside queries, to scope them; written with
 * {@code insert ... on conflict do nothing}.
 */
@Entity
@Table(name = "customer_teams")
@IdClass(CustomerTeam.Key.class)
class CustomerTeam {

	@Id
	@Column(name = "customer_id")
	private UUID customerId;

	@Id
	@Column(name = "team_id")
	private UUID teamId;

	protected CustomerTeam() {
	}

	record Key(UUID customerId, UUID teamId) implements Serializable {
	}

}
