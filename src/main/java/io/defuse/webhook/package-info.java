/**
 * CRM synchronisation: every case and customer change goes out as a signed Standard
 * Webhooks message, written in the same transaction as the change and delivered by
 * durable, cluster-safe jobs with retries; CRM events come in verified and deduplicated.
 */
package io.defuse.webhook;
