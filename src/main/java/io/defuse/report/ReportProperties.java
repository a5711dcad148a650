package io.defuse.report;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Report settings.
 *
 * @param defaultPeriod the period reported on when {@code from} is not given: this long
 * before {@code to}
 * @param maxPeriod the longest period one request may ask for
 * @param followUpGrace a follow-up attempt is on time when it is recorded no later than
 * this after it fell due (the follow-up clock's target)
 */
@ConfigurationProperties("defuse.reports")
record ReportProperties(@DefaultValue("P30D") Duration defaultPeriod, @DefaultValue("P366D") Duration maxPeriod,
		@DefaultValue("P1D") Duration followUpGrace) {
}
