package io.defuse.casework;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class RepeatComplaintTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aSecondComplaintAboutTheSameProductIsLinkedToTheFirst() {
		String customer = customer();
		String first = confirmed(customer, "DEFECTIVE_PRODUCT", "Kettle KX-200");
		String other = confirmed(customer(), "DEFECTIVE_PRODUCT", "Kettle KX-200");
		assertThat(this.api.get("/api/v1/cases/" + other).json().get("repeatOf")).isEmpty();

		String second = confirmed(customer, "DAMAGED_IN_TRANSIT", "kettle kx-200");
		Response repeat = this.api.get("/api/v1/cases/" + second);
		assertThat(repeat.json().get("repeatOf").toString()).contains(first).doesNotContain(other);
	}

	@Test
	void theSameCategoryCountsButOnlyWithinTheWindow() {
		String customer = customer();
		String old = confirmed(customer, "LATE_DELIVERY", null);
		this.jdbc.update("update cases set created_at = created_at - interval '91 days' where id = ?::uuid", old);
		String recent = confirmed(customer, "LATE_DELIVERY", null);
		assertThat(this.api.get("/api/v1/cases/" + recent).json().get("repeatOf")).isEmpty();
		String third = confirmed(customer, "LATE_DELIVERY", null);
		assertThat(this.api.get("/api/v1/cases/" + third).json().get("repeatOf").toString()).contains(recent)
			.doesNotContain(old);
	}

	private String confirmed(String customer, String category, String product) {
		String id = this.api
			.post("/api/v1/cases",
					json("{'customerId': '%s', 'channel': 'EMAIL', 'subject': 'Again', 'statement': 'Broken'}",
							customer))
			.field("id");
		String path = "/api/v1/cases/" + id;
		this.api.post(path + "/acknowledgement", json("{'message': 'I am sorry.'}"));
		String details = (product != null)
				? json("{'category': '%s', 'product': '%s', 'orderRef': 'ORD-9'}", category, product)
				: json("{'category': '%s', 'orderRef': 'ORD-9'}", category);
		this.api.put(path + "/details", details);
		Response confirmed = this.api.post(path + "/details/confirmation", null);
		assertThat(confirmed.field("step")).as(confirmed.body()).isEqualTo("OFFER");
		return id;
	}

	private String customer() {
		return this.api.post("/api/v1/customers", json("{'displayName': 'Repeat %s'}", UUID.randomUUID())).field("id");
	}

}
