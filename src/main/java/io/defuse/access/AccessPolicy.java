package io.defuse.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpMethod;

import io.defuse.shared.Role;

/**
 * Who may call which operation: the one table of function-level rules. Security is
 * configured from it, {@code docs/ACCESS.md} shows it, and a test checks that every
 * operation of the OpenAPI document is listed and that each role gets exactly what the
 * table says. An operation that is not listed is refused to everyone. Which cases and
 * customers an allowed role sees is the team rule, checked inside the queries.
 */
public final class AccessPolicy {

	private static final Set<Role> STAFF = EnumSet.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN);

	private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);

	private static final Set<Role> LEADS = EnumSet.of(Role.SUPERVISOR, Role.ADMIN);

	private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

	/** Anyone, without credentials: the operation checks its own signature. */
	private static final Set<Role> PUBLIC = Set.of();

	/**
	 * @param method the HTTP method
	 * @param path the path as in the OpenAPI document
	 * @param roles who may call it; empty: anyone, unauthenticated
	 */
	public record Rule(HttpMethod method, String path, Set<Role> roles) {

		public boolean isPublic() {
			return this.roles.isEmpty();
		}

	}

	/** Every operation of the API, grouped as in the docs. */
	public static final List<Rule> RULES = List.of(
			// access
			rule("POST", "/api/v1/api-keys", ADMIN), rule("GET", "/api/v1/api-keys", ADMIN),
			rule("GET", "/api/v1/api-keys/{id}", ADMIN), rule("DELETE", "/api/v1/api-keys/{id}", ADMIN),
			rule("POST", "/api/v1/api-keys/{id}/rotation", ADMIN), rule("GET", "/api/v1/audit", ADMIN),
			rule("GET", "/api/v1/audit/{id}", ADMIN), rule("POST", "/api/v1/teams", ADMIN),
			rule("GET", "/api/v1/teams", EVERYONE), rule("GET", "/api/v1/teams/{id}", EVERYONE),
			rule("PATCH", "/api/v1/teams/{id}", ADMIN), rule("PUT", "/api/v1/teams/{id}/members/{principal}", ADMIN),
			rule("DELETE", "/api/v1/teams/{id}/members/{principal}", ADMIN),
			// customers
			rule("POST", "/api/v1/customers", EVERYONE), rule("GET", "/api/v1/customers", EVERYONE),
			rule("GET", "/api/v1/customers/{id}", EVERYONE), rule("PATCH", "/api/v1/customers/{id}", EVERYONE),
			rule("GET", "/api/v1/customers/{id}/history", EVERYONE),
			rule("GET", "/api/v1/customers/{id}/export", ADMIN), rule("POST", "/api/v1/customers/{id}/erasure", ADMIN),
			rule("PUT", "/api/v1/customers/{id}/legal-hold", ADMIN),
			rule("DELETE", "/api/v1/customers/{id}/legal-hold", ADMIN),
			// cases: reading, opening, and what a CRM may add
			rule("POST", "/api/v1/cases", EVERYONE), rule("GET", "/api/v1/cases", EVERYONE),
			rule("GET", "/api/v1/cases/{id}", EVERYONE), rule("GET", "/api/v1/cases/{id}/timeline", EVERYONE),
			rule("GET", "/api/v1/cases/{id}/statements", EVERYONE),
			rule("GET", "/api/v1/cases/{id}/offers/{offerId}", EVERYONE),
			rule("POST", "/api/v1/cases/{id}/statements", EVERYONE), rule("GET", "/api/v1/cases/{id}/guidance", STAFF),
			// cases: the workflow, worked by people
			rule("POST", "/api/v1/cases/{id}/acknowledgement", STAFF), rule("PUT", "/api/v1/cases/{id}/details", STAFF),
			rule("POST", "/api/v1/cases/{id}/details/confirmation", STAFF),
			rule("POST", "/api/v1/cases/{id}/offers", STAFF),
			rule("POST", "/api/v1/cases/{id}/offers/{offerId}/approval", LEADS),
			rule("POST", "/api/v1/cases/{id}/offers/{offerId}/acceptance", STAFF),
			rule("POST", "/api/v1/cases/{id}/offers/{offerId}/rejection", STAFF),
			rule("POST", "/api/v1/cases/{id}/response", STAFF), rule("POST", "/api/v1/cases/{id}/follow-ups", STAFF),
			rule("POST", "/api/v1/cases/{id}/notes", STAFF), rule("POST", "/api/v1/cases/{id}/assignment", STAFF),
			rule("POST", "/api/v1/cases/{id}/escalation", STAFF), rule("POST", "/api/v1/cases/{id}/sla-pause", STAFF),
			rule("POST", "/api/v1/cases/{id}/sla-resume", STAFF), rule("POST", "/api/v1/cases/{id}/closure", LEADS),
			rule("POST", "/api/v1/cases/{id}/reopening", LEADS),
			// policies and texts
			rule("GET", "/api/v1/sla-policies", STAFF), rule("GET", "/api/v1/sla-policies/{severity}", STAFF),
			rule("PUT", "/api/v1/sla-policies/{severity}", ADMIN), rule("GET", "/api/v1/guidance", STAFF),
			rule("GET", "/api/v1/guidance/{step}/{lang}", STAFF), rule("PUT", "/api/v1/guidance/{step}/{lang}", ADMIN),
			// webhooks
			rule("POST", "/api/v1/webhook-endpoints", ADMIN), rule("GET", "/api/v1/webhook-endpoints", ADMIN),
			rule("GET", "/api/v1/webhook-endpoints/{id}", ADMIN),
			rule("PATCH", "/api/v1/webhook-endpoints/{id}", ADMIN),
			rule("DELETE", "/api/v1/webhook-endpoints/{id}", ADMIN),
			rule("POST", "/api/v1/webhook-endpoints/{id}/secret-rotation", ADMIN),
			rule("POST", "/api/v1/webhook-endpoints/{id}/test", ADMIN),
			rule("POST", "/api/v1/webhook-endpoints/{id}/recover", ADMIN),
			rule("GET", "/api/v1/webhook-endpoints/{id}/deliveries", ADMIN),
			rule("GET", "/api/v1/webhook-deliveries/{id}", ADMIN),
			rule("POST", "/api/v1/webhook-deliveries/{id}/retry", ADMIN), rule("POST", "/api/v1/integrations", ADMIN),
			rule("GET", "/api/v1/integrations", ADMIN), rule("GET", "/api/v1/integrations/{id}", ADMIN),
			rule("PATCH", "/api/v1/integrations/{id}", ADMIN), rule("DELETE", "/api/v1/integrations/{id}", ADMIN),
			rule("POST", "/api/v1/integrations/{id}/secret-rotation", ADMIN),
			rule("POST", "/api/v1/inbound/{integrationId}", PUBLIC),
			// reports: supervisors for their teams, admins for every team
			rule("GET", "/api/v1/reports/overview", LEADS), rule("GET", "/api/v1/reports/timeseries", LEADS));

	private AccessPolicy() {
	}

	private static Rule rule(String method, String path, Set<Role> roles) {
		return new Rule(HttpMethod.valueOf(method), path, roles);
	}

}
