package io.defuse.shared;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/OBSERVABILITY.md lists exactly the {@code defuse.*} metrics the service registers.
 */
@IntegrationTest
class MetricsCatalogueTests {

	/** A catalogue row: the metric's name in backticks in the first column. */
	private static final Pattern ROW = Pattern.compile("^\\| `(defuse\\.[a-z_.]+)` \\|", Pattern.MULTILINE);

	@Autowired
	ApiClient admin;

	@Autowired
	MeterRegistry meters;

	@Test
	void theCatalogueListsEveryDefuseMetricAndNoOther() throws IOException {
		// the step timers appear with the first transition
		acknowledgedCase();
		Set<String> registered = meterNames().stream()
			.filter((name) -> name.startsWith("defuse."))
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> documented = new TreeSet<>();
		Matcher row = ROW.matcher(Files.readString(Path.of("docs/OBSERVABILITY.md")));
		while (row.find()) {
			documented.add(row.group(1));
		}

		assertThat(documented).isEqualTo(registered);
	}

	/**
	 * A request is timed once, as {@code http.server.requests}; neither each repository
	 * call nor each security filter adds timings of its own on the request path
	 * (docs/BENCHMARKS.md, change 14).
	 */
	@Test
	void aRequestIsTimedOnceAndNotPerRepositoryCallOrSecurityFilter() {
		acknowledgedCase();

		assertThat(meterNames()).contains("http.server.requests")
			.noneMatch((name) -> name.startsWith("spring.data.repository") || name.startsWith("spring.security"));
	}

	private Set<String> meterNames() {
		return this.meters.getMeters()
			.stream()
			.map((meter) -> meter.getId().getName())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private void acknowledgedCase() {
		String customer = this.admin
			.post("/api/v1/customers", json("{'displayName': 'Catalogue %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		Response opened = this.admin.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Catalogue', 'statement': 'Hello'}", customer));
		Response acknowledged = this.admin.post("/api/v1/cases/" + opened.field("id") + "/acknowledgement",
				json("{'message': 'I understand, and I am sorry.'}"));
		assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
	}

}
