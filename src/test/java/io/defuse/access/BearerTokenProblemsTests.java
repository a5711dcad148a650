package io.defuse.access;

import java.util.List;

import com.nimbusds.jose.JOSEException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import io.defuse.shared.web.ProblemResponseWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class BearerTokenProblemsTests {

	private final ProblemResponseWriter writer = mock(ProblemResponseWriter.class);

	private final BearerTokenProblems problems = new BearerTokenProblems(this.writer);

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void failedValidationNamesWhatFailed() throws Exception {
		var expired = new JwtValidationException("expired",
				List.of(new OAuth2Error("invalid_token", "Jwt expired at 2026-11-23T10:00:00Z", null)));
		ProblemDetail problem = answer(new InvalidBearerTokenException(expired.getMessage(), expired));
		assertThat(problem.getStatus()).isEqualTo(401);
		assertThat(problem.getProperties()).containsEntry("code", "invalid-token");
		assertThat(problem.getDetail()).isEqualTo("The token is not accepted: Jwt expired at 2026-11-23T10:00:00Z");
		assertThat(this.response.getHeader("WWW-Authenticate")).isEqualTo(
				"Bearer error=\"invalid_token\", error_description=\"The token is not accepted: Jwt expired at 2026-11-23T10:00:00Z\"");
	}

	@Test
	void badSignatureOrFormatSaysNoMoreThanNecessary() throws Exception {
		BadJwtException bad = new BadJwtException("Signed JWT rejected: Invalid signature");
		ProblemDetail problem = answer(new InvalidBearerTokenException(bad.getMessage(), bad));
		assertThat(problem.getProperties()).containsEntry("code", "invalid-token");
		assertThat(problem.getDetail()).doesNotContain("JWT rejected");
	}

	@Test
	void refusedClaimsKeepTheirCodeAndAQuotableDescription() throws Exception {
		ProblemDetail problem = answer(new RejectedToken("token-role-invalid", "Role \"é\\x\" is unknown"));
		assertThat(problem.getProperties()).containsEntry("code", "token-role-invalid");
		assertThat(problem.getDetail()).isEqualTo("Role \"é\\x\" is unknown");
		assertThat(this.response.getHeader("WWW-Authenticate")).endsWith("error_description=\"Role    x  is unknown\"");
	}

	@Test
	void unreachableIdentityProviderIsAServiceProblem() throws Exception {
		for (Exception cause : List.of(new JwtDecoderInitializationException("no discovery", null),
				new com.nimbusds.jose.RemoteKeySourceException("no key set", null))) {
			MockHttpServletResponse unreachable = new MockHttpServletResponse();
			ProblemResponseWriter writer = mock(ProblemResponseWriter.class);
			new BearerTokenProblems(writer).commence(new MockHttpServletRequest(), unreachable,
					new AuthenticationServiceException("failed", new JwtException("failed", cause)));
			ArgumentCaptor<ProblemDetail> problem = ArgumentCaptor.forClass(ProblemDetail.class);
			verify(writer).write(any(), any(), problem.capture());
			assertThat(problem.getValue().getStatus()).isEqualTo(503);
			assertThat(problem.getValue().getProperties()).containsEntry("code", "token-verification-unavailable");
			assertThat(unreachable.getHeader("Retry-After")).isEqualTo("10");
			assertThat(unreachable.getHeader("WWW-Authenticate")).isNull();
		}
	}

	@Test
	void otherServiceFailuresAreAnInvalidToken() throws Exception {
		ProblemDetail problem = answer(new AuthenticationServiceException("failed",
				new JwtException("failed", new JOSEException("unusable key"))));
		assertThat(problem.getStatus()).isEqualTo(401);
		assertThat(problem.getProperties()).containsEntry("code", "invalid-token");
	}

	private ProblemDetail answer(AuthenticationException failure) throws Exception {
		this.problems.commence(new MockHttpServletRequest(), this.response, failure);
		ArgumentCaptor<ProblemDetail> problem = ArgumentCaptor.forClass(ProblemDetail.class);
		verify(this.writer).write(any(), any(), problem.capture());
		return problem.getValue();
	}

}
