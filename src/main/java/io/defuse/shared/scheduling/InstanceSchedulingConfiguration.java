package io.defuse.shared.scheduling;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Spring's own {@code @Scheduled} methods, for periodic work every instance does for
 * itself (refreshing cached gauges). Work that must happen once per cluster, durably, is
 * a db-scheduler task instead.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class InstanceSchedulingConfiguration {

}
