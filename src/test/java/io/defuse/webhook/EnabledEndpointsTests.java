package io.defuse.webhook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.StatementLog;
import io.defuse.StatementLog.Recorded;

import static io.defuse.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The enabled endpoints in memory: no read of them on a change while the list is there,
 * every change of them heard by every instance, one made here seen here at once, and a
 * stale list never writing a delivery for an endpoint that is gone.
 */
@IntegrationTest
class EnabledEndpointsTests {

	private static final Duration HEARD = Duration.ofSeconds(5);

	@Autowired
	ApiClient admin;

	@Autowired
	StatementLog log;

	@Autowired
	EnabledEndpoints enabled;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DataSource dataSource;

	@Autowired
	DbSchedulerProperties scheduling;

	@Autowired
	ObjectProvider<Scheduler> scheduler;

	@Autowired
	CustomTask<Void> webhookDeliveryTask;

	final List<String> registered = new ArrayList<>();

	@BeforeEach
	void listening() {
		await().atMost(HEARD).until(this.enabled::inMemory);
	}

	@AfterEach
	void removeEndpoints() {
		this.registered.forEach((id) -> this.admin.delete("/api/v1/webhook-endpoints/" + id));
	}

	@Test
	void aSubscribedStepWritesItsWholeOutboxInOneStatementWithoutReadingTheEndpoints() {
		register("{'url': 'http://localhost:9/unreachable'}");
		ApiClient agent = this.admin.withNewPrincipal("AGENT");
		String customerId = this.admin
			.post("/api/v1/customers", json("{'displayName': 'Customer %s', 'language': 'en'}", UUID.randomUUID()))
			.field("id");
		Response opened = agent.post("/api/v1/cases",
				json("{'customerId': '%s', 'channel': 'WEB', 'subject': 'Kettle', 'statement': 'It broke again'}",
						customerId));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		String caseId = opened.field("id");
		await().atMost(HEARD).until(this.enabled::inMemory);

		Recorded<Response> step = this.log.during(() -> agent.post("/api/v1/cases/" + caseId + "/acknowledgement",
				json("{'message': 'I am so sorry about this.'}")));

		assertThat(step.result().status()).as(step.result().body()).isEqualTo(200);
		// the acknowledgement's three events, each to every endpoint subscribed (this one
		// wants all): the messages, their deliveries and jobs in one statement
		assertThat(step.statements()).filteredOn((statement) -> statement.contains("webhook_"))
			.containsExactly("insert webhook_messages + insert webhook_deliveries + insert scheduled_tasks");
	}

	@Test
	void anEndpointAddedOrRemovedByAnotherInstanceIsHeardOf() {
		UUID endpoint = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		// written by hand, as another instance (or an operator) would
		this.jdbc.update("""
				insert into webhook_endpoints (id, url, event_types, enabled, secret, created_at, updated_at, version)
				values (?, 'http://localhost:9/elsewhere', '{ping}', true, 'whsec_elsewhere', ?, ?, 0)""", endpoint,
				now, now);
		try {
			await().atMost(HEARD).until(() -> this.enabled.inMemory() && ids().contains(endpoint));
		}
		finally {
			this.jdbc.update("delete from webhook_endpoints where id = ?", endpoint);
		}
		await().atMost(HEARD).until(() -> this.enabled.inMemory() && !ids().contains(endpoint));
	}

	@Test
	void saysThatItListensInItsGauge() {
		assertThat(this.meters.get("defuse.webhook.endpoints.listening").gauge().value()).isEqualTo(1.0);
	}

	@Test
	void aChangeOfTheEndpointsHereDropsTheListWhenItCommits() {
		long before = this.enabled.generation();

		this.transaction.executeWithoutResult((status) -> {
			this.enabled.changedOnCommit();
			assertThat(this.enabled.generation()).as("not before the commit").isEqualTo(before);
		});

		assertThat(this.enabled.generation()).isGreaterThan(before);
	}

	@Test
	void aChangeOfTheEndpointsThatRollsBackKeepsTheList() {
		long before = this.enabled.generation();

		this.transaction.executeWithoutResult((status) -> {
			this.enabled.changedOnCommit();
			status.setRollbackOnly();
		});

		assertThat(this.enabled.generation()).isEqualTo(before);
	}

