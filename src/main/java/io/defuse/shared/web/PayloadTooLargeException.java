package io.defuse.shared.web;

import java.io.IOException;

/**
 * Raised while reading a request body that turns out larger than the configured limit. An
 * {@link IOException} because it surfaces from the body stream, wherever the reader
 * happens to be.
 */
public class PayloadTooLargeException extends IOException {

	private final long limit;

	public PayloadTooLargeException(long limit) {
		super("Request body exceeds the limit of " + limit + " bytes");
		this.limit = limit;
	}

	public long limit() {
		return this.limit;
	}

}
