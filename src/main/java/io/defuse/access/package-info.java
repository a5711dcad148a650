/**
 * Who may call the API: accounts (people and integrations) with a role, their API keys,
 * and the security configuration that turns a key into the request's
 * {@link io.defuse.shared.Actor}.
 */
package io.defuse.access;
