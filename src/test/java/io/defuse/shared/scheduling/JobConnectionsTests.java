package io.defuse.shared.scheduling;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs' own pool: its size from the setting, its connections working, its metrics.
 */
@IntegrationTest
class JobConnectionsTests {

	@Autowired
	JobConnections connections;

	@Autowired
	MeterRegistry meters;

	@Test
	void isAPoolOfItsOwnWithMetricsTaggedByItsName() {
		assertThat(this.connections.jdbc().sql("select 1").query(Integer.class).single()).isOne();

		assertThat(this.meters.get("hikaricp.connections.max").tag("pool", JobConnections.POOL_NAME).gauge().value())
			.isEqualTo(4);
		assertThat(this.meters.get("hikaricp.connections.max").tag("pool", "defuse-requests").gauge().value())
			.isEqualTo(10);
		assertThat(this.meters.find("hikaricp.connections.max").gauges()).hasSize(2);
	}

}
