package io.defuse.webhook;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The enabled webhook endpoints and the events each wants, kept in memory so that the
 * outbox of a change does not read them on every request.
 * <p>
 * Every change of the endpoints that matters here (an insert, a delete, an update of
 * {@code enabled} or {@code event_types}, however made) notifies every instance when it
 * commits: a trigger sends a PostgreSQL {@code NOTIFY} on {@value #CHANNEL} (migration
 * V27). Each instance listens on a connection of its own, outside the pool; on a
 * notification it drops its list and reads the table again on that connection. A change
 * made through this instance also drops the list the moment it commits, so the next
 * change here sees it at once; another instance sees it when the notification arrives (a
 * millisecond or so), much as a change that had read the table just before the endpoint's
 * commit. While there is no list (at start, after a notification, while the listening
 * connection is lost or does not carry notifications, which the listener finds out by
 * sending one of its own) callers read the table in their own transaction, as if there
 * were no list at all.
 * <p>
 * What a stale list can do: name an endpoint deleted or disabled a moment ago (the outbox
 * writes a delivery only for an endpoint still there and enabled), or miss one created a
 * moment ago on another instance (as above).
 */
@Component
class EnabledEndpoints implements SmartLifecycle {

	/** The channel the trigger on {@code webhook_endpoints} notifies. */
	static final String CHANNEL = "webhook_endpoints_changed";

	private static final Logger log = LoggerFactory.getLogger(EnabledEndpoints.class);

	private static final String SELECT = "select id, event_types from webhook_endpoints where enabled";

	/**
	 * How long the listener waits for a notification before it looks at its list again
	 * (dropped by a change of this instance) and, now and then, at its connection.
	 */
	private static final Duration WAIT = Duration.ofMillis(500);

	/** The payload of the listener's own notifications (a change's is empty). */
	private static final String PROBE = "probe:";

	private static final Duration PROBE_EVERY = Duration.ofSeconds(10);

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration RECONNECT = Duration.ofSeconds(5);

	private final JdbcClient jdbc;

	private final ConnectionSource connections;

	/**
	 * The list (null when there is none) and its generation, which every drop advances,
	 * so that a list read before a drop is never kept after it.
	 */
	private final AtomicReference<Known> known = new AtomicReference<>(new Known(0, null));

	private volatile boolean running;

	private volatile Connection listening;

	/** Whether the listener has heard its own notification on its current connection. */
	private volatile boolean carried;

	private Thread listener;

	@Autowired
	EnabledEndpoints(JdbcClient jdbc, DataSource dataSource, WebhookProperties properties) {
		this(jdbc, listeningConnections(dataSource, properties.listenUrl()));
	}

	EnabledEndpoints(JdbcClient jdbc, ConnectionSource connections) {
		this.jdbc = jdbc;
		this.connections = connections;
	}

	/** An enabled endpoint and the event types it wants (all when null). */
	record Endpoint(UUID id, Set<String> eventTypes) {

		boolean wants(String type) {
			return this.eventTypes == null || this.eventTypes.contains(type);
		}

	}

	/** The list of a generation; null when there is none. */
	private record Known(long generation, List<Endpoint> endpoints) {
	}

	/** Where the listener's connection comes from. */
	@FunctionalInterface
	interface ConnectionSource {

		Connection open() throws SQLException;

	}

	/**
	 * The enabled endpoints: the list in memory, or, when there is none, the table read
	 * in the caller's transaction.
	 */
	List<Endpoint> list() {
		List<Endpoint> endpoints = this.known.get().endpoints();
		return (endpoints != null) ? endpoints : this.jdbc.sql(SELECT).query(EnabledEndpoints::endpoint).list();
	}

	/**
	 * Whether the listener hears the changes on its connection (its own notification came
	 * back), and so keeps the list.
	 */
	boolean listening() {
		return this.carried;
	}

	/** Whether the next {@link #list()} is answered from memory. */
	boolean inMemory() {
		return this.known.get().endpoints() != null;
	}

	/** How many times the list was dropped: every change of the endpoints advances it. */
	long generation() {
		return this.known.get().generation();
	}

