package io.defuse.shared.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a query string that is not percent-encoded UTF-8, or whose parameters carry
 * text no query can use (NUL), with 400 before anything reads it. Tomcat would throw on
 * the first parameter lookup, which becomes a 500; PostgreSQL refuses NUL in a query
 * parameter.
 */
class QueryStringCheck extends OncePerRequestFilter {

	private final ProblemResponseWriter problems;

	QueryStringCheck(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String query = request.getQueryString();
		if (query != null) {
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
				String value = decode((equals >= 0) ? pair.substring(equals + 1) : "");
				if (name == null || value == null) {
					this.problems.write(request, response, Problems.of(HttpStatus.BAD_REQUEST, "malformed-query",
							"Bad Request", "The query string is not percent-encoded UTF-8"));
					return;
				}
				String flaw = StorableText.flaw(value);
				if (flaw != null || StorableText.flaw(name) != null) {
					var problem = GlobalExceptionHandler
						.validationFailed(List.of(new FieldError((flaw != null) ? name : "(parameter)",
								(flaw != null) ? flaw : "the parameter name " + StorableText.flaw(name))));
					this.problems.write(request, response, problem);
					return;
				}
			}
		}
		chain.doFilter(request, response);
	}

	/** The decoded text, or {@code null} when it is not percent-encoded UTF-8. */
	static String decode(String encoded) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
		for (int i = 0; i < encoded.length(); i++) {
			char c = encoded.charAt(i);
			if (c == '%') {
				if (i + 2 >= encoded.length()) {
					return null;
				}
				int high = Character.digit(encoded.charAt(i + 1), 16);
				int low = Character.digit(encoded.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes.write(high * 16 + low);
				i += 2;
			}
			else if (c == '+') {
				bytes.write(' ');
			}
			else if (c > 0x7F) {
				return null;
			}
			else {
				bytes.write(c);
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
