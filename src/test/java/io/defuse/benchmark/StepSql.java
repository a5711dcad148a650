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

/**
 * Reads the statements one request sent from PostgreSQL's statement log
 * ({@code log_statement = all}, default line prefix) and writes them as a pgbench script.
 */
final class StepSql {

	private static final Pattern ENTRY = Pattern
		.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[(\\d+)\\] ([A-Z]+):  (.*)$");

	private static final Pattern STATEMENT = Pattern.compile("^(?:statement|execute [^:]+): (.*)$", Pattern.DOTALL);

	private static final Pattern UUID_LITERAL = Pattern
		.compile("'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'");

	private static final Pattern MESSAGE_ID_LITERAL = Pattern.compile("'(msg_[A-Za-z0-9_-]{8,})'");

	private static final Pattern TIMESTAMP_LITERAL = Pattern.compile("'\\d{4}-\\d{2}-\\d{2} [0-9:.]+\\+00'");

	/**
	 * When the delivery jobs pgbench writes are due: never while it runs, or the
	 * service's scheduler would make their deliveries beside it (LoadBenchmark deletes
	 * them after).
	 */
	static final String NOT_DUE = "9999-12-31 00:00:00+00";

	private StepSql() {
	}

	/**
	 * The statements, parameters inlined, of the transactions (and single statements)
	 * that mention the case or the API key's hash, in the order they were sent.
	 */
	static List<String> parse(String log, String caseId, String keyHash) {
		record Sent(String pid, String sql) {
		}
		List<Sent> sent = new ArrayList<>();
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
					sent.add(new Sent(entry[0], statement.group(1).strip()));
				}
			}
			else if (entry[1].equals("DETAIL") && entry[2].startsWith("Parameters: ")) {
				for (int i = sent.size() - 1; i >= 0; i--) {
					if (sent.get(i).pid().equals(entry[0])) {
						sent.set(i, new Sent(entry[0], inline(sent.get(i).sql(), entry[2].substring(12))));
						break;
					}
				}
			}
		}
		// group into transactions per connection, keep the ones about this request
		Map<Integer, List<String>> units = new TreeMap<>();
		Map<String, Integer> open = new LinkedHashMap<>();
		for (int i = 0; i < sent.size(); i++) {
			Sent one = sent.get(i);
			String upper = one.sql().toUpperCase();
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
			units.computeIfAbsent(unit, (k) -> new ArrayList<>()).add(one.sql());
		}
		// the request's transactions: up to the one that changed the case, and what its
		// connection sent on its own right after (work done once committed)
		List<String> statements = new ArrayList<>();
		boolean changed = false;
		for (List<String> unit : units.values()) {
			boolean single = !unit.get(0).equalsIgnoreCase("BEGIN");
			boolean ours = unit.stream().anyMatch((sql) -> sql.contains(caseId) || sql.contains(keyHash));
			if (changed && !single) {
				break;
			}
			if (ours) {
				statements.addAll(unit);
				changed = changed || unit.stream().anyMatch((sql) -> sql.contains(caseId));
			}
		}
		return statements;
	}

	/**
	 * A pgbench script: the first select of the case takes the next copied case and keeps
	 * its columns ({@code \gset p_}); every other mention of the case is that case, and
	 * the ids of the rows the step creates are derived from it.
	 */
	static String toPgbench(List<String> statements, String caseId, Predicate<String> existing) {
		StringBuilder script = new StringBuilder(
				"-- the SQL of one workflow step, as the service sent it (LoadBenchmark)\n");
		boolean picked = false;
		Map<String, String> derived = new LinkedHashMap<>();
		for (String sql : statements) {
			String statement = sql;
			boolean pick = !picked && statement.toLowerCase().startsWith("select")
					&& statement.contains("'" + caseId + "'");
			if (pick) {
				statement = caseIdNamed(statement.replace("'" + caseId + "'",
						"(select md5('bench-pool-' || nextval('bench_pool_seq'))::uuid)"));
				picked = true;
			}
			else {
				statement = statement.replace("'" + caseId + "'", ":p_case_id");
			}
			statement = replaceAll(UUID_LITERAL, statement, (m) -> existing.test(m.group(1)) ? m.group() : derived
				.computeIfAbsent(m.group(1), (k) -> "md5(:p_case_id::text || '-" + derived.size() + "')::uuid"));
			statement = replaceAll(MESSAGE_ID_LITERAL, statement, (m) -> derived.computeIfAbsent(m.group(1),
					(k) -> "('msg_' || md5(:p_case_id::text || '-" + derived.size() + "'))"));
			// the jobs' insert: the statement's last part (the outbox writes its
			// messages,
			// deliveries and jobs in one)
			int jobs = statement.indexOf("insert into scheduled_tasks");
			if (jobs >= 0) {
				statement = statement.substring(0, jobs)
						+ replaceAll(TIMESTAMP_LITERAL, statement.substring(jobs), (m) -> "'" + NOT_DUE + "'");
			}
			script.append(statement).append(pick ? "\n\\gset p_\n" : ";\n");
		}
		if (!picked) {
			throw new IllegalStateException("No select of the case among " + statements);
		}
		return pipelined(script.toString());
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

	private static String replaceAll(Pattern pattern, String text,
			java.util.function.Function<Matcher, String> replacement) {
		Matcher matcher = pattern.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/** Puts the logged parameter values ({@code $1 = 'a', $2 = NULL}) in their places. */
	static String inline(String sql, String parameters) {
		Map<Integer, String> values = new TreeMap<>((a, b) -> b - a);
		int at = 0;
		while (at < parameters.length()) {
			int dollar = parameters.indexOf('$', at);
			if (dollar < 0) {
				break;
			}
			int equals = parameters.indexOf(" = ", dollar);
			int number = Integer.parseInt(parameters.substring(dollar + 1, equals));
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
				// pgbench would read ":name" inside a literal as a variable
				values.put(number, parameters.substring(at, end + 1).replaceAll(":(?=[A-Za-z_])", ": "));
				at = end + 1;
			}
			at = parameters.indexOf('$', at);
			if (at < 0) {
				break;
			}
		}
		String result = sql;
		for (Map.Entry<Integer, String> value : values.entrySet()) {
			result = result.replace("$" + value.getKey(), value.getValue());
		}
		return result;
	}

}