	@Test
	void aListNamingAnEndpointDeletedAMomentAgoWritesNoDeliveryForIt() {
		String id = register("{'url': 'http://localhost:9/gone'}");
		UUID endpoint = UUID.fromString(id);
		this.registered.remove(id);
		// stale: still naming the endpoint, deleted below
		EnabledEndpoints stale = new EnabledEndpoints(JdbcClient.create(this.jdbc), () -> null) {

			@Override
			List<Endpoint> list() {
				return List.of(new Endpoint(endpoint, null));
			}

		};
		WebhookOutbox outbox = new WebhookOutbox(JdbcClient.create(this.jdbc), this.json, this.dataSource,
				this.scheduling, this.scheduler, this.webhookDeliveryTask, stale, Clock.systemUTC());
		this.jdbc.update("delete from webhook_endpoints where id = ?", endpoint);
		UUID customer = UUID.randomUUID();

		this.transaction.executeWithoutResult((status) -> outbox.customerErased(customer, List.of(), Instant.now()));

		assertThat(this.jdbc.queryForObject("select count(*) from webhook_deliveries where endpoint_id = ?", Long.class,
				endpoint))
			.isZero();
	}

	@Test
	void listensOnTheUrlGivenAndStopsListeningWhenStopped() throws Exception {
		String url = this.dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
		EnabledEndpoints endpoints = new EnabledEndpoints(JdbcClient.create(this.jdbc),
				EnabledEndpoints.listeningConnections(this.dataSource, url));

		endpoints.start();
		try {
			await().atMost(HEARD).until(endpoints::inMemory);
		}
		finally {
			endpoints.stop();
		}

		assertThat(endpoints.isRunning()).isFalse();
		assertThat(endpoints.inMemory()).as("no list once not listening").isFalse();
	}

	@Test
	void keepsNoListOnAConnectionThatDoesNotCarryNotifications() throws Exception {
		String url = this.dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
		EnabledEndpoints.ConnectionSource direct = EnabledEndpoints.listeningConnections(this.dataSource, url);
		// as through a pooler in transaction mode: LISTEN is accepted, nothing is ever
		// heard
		EnabledEndpoints endpoints = new EnabledEndpoints(JdbcClient.create(this.jdbc), () -> deaf(direct.open()));

		endpoints.start();
		try {
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !endpoints.inMemory());
		}
		finally {
			endpoints.stop();
		}
	}

	@Test
	void aListenUrlOfNoneKeepsNoListAndReadsTheEndpointsOnEveryChange() {
		EnabledEndpoints endpoints = new EnabledEndpoints(JdbcClient.create(this.jdbc),
				EnabledEndpoints.listeningConnections(this.dataSource, "none"));

		endpoints.start();

		assertThat(endpoints.isRunning()).isFalse();
		assertThat(endpoints.inMemory()).isFalse();
		assertThat(endpoints.list()).extracting(EnabledEndpoints.Endpoint::id)
			.containsExactlyInAnyOrderElementsOf(
					this.jdbc.queryForList("select id from webhook_endpoints where enabled", UUID.class));
	}

	/** The connection, but its notifications never arrive. */
	private static Connection deaf(Connection connection) throws SQLException {
		PGConnection notifications = connection.unwrap(PGConnection.class);
		PGConnection deaf = proxy(PGConnection.class, (method, args) -> {
			if (method.getName().equals("getNotifications")) {
				Thread.sleep((args != null) ? (int) args[0] : 0);
				return new PGNotification[0];
			}
			return method.invoke(notifications, args);
		});
		return proxy(Connection.class,
				(method, args) -> (method.getName().equals("unwrap") && args[0] == PGConnection.class) ? deaf
						: method.invoke(connection, args));
	}

	private interface Call {

		Object invoke(Method method, Object[] args) throws Exception;

	}

	private static <T> T proxy(Class<T> type, Call call) {
		return type
			.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
				try {
					return call.invoke(method, args);
				}
				catch (InvocationTargetException ex) {
					throw ex.getCause();
				}
			}));
	}

	private List<UUID> ids() {
		return this.enabled.list().stream().map(EnabledEndpoints.Endpoint::id).toList();
	}

	private String register(String body) {
		Response registered = this.admin.post("/api/v1/webhook-endpoints", json(body));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		String id = registered.json().at("/endpoint/id").asString();
		this.registered.add(id);
		return id;
	}

}
