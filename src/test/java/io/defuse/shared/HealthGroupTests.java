package io.defuse.shared;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liveness depends on nothing outside the process; readiness on the database and the job
 * scheduler. Admins see the components; anyone else the status only.
 */
@IntegrationTest
class HealthGroupTests {

	@Autowired
	ApiClient admin;

	@Autowired
	Scheduler scheduler;

	@AfterEach
	void resume() {
		if (this.scheduler.getSchedulerState().isPaused()) {
			this.scheduler.resume();
		}
	}

	@Test
	void readinessIncludesTheDatabaseAndTheScheduler() {
		Response readiness = this.admin.get("/actuator/health/readiness");

		assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
		JsonNode components = readiness.json().get("components");
		assertThat(components.propertyNames()).containsExactlyInAnyOrder("readinessState", "db", "scheduler");
		assertThat(components.at("/db/status").asString()).isEqualTo("UP");
		assertThat(components.at("/scheduler/status").asString()).isEqualTo("UP");
		assertThat(components.at("/scheduler/details/state").asString()).isEqualTo("started");
		assertThat(components.at("/scheduler/details/threads").asInt()).isPositive();
	}

	@Test
	void livenessIsUpAndIndependentOfTheDatabase() {
		Response liveness = this.admin.get("/actuator/health/liveness");

		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
		assertThat(liveness.json().get("components").propertyNames()).containsExactly("livenessState");
	}

	@Test
	void anonymousProbesSeeTheStatusOnly() {
		Response readiness = this.admin.as(null).get("/actuator/health/readiness");

		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
		assertThat(readiness.json().has("components")).isFalse();
	}

	@Test
	void aPausedSchedulerTakesTheInstanceOutOfReadinessButKeepsItAlive() {
		this.scheduler.pause();

		Response readiness = this.admin.get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.json().at("/components/scheduler/status").asString()).isEqualTo("DOWN");
		assertThat(readiness.json().at("/components/scheduler/details/state").asString()).isEqualTo("paused");
		assertThat(readiness.json().at("/components/db/status").asString()).isEqualTo("UP");
		assertThat(this.admin.get("/actuator/health/liveness").status()).isEqualTo(200);

		this.scheduler.resume();
		assertThat(this.admin.get("/actuator/health/readiness").status()).isEqualTo(200);
	}

}
