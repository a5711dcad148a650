package io.defuse.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The clear text of an API key, which exists only while it is created and shown once.
 * <p>
 * Keys are 256 random bits, so a fast unsalted SHA-256 is the right hash: there is
 * nothing to brute-force, and a lookup by hash stays one indexed query per request (a
 * slow password hash would cost tens of milliseconds on every call).
 *
 * @param value the key as the client sends it
 */
record ApiKeySecret(String value) {

	static final String PREFIX = "dfs_";

	/**
	 * Characters of the key shown in lists: enough to tell keys apart, far too few to
	 * guess them.
	 */
	static final int VISIBLE_CHARACTERS = 12;

	/** Bootstrap keys chosen by an operator must be at least this long. */
	static final int MIN_LENGTH = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	static ApiKeySecret generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return new ApiKeySecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	String prefix() {
		return this.value.substring(0, Math.min(VISIBLE_CHARACTERS, this.value.length()));
	}

	String hash() {
		return hash(this.value);
	}

	static String hash(String key) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	@Override
	public String toString() {
		return "ApiKeySecret[" + prefix() + "…]";
	}

}
