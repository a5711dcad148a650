package io.defuse.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import io.defuse.shared.web.ProblemResponseWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * JWT sign-in's configuration without a server: what is active with and without a key
 * source, and what the decoder Boot builds from a public key accepts. The HTTP behaviour
 * is in {@code JwtSignInTests}.
 */
class JwtSignInConfigurationTests {

	private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

	private static final TokenIssuer issuer = new TokenIssuer("key-1");

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OAuth2ResourceServerAutoConfiguration.class))
		.withUserConfiguration(Properties.class, JwtSignInConfiguration.class)
		.withBean(Clock.class, Clock::systemUTC)
		.withBean(ProblemResponseWriter.class, () -> mock(ProblemResponseWriter.class));

	@Test
	void withoutAKeySourceNothingOfJwtIsActive() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(JwtDecoder.class)
			.doesNotHaveBean(JwtSignIn.class)
			.doesNotHaveBean(JwtTimestampValidator.class)
			.doesNotHaveBean("bearerTokenScheme"));
	}

	@Test
	void aPublicKeyVerifiesTokensForTheConfiguredAudience() throws Exception {
		this.runner.withPropertyValues(JWT + "public-key-location=file:" + publicKey(), JWT + "audiences=defuse-api")
			.run((context) -> {
				assertThat(context).hasSingleBean(JwtSignIn.class).hasBean("bearerTokenScheme");
				JwtDecoder decoder = context.getBean(JwtDecoder.class);
				assertThat(decoder.decode(issuer.sign(TokenIssuer.claims())).getAudience())
					.containsExactly("defuse-api");
				assertThatExceptionOfType(JwtValidationException.class)
					.isThrownBy(() -> decoder.decode(issuer.sign(TokenIssuer.claims().audience("another-app"))))
					.withMessageContaining("aud");
				assertThatExceptionOfType(JwtValidationException.class)
					.isThrownBy(() -> decoder.decode(issuer.sign(TokenIssuer.claims().audience((String) null))))
					.withMessageContaining("aud");
			});
	}

	@Test
	void expiryIsRequiredAndCheckedWithASmallClockSkew() throws Exception {
		this.runner.withPropertyValues(JWT + "public-key-location=file:" + publicKey(), JWT + "audiences=defuse-api")
			.run((context) -> {
				JwtDecoder decoder = context.getBean(JwtDecoder.class);
				assertThat(decoder.decode(issuer.sign(expiredSecondsAgo(10)))).isNotNull();
				assertThatExceptionOfType(JwtValidationException.class)
					.isThrownBy(() -> decoder.decode(issuer.sign(expiredSecondsAgo(45))))
					.withMessageContaining("expired");
				assertThatExceptionOfType(JwtValidationException.class)
					.isThrownBy(() -> decoder.decode(issuer.sign(TokenIssuer.claims().expirationTime(null))))
					.withMessageContaining("exp is required");
			});
	}

	@Test
	void clockSkewIsConfigurable() throws Exception {
		this.runner
			.withPropertyValues(JWT + "public-key-location=file:" + publicKey(), JWT + "audiences=defuse-api",
					"defuse.jwt.clock-skew=0s")
			.run((context) -> assertThatExceptionOfType(JwtValidationException.class)
				.isThrownBy(() -> context.getBean(JwtDecoder.class).decode(issuer.sign(expiredSecondsAgo(10)))));
	}

	@Test
	void refusesToStartWithoutAudiences() throws Exception {
		this.runner.withPropertyValues(JWT + "public-key-location=file:" + publicKey())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.audiences"));
	}

	@Test
	void anUnreachableIssuerIsReportedAsTheProvidersTrouble() {
		this.runner
			.withPropertyValues(JWT + "issuer-uri=http://127.0.0.1:9/realms/support", JWT + "audiences=defuse-api")
			.run((context) -> {
				JwtDecoder decoder = context.getBean(JwtSignIn.class).decoder();
				assertThatExceptionOfType(JwtException.class)
					.isThrownBy(() -> decoder.decode(issuer.sign(TokenIssuer.claims())))
					.withCauseInstanceOf(JwtDecoderInitializationException.class);
			});
	}

	private static JWTClaimsSet.Builder expiredSecondsAgo(long seconds) {
		Instant expiry = Instant.now().minusSeconds(seconds);
		return TokenIssuer.claims().issueTime(Date.from(expiry.minusSeconds(300))).expirationTime(Date.from(expiry));
	}

	private Path publicKey() throws Exception {
		Path file = this.directory.resolve("jwt-public-key.pem");
		Files.writeString(file, issuer.publicKeyPem());
		return file;
	}

	@EnableConfigurationProperties(JwtProperties.class)
	static class Properties {

	}

}
