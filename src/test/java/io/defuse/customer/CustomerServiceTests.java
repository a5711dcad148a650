package io.defuse.customer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import io.defuse.IntegrationTest;
import io.defuse.shared.Actor;
import io.defuse.shared.Language;
import io.defuse.shared.Role;
import io.defuse.shared.web.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The service as other modules call it, with the events it publishes. */
@IntegrationTest
@RecordApplicationEvents
class CustomerServiceTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Actor crm = new Actor(UUID.randomUUID(), "crm-sync", Role.INTEGRATION,
			java.util.Set.of(io.defuse.shared.TeamScope.DEFAULT_TEAM));

	@Autowired
	CustomerService customers;

	@Autowired
	ApplicationEvents events;

	@Test
	void creatingPublishesCustomerCreated() {
		CustomerView created = this.customers.create(customer(unique("Eva"), null), this.crm);

		assertThat(this.events.stream(CustomerCreated.class)).singleElement()
			.isEqualTo(new CustomerCreated(created, this.crm));
		assertThat(this.events.stream(CustomerUpdated.class)).isEmpty();
	}

	@Test
	void changingPublishesCustomerUpdatedWithTheNewVersionAndNoChangePublishesNothing() {
		CustomerView created = this.customers.create(customer(unique("Eva"), null), this.crm);

		CustomerView changed = this.customers.update(created.id(), JSON.readTree("{\"preferredName\": \"Evi\"}"), 0L,
				this.crm);
		assertThat(changed.version()).isEqualTo(1);
		assertThat(this.events.stream(CustomerUpdated.class)).singleElement()
			.isEqualTo(new CustomerUpdated(changed, this.crm));

		CustomerView same = this.customers.update(created.id(), JSON.readTree("{\"preferredName\": \"Evi\"}"), null,
				this.crm);
		assertThat(same).isEqualTo(changed);
		assertThat(this.events.stream(CustomerUpdated.class)).hasSize(1);
	}

	@Test
	void staleExpectedVersionChangesNothing() {
		CustomerView created = this.customers.create(customer(unique("Eva"), null), this.crm);
		this.customers.update(created.id(), JSON.readTree("{\"preferredName\": \"Evi\"}"), 0L, this.crm);

		assertThatExceptionOfType(ApiException.class).isThrownBy(
				() -> this.customers.update(created.id(), JSON.readTree("{\"preferredName\": \"Eve\"}"), 0L, this.crm))
			.satisfies((refused) -> assertThat(refused.code()).isEqualTo("stale-version"));
		assertThat(this.customers.get(created.id(), this.crm).preferredName()).isEqualTo("Evi");
	}

	@Test
	void upsertCreatesACustomerForANewExternalReference() {
		String ref = unique("crm");
		CustomerView upserted = this.customers.upsertByExternalRef(
				new NewCustomer(unique("Lukas"), null, "lukas@example.de", null, Language.DE, ref, null), this.crm);

		assertThat(upserted.externalRef()).isEqualTo(ref);
		assertThat(upserted.language()).isEqualTo(Language.DE);
		assertThat(upserted.version()).isZero();
		assertThat(this.customers.get(upserted.id(), this.crm)).isEqualTo(upserted);
		assertThat(this.events.stream(CustomerCreated.class)).singleElement()
			.extracting(CustomerCreated::customer)
			.isEqualTo(upserted);
	}

	@Test
	void upsertOfAKnownExternalReferenceChangesOnlyTheFieldsGiven() {
		String ref = unique("crm");
		CustomerView first = this.customers.upsertByExternalRef(
				new NewCustomer(unique("Lukas"), "Luk", "lukas@example.de", null, Language.DE, ref, "Mornings only"),
				this.crm);

		String renamed = unique("Lukáš");
		CustomerView second = this.customers
			.upsertByExternalRef(new NewCustomer(renamed, null, null, "+49 170 1234567", null, ref, null), this.crm);

		assertThat(second.id()).isEqualTo(first.id());
		assertThat(second.version()).isEqualTo(1);
		assertThat(second.displayName()).isEqualTo(renamed);
		assertThat(second.phone()).isEqualTo("+49 170 1234567");
		assertThat(second.preferredName()).isEqualTo("Luk");
		assertThat(second.email()).isEqualTo("lukas@example.de");
		assertThat(second.language()).isEqualTo(Language.DE);
		assertThat(second.preferences()).isEqualTo("Mornings only");
		assertThat(this.events.stream(CustomerUpdated.class)).singleElement()
			.extracting(CustomerUpdated::customer)
			.isEqualTo(second);

		CustomerView third = this.customers
			.upsertByExternalRef(new NewCustomer(renamed, null, null, null, Language.DE, ref, null), this.crm);
		assertThat(third).isEqualTo(second);
		assertThat(this.events.stream(CustomerUpdated.class)).hasSize(1);
	}

	@Test
	void upsertNeedsAnExternalReference() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.customers.upsertByExternalRef(customer(unique("Nobody"), null), this.crm))
			.satisfies((refused) -> {
				assertThat(refused.code()).isEqualTo("validation-failed");
				assertThat(refused.properties().get("errors").toString()).contains("externalRef");
			});
	}

	@Test
	void summariesAnswerTheCustomersThatExist() {
		CustomerView one = this.customers.create(customer(unique("One"), Language.CS), this.crm);
		CustomerView two = this.customers.create(new NewCustomer(unique("Two"), "Twoey", null, null, null, null, null),
				this.crm);
		UUID missing = UUID.randomUUID();

		Map<UUID, CustomerSummary> summaries = this.customers.summaries(List.of(one.id(), two.id(), missing, one.id()));

		assertThat(summaries).containsOnlyKeys(one.id(), two.id());
		assertThat(summaries.get(one.id()))
			.isEqualTo(new CustomerSummary(one.id(), one.displayName(), null, Language.CS));
		assertThat(summaries.get(two.id()))
			.isEqualTo(new CustomerSummary(two.id(), two.displayName(), "Twoey", Language.EN));
		assertThat(this.customers.summaries(List.of())).isEmpty();
		assertThat(this.customers.visibleSummary(two.id(), this.crm)).contains(summaries.get(two.id()));
		assertThat(this.customers.visibleSummary(missing, this.crm)).isEmpty();
	}

	private static NewCustomer customer(String name, Language language) {
		return new NewCustomer(name, null, null, null, language, null, null);
	}

	private static String unique(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
