package io.defuse.webhook.inbound;

import java.time.LocalTime;
import java.time.ZoneOffset;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InboundConfiguration {

	private static final Logger log = LoggerFactory.getLogger(InboundConfiguration.class);

	/**
	 * Forgets received message ids after the retention, daily at a quiet hour, on one
	 * instance.
	 */
	@Bean
	RecurringTask<Void> inboundMessagePurge(InboundMessages messages) {
		return Tasks.recurring("inbound-message-purge", Schedules.daily(ZoneOffset.UTC, LocalTime.of(3, 30)))
			.execute(
					(instance, context) -> log.info("Purged {} received inbound message ids", messages.purgeExpired()));
	}

}