	/**
	 * Drops the list when the current transaction commits (at once outside a
	 * transaction): for changes of the endpoints made through this instance.
	 */
	void changedOnCommit() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			drop();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				drop();
			}

		});
	}

	private void drop() {
		this.known.updateAndGet((known) -> new Known(known.generation() + 1, null));
	}

	@Override
	public void start() {
		if (this.connections == null) {
			log.info("Webhook endpoints are read on every change: no connection to listen on for their changes "
					+ "(defuse.webhooks.listen-url)");
			return;
		}
		this.running = true;
		this.listener = new Thread(this::listen, "webhook-endpoints-listener");
		this.listener.setDaemon(true);
		this.listener.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.listener;
		if (thread == null) {
			return;
		}
		closeQuietly(this.listening);
		thread.interrupt();
		try {
			thread.join(RECONNECT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.listener = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		boolean warned = false;
		while (this.running) {
			try (Connection connection = this.connections.open()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("listen " + CHANNEL);
				}
				this.listening = connection;
				if (warned) {
					log.info("Listening for webhook endpoint changes again");
					warned = false;
				}
				listenOn(connection);
			}
			catch (SQLException ex) {
				if (this.running && !warned) {
					log.warn("Not listening for webhook endpoint changes ({}); reading the endpoints on every change "
							+ "until the connection is back", ex.getMessage());
					warned = true;
				}
			}
			finally {
				this.listening = null;
				this.carried = false;
				drop();
			}
			if (this.running) {
				pause(RECONNECT);
			}
		}
	}

	/**
	 * Keeps the list while listening on the connection. First a notification of its own
	 * has to come back (a pooler in transaction mode accepts {@code LISTEN} and then
	 * carries nothing); from then on the list is read whenever there is none (after
	 * {@code LISTEN}, so no change after the read goes unheard) and dropped on every
	 * change heard. Every {@code PROBE_EVERY} another probe goes out: one that does not
	 * come back in time (a connection lost without a word, say) ends the listening.
	 */
	private void listenOn(Connection connection) throws SQLException {
		PGConnection notifications = connection.unwrap(PGConnection.class);
		String probe = probe(connection);
		long sent = System.nanoTime();
		while (this.running) {
			Known seen = this.known.get();
			if (this.carried && seen.endpoints() == null) {
				this.known.compareAndSet(seen, new Known(seen.generation(), read(connection)));
			}
			PGNotification[] heard = notifications.getNotifications((int) WAIT.toMillis());
			boolean changed = false;
			for (PGNotification notification : (heard != null) ? heard : new PGNotification[0]) {
				String payload = notification.getParameter();
				if (payload.equals(probe)) {
					probe = null;
					this.carried = true;
				}
				else if (!payload.startsWith(PROBE)) {
					changed = true;
				}
			}
			if (changed) {
				drop();
			}
			long since = System.nanoTime() - sent;
			if (probe != null && since > PROBE_TIMEOUT.toNanos()) {
				throw new SQLException("a notification sent on the listening connection did not come back within "
						+ PROBE_TIMEOUT.toSeconds()
						+ " s (a pooler in transaction mode, which does not carry LISTEN?)");
			}
			if (probe == null && since > PROBE_EVERY.toNanos()) {
				probe = probe(connection);
				sent = System.nanoTime();
			}
		}
	}

	/** Sends a notification that only this listener waits for (the others ignore it). */
	private static String probe(Connection connection) throws SQLException {
		String probe = PROBE + UUID.randomUUID();
		try (PreparedStatement statement = connection.prepareStatement("select pg_notify(?, ?)")) {
			statement.setString(1, CHANNEL);
			statement.setString(2, probe);
			statement.execute();
		}
		return probe;
	}

	private static List<Endpoint> read(Connection connection) throws SQLException {
		List<Endpoint> endpoints = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(SELECT)) {
			while (rows.next()) {
				endpoints.add(endpoint(rows, endpoints.size()));
			}
		}
		return List.copyOf(endpoints);
	}

	private static Endpoint endpoint(ResultSet row, int n) throws SQLException {
		java.sql.Array types = row.getArray("event_types");
		return new Endpoint(row.getObject("id", UUID.class),
				(types != null) ? Set.of((String[]) types.getArray()) : null);
	}

	private void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				log.debug("Closing the listening connection: {}", ex.getMessage());
			}
		}
	}

	/**
	 * Connections to the given URL, or else to the application pool's, with the pool's
	 * credentials and driver properties; none when the URL is {@code none}, or when none
	 * is given and the pool is not Hikari's or has no URL.
	 */
	static ConnectionSource listeningConnections(DataSource dataSource, String listenUrl) {
		if ("none".equals(listenUrl)) {
			return null;
		}
		HikariDataSource pool;
		try {
			pool = dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException ex) {
			pool = null;
		}
		String url = (listenUrl != null) ? listenUrl : (pool != null) ? pool.getJdbcUrl() : null;
		if (pool == null || url == null) {
			return null;
		}
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		properties.setProperty("ApplicationName", "defuse webhook endpoints listener");
		// a read that never ends (a connection lost without a word) ends in an error
		// instead
		properties.putIfAbsent("socketTimeout", "30");
		return () -> DriverManager.getConnection(url, properties);
	}

}
