package io.defuse.shared.web;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The filters that protect the service from its clients, in the order they run: security
 * headers (right after the correlation id, so every answer has both), then load shedding,
 * then (in {@link WebConfiguration}) the body limit.
 */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(ProblemResponseWriter problems) {
		var registration = new FilterRegistrationBean<>(new SecurityHeadersFilter(problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		return registration;
	}

	@Bean
	FilterRegistrationBean<LoadSheddingFilter> loadSheddingFilter(HttpProperties properties,
			ProblemResponseWriter problems) {
		var registration = new FilterRegistrationBean<>(
				new LoadSheddingFilter(properties.maxConcurrentRequests(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 6);
		return registration;
	}

}
