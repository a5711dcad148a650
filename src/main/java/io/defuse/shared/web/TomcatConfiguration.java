package io.defuse.shared.web;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Tomcat's own error answers problems too (see {@link ProblemErrorReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return (factory) -> factory.addContextCustomizers((context) -> context.addLifecycleListener((event) -> {
			// before start, so after every customizer that added a valve of its own
			if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
				replaceErrorReports(context.getParent().getPipeline());
			}
		}));
	}

	static void replaceErrorReports(Pipeline pipeline) {
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
				pipeline.removeValve(valve);
			}
		}
		boolean present = false;
		for (Valve valve : pipeline.getValves()) {
			present |= valve instanceof ProblemErrorReportValve;
		}
		if (!present) {
			pipeline.addValve(new ProblemErrorReportValve());
		}
	}

}
