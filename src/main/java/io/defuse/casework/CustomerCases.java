package io.defuse.casework;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which cases belong to a customer, for work that treats a customer as a whole (export,
 * erasure, the {@code customer.erased} webhook).
 */
@Service
public class CustomerCases {

	private final JdbcClient jdbc;

	CustomerCases(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The ids of every case of the customer, oldest first; empty for none. */
	@Transactional(readOnly = true)
	public List<UUID> ids(UUID customerId) {
		return this.jdbc.sql("select id from cases where customer_id = :customer order by created_at, id")
			.param("customer", customerId)
			.query(UUID.class)
			.list();
	}

}
