package io.defuse.access;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySecretTests {

	@Test
	void generatedKeysCarry256RandomBitsBehindARecognisablePrefix() {
		ApiKeySecret secret = ApiKeySecret.generate();
		assertThat(secret.value()).startsWith("dfs_").hasSize(4 + 43).matches("dfs_[A-Za-z0-9_-]{43}");
		assertThat(secret.prefix()).hasSize(12).isEqualTo(secret.value().substring(0, 12));
	}

	@Test
	void generatedKeysDoNotRepeat() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			assertThat(seen.add(ApiKeySecret.generate().value())).isTrue();
		}
	}

	@Test
	void hashIsSha256HexAndStable() {
		assertThat(ApiKeySecret.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void toStringNeverRevealsTheKey() {
		ApiKeySecret secret = ApiKeySecret.generate();
		assertThat(secret.toString()).doesNotContain(secret.value()).contains(secret.prefix());
	}

}
