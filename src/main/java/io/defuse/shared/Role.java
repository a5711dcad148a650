package io.defuse.shared;

/**
 * What a principal may do; every API key and every authenticated request carries exactly
 * one.
 */
public enum Role {

	/**
	 * Works cases of their team: records statements, gathers details, makes offers,
	 * follows up.
	 */
	AGENT,

	/**
	 * Team lead: everything an agent does, plus approvals, closures, reopenings and
	 * reports.
	 */
	SUPERVISOR,

	/**
	 * Runs the service: API keys, teams, webhook endpoints, policies, guidance texts,
	 * privacy requests.
	 */
	ADMIN,

	/** A CRM system pushing complaints in and reading what it needs to stay in sync. */
	INTEGRATION;

	/** The Spring Security authority for this role ({@code ROLE_AGENT}, ...). */
	public String authority() {
		return "ROLE_" + name();
	}

}
