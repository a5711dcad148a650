package io.defuse.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.defuse.ApiClient;
import io.defuse.ApiClient.Response;
import io.defuse.IntegrationTest;
import io.defuse.shared.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role × operation table against the running API: every operation of the OpenAPI
 * document is in the table, and every role gets exactly what the table says. Calls use
 * ids that name nothing and empty bodies, so an allowed call is refused later (400, 404,
 * 422) and changes nothing.
 */
@IntegrationTest
class AccessPolicyTests {

	@Autowired
	ApiClient admin;

	@Test
	void everyOperationIsInTheTable() {
		assertThat(tableOperations()).isEqualTo(documentedOperations());
	}

	@Test
	void everyRoleGetsExactlyWhatTheTableSays() {
		Map<Role, ApiClient> clients = new EnumMap<>(Role.class);
		for (Role role : Role.values()) {
			clients.put(role, (role == Role.ADMIN) ? this.admin : this.admin.withNewPrincipal(role.name()));
		}
		List<String> wrong = new ArrayList<>();
		for (AccessPolicy.Rule rule : AccessPolicy.RULES) {
			String path = concrete(rule.path());
			for (Role role : Role.values()) {
				int status = call(clients.get(role), rule, path).status();
				boolean allowed = rule.isPublic() || rule.roles().contains(role);
				if (allowed == (status == 403) || status == 401 && !rule.isPublic() || status >= 500) {
					wrong.add(role + " " + rule.method() + " " + rule.path() + " -> " + status);
				}
			}
			int anonymous = call(this.admin.as(null), rule, path).status();
			if (rule.isPublic() ? anonymous == 403 : anonymous != 401) {
				wrong.add("anonymous " + rule.method() + " " + rule.path() + " -> " + anonymous);
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void theDocsShowTheTable() throws IOException {
		String docs = Files.readString(Path.of("docs/ACCESS.md"));
		assertThat(docs).as("docs/ACCESS.md must contain the table; regenerate it from AccessPolicy:%n%s", markdown())
			.contains(markdown());
	}

	/** The table as docs/ACCESS.md shows it. */
	static String markdown() {
		StringBuilder table = new StringBuilder("| Operation | AGENT | SUPERVISOR | ADMIN | INTEGRATION |\n");
		table.append("|---|:-:|:-:|:-:|:-:|\n");
		for (AccessPolicy.Rule rule : AccessPolicy.RULES) {
			table.append("| `").append(rule.method()).append(' ').append(rule.path()).append("` |");
			for (Role role : List.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.INTEGRATION)) {
				table.append(rule.isPublic() ? " public (signed) |" : rule.roles().contains(role) ? " ✓ |" : " |");
			}
			table.append('\n');
		}
		return table.toString();
	}

	private Response call(ApiClient client, AccessPolicy.Rule rule, String path) {
		String body = switch (rule.method().name()) {
			case "POST", "PUT", "PATCH" -> "{}";
			default -> null;
		};
		return client.send(rule.method().name(), path, body, (body != null) ? "application/json" : null);
	}

	private static String concrete(String path) {
		return path.replace("{severity}", "LOW")
			.replace("{step}", "LISTEN")
			.replace("{lang}", "en")
			.replace("{principal}", "nobody-" + UUID.randomUUID())
			.replaceAll("\\{[a-zA-Z]+}", UUID.randomUUID().toString());
	}

	private static Set<String> tableOperations() {
		return AccessPolicy.RULES.stream()
			.map((rule) -> rule.method() + " " + rule.path())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private Set<String> documentedOperations() {
		Set<String> operations = new TreeSet<>();
		JsonNode paths = this.admin.get("/v3/api-docs").json().get("paths");
		paths.properties()
			.forEach((path) -> path.getValue()
				.properties()
				.stream()
				.map(Map.Entry::getKey)
				.filter((method) -> List.of("get", "post", "put", "patch", "delete").contains(method))
				.forEach((method) -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
		return operations;
	}

}
