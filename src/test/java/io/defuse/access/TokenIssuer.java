package io.defuse.access;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs tokens as an identity provider would, with an RSA key pair generated for this
 * test run only (no private key is ever stored).
 */
final class TokenIssuer {

	static final String ISSUER = "https://login.example.test/realms/support";

	static final String AUDIENCE = "defuse-api";

	private final RSAKey key;

	TokenIssuer(String keyId) {
		try {
			this.key = new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The public half as a JWK set, as an identity provider publishes it. */
	String jwkSet() {
		return new JWKSet(this.key.toPublicJWK()).toString();
	}

	/** The public half as PEM, for {@code public-key-location}. */
	String publicKeyPem() throws JOSEException {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes())
			.encodeToString(this.key.toRSAPublicKey().getEncoded());
		return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
	}

	/**
	 * Claims of a token that is valid for five minutes: issuer, audience, a fresh
	 * subject; no role yet.
	 */
	static JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(AUDIENCE)
			.subject("user-" + UUID.randomUUID())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(5, ChronoUnit.MINUTES)));
	}

	String sign(JWTClaimsSet.Builder claims) {
		return sign(claims, this.key.getKeyID());
	}

	/** Signs with this issuer's key but names another key id in the header. */
	String sign(JWTClaimsSet.Builder claims, String keyId) {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(JOSEObjectType.JWT).build(),
				claims.build());
		try {
			jwt.sign(new RSASSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
