package io.defuse.customer;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.shared.Actor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.StoredAnswers;
import io.defuse.shared.web.Versions;

/**
 * A customer's rights over their data (GDPR): legal holds, and erasure (art. 17) that
 * anonymises the customer everywhere in one transaction while keeping the non-personal
 * statistics. Every change is published as an {@link AdminAction} for the audit log,
 * without personal data.
 */
@Service
public class CustomerPrivacyService {

	static final String TARGET = "customer";

	private final CustomerRepository customers;

	private final StoredAnswers storedAnswers;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CustomerPrivacyService(CustomerRepository customers, StoredAnswers storedAnswers, ApplicationEventPublisher events,
			Clock clock) {
		this.customers = customers;
		this.storedAnswers = storedAnswers;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Sets a legal hold (or replaces its reason); erasure is refused while it lasts. 409
	 * {@code customer-erased} for an erased customer; 412 when {@code If-Match} is stale.
	 * Setting the same reason again changes nothing and publishes nothing.
	 */
	@Transactional
	public CustomerView placeLegalHold(UUID id, LegalHoldRequest input, Long expectedVersion, Actor actor) {
		Objects.requireNonNull(input, "input");
		Customer customer = lock(id, expectedVersion);
		if (customer.placeLegalHold(input.reason(), actor.name(), now())) {
			this.customers.flush();
			// the reason is the admin's free text: it stays on the customer, not in the
			// audit log, which must hold no personal data
			audit(actor, "legal-hold.set", id);
		}
		return CustomerView.of(customer);
	}

	/** Lifts the legal hold; without one, nothing changes and nothing is published. */
	@Transactional
	public CustomerView liftLegalHold(UUID id, Long expectedVersion, Actor actor) {
		Customer customer = lock(id, expectedVersion);
		if (customer.liftLegalHold()) {
			this.customers.flush();
			audit(actor, "legal-hold.lifted", id);
		}
		return CustomerView.of(customer);
	}

	/**
	 * Erases the customer's personal data everywhere, in this one transaction: every
	 * module anonymises its own records on {@link CustomerErasing}, remembered
	 * Idempotency-Key answers naming the customer lose their bodies, the customer's own
	 * record is anonymised and marked erased, then {@link CustomerErased} goes out (the
	 * {@code customer.erased} webhook, ids only).
	 * <p>
	 * Refused with 409 {@code legal-hold} while a legal hold lasts. Idempotent: a
	 * customer erased before is answered as it is, with nothing changed or published
	 * again (whatever {@code If-Match} says, since the outcome asked for is already
	 * there).
	 */
	@Transactional
	public CustomerView erase(UUID id, Long expectedVersion, Actor actor) {
		Customer customer = this.customers.findForUpdate(id).orElseThrow(() -> ApiException.notFound("Customer", id));
		if (customer.erasedAt() != null) {
			return CustomerView.of(customer);
		}
		Versions.check(expectedVersion, customer.version());
		if (customer.legalHold() != null) {
			throw PrivacyRefusals.legalHold(id, customer.legalHold());
		}
		Instant now = now();
		this.events.publishEvent(new CustomerErasing(id, actor, now));
		this.storedAnswers.forgetBodiesNaming(List.of(id));
		customer.erase(actor.name(), now);
		this.customers.flush();
		this.events.publishEvent(new CustomerErased(id, actor, now));
		audit(actor, "customer.erased", id);
		return CustomerView.of(customer);
	}

	private Customer lock(UUID id, Long expectedVersion) {
		Customer customer = this.customers.findForUpdate(id).orElseThrow(() -> ApiException.notFound("Customer", id));
		Versions.check(expectedVersion, customer.version());
		return customer;
	}

	private void audit(Actor actor, String action, UUID customerId) {
		this.events.publishEvent(new AdminAction(actor, action, TARGET, customerId.toString(), Map.of()));
	}

	/** Microseconds, as PostgreSQL stores them: what we answer is what we stored. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
