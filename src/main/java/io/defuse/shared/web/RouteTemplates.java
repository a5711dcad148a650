package io.defuse.shared.web;

import java.util.Comparator;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The route a request was for, as its path template ({@code /api/v1/cases/{id}}), never
 * the path itself, which carries ids. Spring MVC tells it for the requests it handled; a
 * request answered before (401, 429, 503) is matched against the same templates, most
 * specific first. A request no operation takes is {@value #UNMATCHED}.
 */
class RouteTemplates {

	static final String UNMATCHED = "UNMATCHED";

	/** What the static-resource fallback matches: no operation at all. */
	private static final String EVERYTHING = "/**";

	private final ObjectProvider<RequestMappingInfoHandlerMapping> mappings;

	private volatile List<PathPattern> templates;

	RouteTemplates(ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
		this.mappings = mappings;
	}

	String of(HttpServletRequest request) {
		Object matched = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (matched != null && !EVERYTHING.equals(matched.toString())) {
			return matched.toString();
		}
		try {
			PathContainer path = PathContainer
				.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
			for (PathPattern template : templates()) {
				if (template.matches(path)) {
					return template.getPatternString();
				}
			}
		}
		catch (IllegalArgumentException unreadable) {
			// a path that does not even decode matches nothing
		}
		return UNMATCHED;
	}

	private List<PathPattern> templates() {
		List<PathPattern> known = this.templates;
		if (known == null) {
			PathPatternParser parser = PathPatternParser.defaultInstance;
			known = this.mappings.orderedStream()
				.flatMap((mapping) -> mapping.getHandlerMethods().keySet().stream())
				.flatMap((info) -> info.getPatternValues().stream())
				.distinct()
				.filter((pattern) -> !EVERYTHING.equals(pattern))
				.map(parser::parse)
				.sorted(Comparator.nullsLast(PathPattern.SPECIFICITY_COMPARATOR))
				.toList();
			this.templates = known;
		}
		return known;
	}

}
