/**
 * Inbound CRM webhooks: integrations with their signing secrets, and the receiver that
 * verifies, deduplicates and applies the events they send (new complaints, changed
 * customers).
 */
package io.defuse.webhook.inbound;
