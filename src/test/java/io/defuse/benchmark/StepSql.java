package io.defuse.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads the statements one request sent from PostgreSQL's statement log
 * ({@code log_statement = all}, default line prefix) and writes them as a pgbench script.
 */
final class StepSql {

	private static final Pattern ENTRY = Pattern
		.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[(\\d+)\\] ([A-Z]+):  (.*)$");

	private static final Pattern STATEMENT = Pattern.compile("^(?:statement|execute [^:]+): (.*)$", Pattern.DOTALL);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)(?!\\d)");

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final Pattern MESSAGE_ID = Pattern.compile("msg_[A-Za-z0-9_-]{8,}");

	private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2} [0-9:.]+\\+00");

	/**
	 * When the delivery jobs pgbench writes are due: never while it runs, or the
	 * service's scheduler would make their deliveries beside it (LoadBenchmark deletes
	 * them after).
	 */
	static final String NOT_DUE = "9999-12-31 00:00:00+00";

	private StepSql() {
	}

	/**
	 * One statement as the service sent it: its text with {@code $n} placeholders, and
	 * the values bound to them as logged ({@code 'text'} or {@code NULL}).
	 */
	record Sent(String sql, Map<Integer, String> values) {

		/** The statement with its values in their places, to be read, not run. */
		String inlined() {
			return PLACEHOLDER.matcher(this.sql)
				.replaceAll((m) -> Matcher
					.quoteReplacement(this.values.getOrDefault(Integer.parseInt(m.group(1)), m.group())));
		}

	}

	/**
	 * A pgbench script and the values its statements bind: variable {@code v0} is the
	 * first, given to pgbench as {@code -D v0=…}.
	 */
	record Script(String text, List<String> values) {

		/** pgbench's options that set the variables. */
		List<String> defines() {
			return IntStream.range(0, this.values.size())
				.boxed()
				.flatMap((i) -> Stream.of("-D", "v" + i + "=" + this.values.get(i)))
				.toList();
		}

		/** The variables one a line, to be read next to the script. */
		String definesText() {
			return IntStream.range(0, this.values.size())
				.mapToObj((i) -> "v" + i + "=" + this.values.get(i).replace("\n", "\\n"))
				.collect(Collectors.joining("\n", "", "\n"));
		}

	}

	/**
	 * The statements of the transactions (and single statements) that mention the case or
	 * the API key's hash, in the order they were sent.
	 */
	static List<Sent> parse(String log, String caseId, String keyHash) {
		record Logged(String pid, Sent sent) {
		}
		List<Logged> sent = new ArrayList<>();
		String pid = null;
		StringBuilder text = null;
		String kind = null;
		List<String[]> entries = new ArrayList<>();
		for (String line : log.split("\n")) {
			Matcher entry = ENTRY.matcher(line);
			if (entry.matches()) {
				if (text != null) {
					entries.add(new String[] { pid, kind, text.toString() });
				}
				pid = entry.group(1);
				kind = entry.group(2);
				text = new StringBuilder(entry.group(3));
			}
			else if (text != null) {
				text.append('\n').append(line.startsWith("\t") ? line.substring(1) : line);
			}
		}
		if (text != null) {
			entries.add(new String[] { pid, kind, text.toString() });
		}
		for (String[] entry : entries) {
			if (entry[1].equals("LOG")) {
				Matcher statement = STATEMENT.matcher(entry[2]);
				if (statement.matches()) {
					sent.add(new Logged(entry[0], new Sent(statement.group(1).strip(), Map.of())));
				}
			}
			else if (entry[1].equals("DETAIL") && entry[2].startsWith("Parameters: ")) {
				for (int i = sent.size() - 1; i >= 0; i--) {
					if (sent.get(i).pid().equals(entry[0])) {
						sent.set(i, new Logged(entry[0],
								new Sent(sent.get(i).sent().sql(), values(entry[2].substring(12)))));
						break;
					}
				}
			}
		}
		// group into transactions per connection, keep the ones about this request
		Map<Integer, List<Sent>> units = new TreeMap<>();
		Map<String, Integer> open = new LinkedHashMap<>();
		for (int i = 0; i < sent.size(); i++) {
			Logged one = sent.get(i);
			String upper = one.sent().sql().toUpperCase();
			Integer unit = open.get(one.pid());
			if (unit == null) {
				unit = i;
				if (upper.equals("BEGIN")) {
					open.put(one.pid(), unit);
				}
			}
			else if (upper.equals("COMMIT") || upper.equals("ROLLBACK")) {
				open.remove(one.pid());
			}
			units.computeIfAbsent(unit, (k) -> new ArrayList<>()).add(one.sent());
		}
		// the request's transactions: up to the one that changed the case, and what its
		// connection sent on its own right after (work done once committed)
		List<Sent> statements = new ArrayList<>();
		boolean changed = false;
		for (List<Sent> unit : units.values()) {
			boolean single = !unit.get(0).sql().equalsIgnoreCase("BEGIN");
			boolean ours = unit.stream()
				.map(Sent::inlined)
				.anyMatch((sql) -> sql.contains(caseId) || sql.contains(keyHash));
			if (changed && !single) {
				break;
			}
			if (ours) {
				statements.addAll(unit);
				changed = changed || unit.stream().anyMatch((one) -> one.inlined().contains(caseId));
			}
		}
		return statements;
	}

	/**
	 * A pgbench script: the first select of the case takes the next copied case and keeps
	 * its columns ({@code \gset p_}); every other value that is the case is that case,
	 * the ids of the rows the step creates are derived from it, and every other value is
	 * a variable bound as the service bound it — PostgreSQL converts it on every
	 * execution, as it does the service's, where a literal in a prepared statement is
	 * converted once.
	 */
	static Script toPgbench(List<Sent> statements, String caseId, Predicate<String> existing) {
		StringBuilder script = new StringBuilder(
				"-- the SQL of one workflow step, as the service sent it (LoadBenchmark)\n");
		boolean picked = false;
		Map<String, String> derived = new LinkedHashMap<>();
		List<String> values = new ArrayList<>();
		for (Sent sent : statements) {
			String sql = sent.sql();
			boolean pick = !picked && sql.toLowerCase().startsWith("select")
					&& sent.values().containsValue(quoted(caseId));
			// the jobs' insert: the statement's last part (the outbox writes its
			// messages,
			// deliveries and jobs in one)
			int jobs = sql.indexOf("insert into scheduled_tasks");
			String statement = PLACEHOLDER.matcher(sql).replaceAll((m) -> {
				String literal = sent.values().get(Integer.parseInt(m.group(1)));
				if (literal == null) {
					throw new IllegalStateException("No value logged for " + m.group() + " in " + sql);
				}
				if (literal.equals("NULL") || literal.equals("''")) {
					// pgbench refuses a variable defined empty
					return literal;
				}
				String value = literal.substring(1, literal.length() - 1).replace("''", "'");
				String expression;
				if (value.equals(caseId)) {
					expression = pick ? "(select md5('bench-pool-' || nextval('bench_pool_seq'))::uuid)" : ":p_case_id";
				}
				else if (UUID.matcher(value).matches() && !existing.test(value)) {
					expression = derived.computeIfAbsent(value,
							(k) -> "md5(:p_case_id::text || '-" + derived.size() + "')::uuid");
				}
				else if (MESSAGE_ID.matcher(value).matches()) {
					expression = derived.computeIfAbsent(value,
							(k) -> "('msg_' || md5(:p_case_id::text || '-" + derived.size() + "'))");
				}
				else {
					String bound = (jobs >= 0 && m.start() > jobs && TIMESTAMP.matcher(value).matches()) ? NOT_DUE
							: value;
					int index = values.indexOf(bound);
					if (index < 0) {
						index = values.size();
						values.add(bound);
					}
					expression = ":v" + index;
				}
				return Matcher.quoteReplacement(expression);
			});
			if (pick) {
				statement = caseIdNamed(statement);
				picked = true;
			}
			script.append(statement).append(pick ? "\n\\gset p_\n" : ";\n");
		}
		if (!picked) {
			throw new IllegalStateException("No select of the case among " + statements);
		}
		return new Script(pipelined(script.toString()), values);
	}

	private static String quoted(String value) {
		return "'" + value + "'";
	}

	/**
	 * The select of the case with its first column, the case's id, named {@code case_id}:
	 * {@code \gset} keeps the last of columns of one name, and the case's customer comes
	 * with it, with an id of its own.
	 */
	private static String caseIdNamed(String select) {
		Matcher first = Pattern.compile("^select (\\w+\\.id),").matcher(select);
		if (!first.find()) {
			throw new IllegalStateException("The select of the case does not start with its id: " + select);
		}
		return "select " + first.group(1) + " as case_id," + select.substring(first.end());
	}

	/**
	 * Runs of inserts into one table go as one pipeline, as the service's JDBC batches go
	 * in one round trip.
	 */
	private static String pipelined(String script) {
		List<String> lines = new ArrayList<>();
		String[] commands = script.split("(?<=;\n)");
		int i = 0;
		while (i < commands.length) {
			int j = i + 1;
			String head = insertInto(commands[i]);
			while (head != null && j < commands.length && head.equals(insertInto(commands[j]))) {
				j++;
			}
			if (j - i > 1) {
				lines.add("\\startpipeline\n");
				lines.addAll(Arrays.asList(commands).subList(i, j));
				lines.add("\\endpipeline\n");
			}
			else {
				lines.add(commands[i]);
			}
			i = j;
		}
		return String.join("", lines);
	}

	private static String insertInto(String command) {
		Matcher matcher = Pattern.compile("^insert into (\\w+)").matcher(command.strip());
		return matcher.find() ? matcher.group(1) : null;
	}

	/** The logged parameter values ({@code $1 = 'a', $2 = NULL}) by number, as logged. */
	static Map<Integer, String> values(String parameters) {
		Map<Integer, String> values = new TreeMap<>();
		int at = parameters.indexOf('$');
		while (at >= 0) {
			int equals = parameters.indexOf(" = ", at);
			int number = Integer.parseInt(parameters.substring(at + 1, equals));
			at = equals + 3;
			if (parameters.startsWith("NULL", at)) {
				values.put(number, "NULL");
				at += 4;
			}
			else {
				int end = at + 1;
				while (true) {
					int quote = parameters.indexOf('\'', end);
					if (quote + 1 < parameters.length() && parameters.charAt(quote + 1) == '\'') {
						end = quote + 2;
					}
					else {
						end = quote;
						break;
					}
				}
				values.put(number, parameters.substring(at, end + 1));
				at = end + 1;
			}
			at = parameters.indexOf('$', at);
		}
		return values;
	}

}
