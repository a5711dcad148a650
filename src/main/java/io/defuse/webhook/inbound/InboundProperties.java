package io.defuse.webhook.inbound;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Inbound webhook policies.
 *
 * @param rotationGrace how long the previous secret still verifies after a rotation, so
 * the CRM can switch over without losing messages
 * @param retention how long received message ids are remembered for deduplication
 */
@ConfigurationProperties("defuse.webhooks.inbound")
record InboundProperties(@DefaultValue("PT24H") Duration rotationGrace, @DefaultValue("P7D") Duration retention) {
}
