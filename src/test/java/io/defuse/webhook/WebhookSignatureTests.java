package io.defuse.webhook;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

import io.defuse.webhook.WebhookSignature.Failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class WebhookSignatureTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	static final long TIMESTAMP = 1614265330;

	static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

	@Test
	void reproducesThePublishedTestVector() {
		assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY))
			.isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void theReferenceLibraryAcceptsOurSignatures() {
		String secret = WebhookSignature.newSecret();
		long now = Instant.now().getEpochSecond();
		byte[] body = "{\"type\":\"case.created\",\"data\":{\"subject\":\"Kettle – Konvice – Wasserkocher\"}}"
			.getBytes(StandardCharsets.UTF_8);
		HttpHeaders headers = HttpHeaders.of(Map.of(WebhookSignature.ID_HEADER, List.of("msg_1"),
				WebhookSignature.TIMESTAMP_HEADER, List.of(Long.toString(now)), WebhookSignature.SIGNATURE_HEADER,
				List.of(WebhookSignature.sign(secret, "msg_1", now, body))), (name, value) -> true);
		assertThatCode(() -> new Webhook(secret).verify(new String(body, StandardCharsets.UTF_8), headers))
			.doesNotThrowAnyException();
	}

	@Test
	void verifiesWhatTheReferenceLibrarySigns() throws Exception {
		String secret = WebhookSignature.newSecret();
		long now = Instant.now().getEpochSecond();
		String signature = new Webhook(secret).sign("msg_2", now, "{\"a\":1}");
		assertThat(WebhookSignature.verify("msg_2", Long.toString(now), signature,
				"{\"a\":1}".getBytes(StandardCharsets.UTF_8), Instant.now(), secret))
			.isNull();
	}

	@Test
	void acceptsAnyOfSeveralSignaturesAndAnyOfSeveralSecrets() {
		Instant now = Instant.ofEpochSecond(TIMESTAMP);
		String valid = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);
		assertThat(WebhookSignature.verify(ID, Long.toString(TIMESTAMP), "v1,bogus= " + valid, BODY, now, SECRET))
			.isNull();
		assertThat(WebhookSignature.verify(ID, Long.toString(TIMESTAMP), valid, BODY, now, WebhookSignature.newSecret(),
				SECRET))
			.isNull();
	}

	@Test
	void refusesTamperingStaleTimestampsAndMissingHeaders() {
		Instant now = Instant.ofEpochSecond(TIMESTAMP);
		String valid = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);
		assertThat(WebhookSignature.verify(ID, Long.toString(TIMESTAMP), valid,
				"{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), now, SECRET))
			.isEqualTo(Failure.BAD_SIGNATURE);
		assertThat(WebhookSignature.verify("msg_other", Long.toString(TIMESTAMP), valid, BODY, now, SECRET))
			.isEqualTo(Failure.BAD_SIGNATURE);
		assertThat(WebhookSignature.verify(ID, Long.toString(TIMESTAMP), valid, BODY, now.plusSeconds(301), SECRET))
			.isEqualTo(Failure.STALE_TIMESTAMP);
		assertThat(WebhookSignature.verify(ID, Long.toString(TIMESTAMP), valid, BODY, now.minusSeconds(301), SECRET))
			.isEqualTo(Failure.STALE_TIMESTAMP);
		assertThat(WebhookSignature.verify(ID, "yesterday", valid, BODY, now, SECRET))
			.isEqualTo(Failure.MISSING_HEADERS);
		assertThat(WebhookSignature.verify(ID, Long.toString(TIMESTAMP), null, BODY, now, SECRET))
			.isEqualTo(Failure.MISSING_HEADERS);
		assertThat(
				WebhookSignature.verify(ID, Long.toString(TIMESTAMP), valid, BODY, now, WebhookSignature.newSecret()))
			.isEqualTo(Failure.BAD_SIGNATURE);
	}

	@Test
	void newSecretsCarryAtLeast24RandomBytes() {
		String secret = WebhookSignature.newSecret();
		assertThat(secret).startsWith("whsec_");
		assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);
		assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
	}

}
