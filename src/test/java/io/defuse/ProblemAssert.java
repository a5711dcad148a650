package io.defuse;

import io.defuse.ApiClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape every error answer must have. */
public final class ProblemAssert {

	private ProblemAssert() {
	}

	public static void problem(Response response, int status, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.field("code")).isEqualTo(code);
		assertThat(response.field("type")).isEqualTo("urn:defuse:problem:" + code);
		assertThat(response.field("title")).isNotBlank();
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		assertThat(response.field("correlationId")).isNotBlank().isEqualTo(response.header("X-Request-Id"));
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "org.springframework");
	}

}
