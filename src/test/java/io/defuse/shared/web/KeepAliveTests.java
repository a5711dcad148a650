package io.defuse.shared.web;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import io.defuse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that keeps its connection alive keeps it well beyond Tomcat's default of 100
 * requests: reconnecting every hundred requests cost each connection's buffers a trip
 * through the old generation (BENCHMARKS.md, change 49).
 */
@IntegrationTest
class KeepAliveTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void aKeptAliveConnectionServesHundredsOfRequests() throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			byte[] request = "HEAD /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII);
			for (int i = 1; i <= 300; i++) {
				out.write(request);
				out.flush();
				String head = head(in);
				assertThat(head).as("answer %d", i).startsWith("HTTP/1.1 200");
				assertThat(head.toLowerCase(Locale.ROOT)).as("answer %d", i).doesNotContain("connection: close");
			}
		}
	}

	/**
	 * The status line and headers, up to the empty line: all there is of an answer to
	 * HEAD.
	 */
	private static String head(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
			int b = in.read();
			assertThat(b).as("the connection was closed").isNotNegative();
			head.append((char) b);
		}
		return head.toString();
	}

}
