package io.defuse;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

class ModuleStructureTests {

	private final ApplicationModules modules = ApplicationModules.of(DefuseApplication.class);

	@Test
	void modulesOnlyUseEachOthersPublicApiAndFormNoCycles() {
		this.modules.verify();
	}

	@Test
	void everyModuleOfTheDesignExists() {
		assertThat(this.modules.stream().map((module) -> module.getIdentifier().toString())).contains("access",
				"casework", "customer", "deescalation", "report", "shared", "sla", "webhook");
	}

	@Test
	void writesTheModuleDiagramsForTheDocs() {
		new Documenter(this.modules).writeModulesAsPlantUml();
	}

}
