package io.defuse.shared.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The access log: right inside the correlation id, so it times and logs every request,
 * refusals before authentication included. The principal is recorded inside Spring
 * Security by {@link PrincipalLogContextFilter}.
 */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

	@Bean
	FilterRegistrationBean<AccessLogFilter> accessLogFilter(ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
		var registration = new FilterRegistrationBean<>(new AccessLogFilter(new RouteTemplates(mappings)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}
