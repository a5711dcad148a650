package io.defuse.access;

import java.io.Serial;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A verified token whose claims do not make an actor, with the problem code that says
 * which claim is at fault. To the client it is an invalid token like any other.
 */
final class RejectedToken extends OAuth2AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String code;

	RejectedToken(String code, String detail) {
		super(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, detail, null), detail);
		this.code = code;
	}

	String code() {
		return this.code;
	}

}
