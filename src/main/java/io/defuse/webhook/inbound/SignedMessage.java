package io.defuse.webhook.inbound;

/**
 * A message as received, before anything about it is trusted.
 *
 * @param id the {@code webhook-id} header: the sender's id of the message, the same on
 * every retry
 * @param timestamp the {@code webhook-timestamp} header: Unix seconds of this attempt
 * @param signature the {@code webhook-signature} header: one or more {@code v1,<base64>}
 * @param body the raw body, exactly as signed; empty when there was none
 */
public record SignedMessage(String id, String timestamp, String signature, byte[] body) {

	public SignedMessage {
		body = (body != null) ? body : new byte[0];
	}

}
