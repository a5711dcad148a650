package io.defuse.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A receiver speaking HTTP/1.1 by hand on a plain socket, so it can misbehave in ways a
 * real server will not: reset the connection, never answer, send the headers and then
 * nothing, or stream an endless body. Counts connections open at once and the bytes it
 * managed to send.
 */
final class RawReceiver implements AutoCloseable {

	/** What the receiver does with one request, once it has read it. */
	enum Behaviour {

		/** Answers 200 with an empty body. */
		OK,

		/** Closes the socket with a TCP reset instead of answering. */
		RESET,

		/** Keeps the connection open and never answers. */
		SILENT,

		/**
		 * Sends a 200 status line and headers announcing 1 MB, a few bytes, then nothing.
		 */
		HEADERS_THEN_SILENCE,

		/** Answers 200 with a chunked body that never ends. */
		ENDLESS_BODY

	}

	/** A request as read: when it arrived and its webhook-id. */
	record Request(Instant at, String webhookId) {
	}

	private final ServerSocket server;

	private final IntFunction<Behaviour> script;

	private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

	private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger maxOpen = new AtomicInteger();

	private final AtomicLong bodyBytesSent = new AtomicLong();

	/**
	 * @param script the behaviour for the 1st, 2nd, … request
	 */
	RawReceiver(IntFunction<Behaviour> script) throws IOException {
		this.script = script;
		this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "raw-receiver-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getLocalPort() + path;
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** The most connections that were open at the same time. */
	int maxOpenConnections() {
		return this.maxOpen.get();
	}

	int openConnections() {
		return this.open.get();
	}

	long bodyBytesSent() {
		return this.bodyBytesSent.get();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.sockets.add(socket);
				int now = this.open.incrementAndGet();
				this.maxOpen.accumulateAndGet(now, Math::max);
				Thread handler = new Thread(() -> handle(socket), "raw-receiver-connection");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void handle(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			while (true) {
				String head = readHead(in);
				if (head == null) {
					return;
				}
				in.readNBytes(contentLength(head));
				this.requests.add(new Request(Instant.now(), header(head, "webhook-id")));
				Behaviour behaviour = this.script.apply(this.connections.incrementAndGet());
				switch (behaviour) {
					case OK -> {
						out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
						out.flush();
						continue;
					}
					case RESET -> {
						socket.setSoLinger(true, 0);
						return;
					}
					case SILENT -> drain(in);
					case HEADERS_THEN_SILENCE -> {
						out.write(
								"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\nfirst bytes"
									.getBytes(StandardCharsets.US_ASCII));
						out.flush();
						drain(in);
					}
					case ENDLESS_BODY -> {
						out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
							.getBytes(StandardCharsets.US_ASCII));
						byte[] chunk = ("2000\r\n" + "x".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
						while (true) {
							out.write(chunk);
							this.bodyBytesSent.addAndGet(0x2000);
						}
					}
				}
				return;
			}
		}
		catch (IOException ex) {
			// the client closed or reset the connection
		}
		finally {
			this.open.decrementAndGet();
		}
	}

	/** Waits until the client closes the connection. */
	private static void drain(InputStream in) throws IOException {
		while (in.read() != -1) {
			// nothing to do
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		int b;
		while ((b = in.read()) != -1) {
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r') ? 1 : 0;
			if (matched == 4) {
				return head.toString(StandardCharsets.US_ASCII);
			}
		}
		return null;
	}

	private static int contentLength(String head) {
		String value = header(head, "content-length");
		return (value != null) ? Integer.parseInt(value) : 0;
	}

	private static String header(String head, String name) {
		for (String line : head.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
				return line.substring(colon + 1).strip();
			}
		}
		return null;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
