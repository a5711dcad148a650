package io.defuse.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (the scheme Svix, Clerk and others use): HMAC-SHA256 over
 * {@code "{webhook-id}.{webhook-timestamp}.{body}"} keyed with the base64-decoded part of
 * a {@code whsec_} secret, sent as {@code v1,<base64>}; several space-separated
 * signatures may be sent (while a secret is rotated), and one valid signature is enough.
 */
public final class WebhookSignature {

	public static final String SECRET_PREFIX = "whsec_";

	public static final String ID_HEADER = "webhook-id";

	public static final String TIMESTAMP_HEADER = "webhook-timestamp";

	public static final String SIGNATURE_HEADER = "webhook-signature";

	/**
	 * How far a received timestamp may be from now before the message counts as a replay.
	 */
	public static final Duration TOLERANCE = Duration.ofMinutes(5);

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSignature() {
	}

	/** A new secret: {@code whsec_} and 32 random bytes, base64. */
	public static String newSecret() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/** The {@code v1,<base64>} signature of one message. */
	public static String sign(String secret, String messageId, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
			mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	/** Why a received message was not accepted. */
	public enum Failure {

		/** A header is missing or malformed. */
		MISSING_HEADERS,

		/** The timestamp is more than {@link #TOLERANCE} away from now. */
		STALE_TIMESTAMP,

		/** No signature matches. */
		BAD_SIGNATURE

	}

	/**
	 * Checks a received message against one or more secrets (the current one and, while
	 * rotating, the previous one). Compares in constant time.
	 * @return {@code null} when valid, otherwise why not
	 */
	public static Failure verify(String messageId, String timestamp, String signatures, byte[] body, Instant now,
			String... secrets) {
		if (isBlank(messageId) || isBlank(timestamp) || isBlank(signatures)) {
			return Failure.MISSING_HEADERS;
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.strip());
		}
		catch (NumberFormatException ex) {
			return Failure.MISSING_HEADERS;
		}
		if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
			return Failure.STALE_TIMESTAMP;
		}
		for (String secret : secrets) {
			if (secret == null) {
				continue;
			}
			byte[] expected = sign(secret, messageId, seconds, body).getBytes(StandardCharsets.US_ASCII);
			for (String candidate : signatures.strip().split(" +")) {
				if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
					return null;
				}
			}
		}
		return Failure.BAD_SIGNATURE;
	}

	private static byte[] key(String secret) {
		String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
		return Base64.getDecoder().decode(encoded);
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
