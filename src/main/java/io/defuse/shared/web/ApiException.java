package io.defuse.shared.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A refusal that maps to one problem answer: status, stable code, title and detail, plus
 * any extra properties a client can act on. Modules throw subclasses or instances of
 * this; the shared exception handler renders them, so no controller builds error
 * responses itself.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final String title;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	public ApiException(HttpStatus status, String code, String title, String detail) {
		super(detail);
		this.status = status;
		this.code = code;
		this.title = title;
	}

	public ApiException with(String property, Object value) {
		this.properties.put(property, value);
		return this;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public String title() {
		return this.title;
	}

	public Map<String, Object> properties() {
		return Map.copyOf(this.properties);
	}

	public static ApiException notFound(String what, Object id) {
		return new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not Found", what + " " + id + " does not exist");
	}

	public static ApiException conflict(String code, String detail) {
		return new ApiException(HttpStatus.CONFLICT, code, "Conflict", detail);
	}

}
