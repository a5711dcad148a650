package io.defuse.shared.web;

import jakarta.servlet.DispatcherType;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the servlet filters that must run before Spring Security: correlation first
 * (so even a 401 carries the id), then the query string check and the body limit.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
		var registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
		return registration;
	}

	/** Right after the correlation id, before anything reads a parameter. */
	@Bean
	FilterRegistrationBean<QueryStringCheck> queryStringCheck(ProblemResponseWriter problems) {
		var registration = new FilterRegistrationBean<>(new QueryStringCheck(problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(HttpProperties properties,
			ProblemResponseWriter problems) {
		var filter = new RequestBodyLimitFilter(properties.maxBodySize().toBytes(), problems);
		var registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/** After Spring Security (order -100): it needs the authenticated principal. */
	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store, TransactionTemplate transaction,
			ProblemResponseWriter problems) {
		var registration = new FilterRegistrationBean<>(new IdempotencyFilter(store, transaction, problems));
		registration.setOrder(0);
		return registration;
	}

	/**
	 * Forgets remembered Idempotency-Key answers after their 24 hours, once an hour, on
	 * one instance.
	 */
	@Bean
	RecurringTask<Void> idempotencyKeyPurge(IdempotencyStore store) {
		return Tasks.recurring("idempotency-key-purge", FixedDelay.ofHours(1))
			.execute((instance, context) -> store.purgeExpired());
	}

}
