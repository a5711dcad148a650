/**
 * CRM synchronisation: signed outbound webhooks with durable retries, and verified
 * inbound events.
 */
package io.defuse.webhook;
