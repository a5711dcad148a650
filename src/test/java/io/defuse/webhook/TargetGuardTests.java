package io.defuse.webhook;

import java.net.InetAddress;
import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetGuardTests {

	private final TargetGuard guard = new TargetGuard(false);

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
			"100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
			"fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
			"64:ff9b::a00:1", "2001:db8::1" })
	void privateLoopbackLinkLocalAndMetadataAddressesAreRefused(String address) throws Exception {
		assertThat(TargetGuard.isPublic(InetAddress.getByName(address))).isFalse();
		String host = address.contains(":") ? "[" + address + "]" : address;
		assertThatThrownBy(() -> this.guard.check(URI.create("https://" + host + "/hook")))
			.isInstanceOf(TargetGuard.RefusedTarget.class);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8" })
	void publicAddressesPass(String address) throws Exception {
		assertThat(TargetGuard.isPublic(InetAddress.getByName(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://example.com/hook", "ftp://example.com/", "https:///nohost",
			"https://user:secret@example.com/", "not a url", "https://example.com/#fragment" })
	void onlyHttpsUrlsWithAHostAndNoCredentialsAreAccepted(String url) {
		assertThatThrownBy(() -> this.guard.parse(url)).isInstanceOf(TargetGuard.RefusedTarget.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8089/hook", "http://localhost/x" })
	void developmentModeAllowsLocalTargets(String url) throws Exception {
		TargetGuard permissive = new TargetGuard(true);
		permissive.check(permissive.parse(url));
	}

}
