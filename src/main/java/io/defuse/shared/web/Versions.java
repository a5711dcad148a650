package io.defuse.shared.web;

import org.springframework.http.HttpStatus;

/**
 * Entity versions as HTTP validators: every single resource carries its version as a
 * strong ETag ({@code "7"}), and every change honours {@code If-Match} (a stale one is
 * 412, nothing written).
 */
public final class Versions {

	private Versions() {
	}

	public static String etag(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * The version an {@code If-Match} header asks for; {@code null} when the header is
	 * absent or {@code *} (any version). A value that is not one of our ETags can never
	 * match: 412.
	 */
	public static Long expected(String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
			return null;
		}
		String tag = ifMatch.strip();
		if (tag.startsWith("W/")) {
			tag = tag.substring(2);
		}
		if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
			tag = tag.substring(1, tag.length() - 1);
		}
		try {
			return Long.parseLong(tag);
		}
		catch (NumberFormatException ex) {
			throw stale(ifMatch, null);
		}
	}

	/**
	 * Refuses the change with 412 unless the resource is still at the version the client
	 * saw.
	 */
	public static void check(Long expected, long current) {
		if (expected != null && expected != current) {
			throw stale(etag(expected), current);
		}
	}

	private static ApiException stale(String sent, Long current) {
		ApiException problem = new ApiException(HttpStatus.PRECONDITION_FAILED, "stale-version", "Precondition Failed",
				"If-Match " + sent + " does not match the current version"
						+ ((current != null) ? " " + etag(current) : "") + "; reload and try again");
		return (current != null) ? problem.with("currentVersion", current) : problem;
	}

}
