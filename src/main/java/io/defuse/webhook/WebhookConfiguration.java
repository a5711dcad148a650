package io.defuse.webhook;

import java.time.Clock;
import java.util.Optional;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The jobs behind webhooks, as db-scheduler tasks: each delivery job is one task instance
 * (naming its deliveries, {@link DeliveryJob}), claimed by exactly one instance with
 * {@code lock-and-fetch} polling; if that instance dies mid-attempt, the execution is
 * detected as dead and run again elsewhere (at least once, with the same
 * {@code webhook-id}).
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

	/**
	 * The db-scheduler task that attempts deliveries: a job sends a transaction's
	 * deliveries to one endpoint, or one delivery queued again.
	 */
	static final String DELIVERY_TASK = "webhook-delivery";

	static final java.time.Duration AFTER_UNEXPECTED_FAILURE = java.time.Duration.ofMinutes(1);

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WebhookConfiguration.class);

	@Bean
	CustomTask<Void> webhookDeliveryTask(DeliveryWorker worker, Clock clock) {
		return Tasks.custom(DELIVERY_TASK, Void.class).execute((instance, context) -> {
			Optional<DeliveryWorker.Next> next;
			try {
				next = worker.deliver(instance.getId());
			}
			catch (RuntimeException ex) {
				// e.g. the database went away between the attempt and its record: try the
				// delivery again
				log.error("Webhook delivery job {} could not be processed; trying again in a minute", instance.getId(),
						ex);
				next = Optional.of(new DeliveryWorker.Next(clock.instant().plus(AFTER_UNEXPECTED_FAILURE), null));
			}
			return next.<CompletionHandler<Void>>map((then) -> (complete, operations) -> {
				operations.reschedule(complete, then.at());
				if (then.busyEndpoint() != null) {
					worker.waitForSlot(then.busyEndpoint(), instance.getId());
				}
			}).orElseGet(CompletionHandler.OnCompleteRemove::new);
		});
	}

	/**
	 * Forgets finished deliveries (and their attempts and messages) after the retention
	 * period.
	 */
	@Bean
	RecurringTask<Void> webhookDeliveryPurge(WebhookRetention retention) {
		return Tasks.recurring("webhook-delivery-purge", FixedDelay.ofHours(1))
			.execute((instance, context) -> retention.purge());
	}

}
