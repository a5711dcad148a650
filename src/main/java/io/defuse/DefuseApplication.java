package io.defuse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Defuse: de-escalation case handling. Each direct sub-package is one module (see the
 * README's module map); {@code ModuleStructureTests} keeps their dependencies honest.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DefuseApplication {

	public static void main(String[] args) {
		SpringApplication.run(DefuseApplication.class, args);
	}

}
