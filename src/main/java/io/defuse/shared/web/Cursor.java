package io.defuse.shared.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

import org.springframework.http.HttpStatus;

/**
 * Position in a keyset-paginated list ordered by (time, id): opaque to clients, stable
 * while rows are added, and cheap to seek with an index on the same two columns.
 *
 * @param at the time of the last row seen
 * @param id the id of the last row seen, breaking ties
 */
public record Cursor(Instant at, UUID id) {

	/**
	 * The cursor a client sent, or {@code null} for the first page; a mangled token is a
	 * 400.
	 */
	public static Cursor decode(String token) {
		if (token == null || token.isBlank()) {
			return null;
		}
		try {
			String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			int bar = plain.indexOf('|');
			return new Cursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
		}
		catch (IllegalArgumentException | DateTimeParseException | IndexOutOfBoundsException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "invalid-cursor", "Bad Request",
					"The cursor is not one this API issued; start again without it");
		}
	}

	public String encode() {
		String plain = this.at + "|" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
	}

}
