package io.defuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The statements the service sends to PostgreSQL while it serves a request: one entry per
 * round trip (a JDBC batch is one, with its size), each as its verb and table, e.g.
 * {@code "select cases"}, {@code "insert case_statements x3"} or, for a query writing
 * several tables, {@code "insert case_events + insert case_step_stays"}. Work on other
 * threads (the scheduler, webhook deliveries, the SLA watch) is not recorded: only
 * threads serving a request, where Spring has bound the request to the thread.
 */
public final class StatementLog implements QueryExecutionListener {

	private static final Pattern WRITE = Pattern.compile("^(insert|update|delete)\\s+(?:into\\s+|from\\s+)?(\\w+)");

	private static final Pattern WRITES = Pattern
		.compile("(?:^|[\\s(])(insert|update|delete)\\s+(?:into\\s+|from\\s+)?(\\w+)");

	private static final Pattern FROM = Pattern.compile("\\sfrom\\s+(\\w+)");

	/** Innermost parentheses, removed until none is left. */
	private static final Pattern NESTED = Pattern.compile("\\([^()]*\\)");

	private final Queue<String> statements = new ConcurrentLinkedQueue<>();

	private volatile boolean recording;

	/**
	 * Runs the action and returns what it returned with the statements sent meanwhile.
	 * The suite runs one test at a time, so these are the action's own.
	 */
	public <T> Recorded<T> during(Supplier<T> action) {
		this.statements.clear();
		this.recording = true;
		try {
			T result = action.get();
			return new Recorded<>(result, List.copyOf(this.statements));
		}
		finally {
			this.recording = false;
		}
	}

	@Override
	public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
	}

	@Override
	public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		if (!this.recording || RequestContextHolder.getRequestAttributes() == null) {
			return;
		}
		String statement = summary(queries.get(0).getQuery());
		this.statements.add((execution.getBatchSize() > 1) ? statement + " x" + execution.getBatchSize() : statement);
	}

	/**
	 * A statement's verb and its table: the one written into, or a select's first table
	 * outside parentheses.
	 */
	static String summary(String sql) {
		String text = sql.strip().toLowerCase(Locale.ROOT);
		if (text.startsWith("with ")) {
			// the writes of a query with several, in the order written, e.g.
			// "insert case_events + insert case_step_stays"
			List<String> writes = new ArrayList<>();
			Matcher write = WRITES.matcher(text);
			while (write.find()) {
				writes.add(write.group(1) + " " + write.group(2));
			}
			if (!writes.isEmpty()) {
				return String.join(" + ", writes);
			}
		}
		Matcher write = WRITE.matcher(text);
		if (write.find()) {
			return write.group(1) + " " + write.group(2);
		}
		String outer = text;
		while (outer.contains("(")) {
			String before = outer;
			outer = NESTED.matcher(outer).replaceAll(" ");
			if (outer.equals(before)) {
				break;
			}
		}
		Matcher from = FROM.matcher(outer);
		return from.find() ? "select " + from.group(1) : text;
	}

	public record Recorded<T>(T result, List<String> statements) {

		/** The statements that touch none of the given tables. */
		public List<String> besides(String... tables) {
			List<String> kept = new ArrayList<>(this.statements);
			kept.removeIf((statement) -> {
				String[] words = statement.split(" ");
				return words.length > 1 && List.of(tables).contains(words[1]);
			});
			return kept;
		}

	}

	/** Wraps the application's DataSource so that every statement passes the log. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		StatementLog statementLog() {
			return new StatementLog();
		}

		@Bean
		static BeanPostProcessor statementLogging(ObjectProvider<StatementLog> log) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					if (bean instanceof DataSource dataSource && !(bean instanceof ProxyDataSource)) {
						return ProxyDataSourceBuilder.create(name, dataSource).listener(log.getObject()).build();
					}
					return bean;
				}

			};
		}

	}

}
