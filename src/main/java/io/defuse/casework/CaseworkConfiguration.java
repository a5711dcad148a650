package io.defuse.casework;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CaseworkConfiguration {

	/** The SLA watch, on one instance of a cluster at a time. */
	@Bean
	RecurringTask<Void> slaWatchTask(SlaWatch watch,
			@Value("${defuse.casework.sla-watch-interval:PT15S}") java.time.Duration interval) {
		return Tasks.recurring("sla-watch", FixedDelay.of(interval)).execute((instance, context) -> watch.run());
	}

}
