package io.defuse.shared.web;

import jakarta.servlet.DispatcherType;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The filters that protect the service from its clients, in the order they run: security
 * headers (right after the correlation id, so every answer has both), the client rate
 * limit, load shedding, then (in {@link WebConfiguration}) the body limit; after Spring
 * Security has found the principal (order -100), the principal's rate limit, before the
 * Idempotency-Key handling (order 0) starts any work.
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
	RateLimiter rateLimiter(RateLimitProperties properties, MeterRegistry meters, ProblemResponseWriter problems) {
		return new RateLimiter(properties, meters, problems);
	}

	@Bean
	FilterRegistrationBean<ClientRateLimitFilter> clientRateLimitFilter(RateLimiter limiter,
			RateLimitProperties properties) {
		var registration = new FilterRegistrationBean<>(new ClientRateLimitFilter(limiter, properties));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		registration.setEnabled(properties.enabled());
		return registration;
	}

	@Bean
	FilterRegistrationBean<LoadSheddingFilter> loadSheddingFilter(HttpProperties properties, MeterRegistry meters,
			ProblemResponseWriter problems) {
		var registration = new FilterRegistrationBean<>(new LoadSheddingFilter(properties, meters, problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 6);
		return registration;
	}

	@Bean
	FilterRegistrationBean<PrincipalRateLimitFilter> principalRateLimitFilter(RateLimiter limiter,
			RateLimitProperties properties) {
		var registration = new FilterRegistrationBean<>(new PrincipalRateLimitFilter(limiter, properties));
		registration.setOrder(-50);
		registration.setEnabled(properties.enabled());
		return registration;
	}

}
