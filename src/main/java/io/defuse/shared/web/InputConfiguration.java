package io.defuse.shared.web;

import java.lang.reflect.Type;
import java.util.List;

import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * What every request must satisfy before an operation runs: an {@code Accept} that allows
 * JSON ({@link AcceptCheck}) and text that can be stored as sent ({@link StorableText}),
 * in bodies bound to records and in bodies read as JSON trees (merge patches).
 */
@Configuration(proxyBeanMethods = false)
class InputConfiguration implements WebMvcConfigurer {

	@Bean
	JacksonModule storableTextModule() {
		return StorableText.jacksonModule();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AcceptCheck()).addPathPatterns("/api/**");
	}

	@ControllerAdvice
	static class StorableTreeAdvice extends RequestBodyAdviceAdapter {

		@Override
		public boolean supports(MethodParameter parameter, Type targetType,
				Class<? extends HttpMessageConverter<?>> converterType) {
			return targetType instanceof Class<?> type && JsonNode.class.isAssignableFrom(type);
		}

		@Override
		public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter,
				Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
			FieldError error = (body instanceof JsonNode tree) ? StorableText.find(tree, "(body)") : null;
			if (error != null) {
				throw new InvalidInput(List.of(error));
			}
			return body;
		}

	}

}
