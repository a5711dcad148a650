package io.defuse.shared.web;

import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request whose {@code Accept} rules out JSON before its operation runs. Spring
 * MVC would find out only when writing the answer, after the change was committed: the
 * client would get a 406 for a change that happened.
 */
class AcceptCheck implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws HttpMediaTypeNotAcceptableException {
		if (!(handler instanceof HandlerMethod)) {
			return true;
		}
		List<String> headers = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		if (headers.isEmpty()) {
			return true;
		}
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(headers);
		}
		catch (IllegalArgumentException ex) {
			// InvalidMediaTypeException, or a quality that is not a number
			throw new HttpMediaTypeNotAcceptableException("The Accept header cannot be read");
		}
		for (MediaType type : accepted) {
			if (type.getQualityValue() > 0 && type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
				return true;
			}
		}
		throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
	}

}
