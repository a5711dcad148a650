package io.defuse.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.defuse.reliability.ClusterClient.Response;

import static io.defuse.reliability.ClusterClient.json;

/**
 * The load both the cluster and the soak test put on the service: a case walked through
 * all five steps by an agent, every request sent to the next node in turn, and after
 * every write a read from another node that must already show it (same version, same
 * {@code ETag}) — read-your-writes across instances. Between the steps the agent reads
 * the timeline, the case list, the customer's history and the guidance, as agents do.
 * With one node every request goes to it.
 */
final class ClusterWorkload {

	private final List<ClusterClient> nodes;

	private final Recorder recorder;

	private final Pacer pacer;

	private int turn;

	/**
	 * @param nodes the same agent's client on each node, used in turn
	 */
	ClusterWorkload(List<ClusterClient> nodes, Recorder recorder, Pacer pacer, int firstTurn) {
		this.nodes = nodes;
		this.recorder = recorder;
		this.pacer = pacer;
		this.turn = firstTurn;
	}

	/**
	 * Runs cases one after another until {@code System.nanoTime()} reaches {@code end}; a
	 * case that fails is recorded and the next one begins.
	 */
	void runCasesUntil(long end) {
		while (System.nanoTime() < end) {
			try {
				runCase();
			}
			catch (RuntimeException ex) {
				this.recorder.failure("a case failed: " + ex);
			}
		}
	}

	/** One case from opening to a satisfied close: 20 requests. */
	void runCase() {
		String ref = "REL-" + UUID.randomUUID();
		Response opened = write("open", (node) -> node.post("/api/v1/cases", json("""
				{'channel': 'WEB', 'subject': 'Order %s arrived late', 'severity': 'LOW',
				 'statement': 'My order is two weeks late and nobody answers my emails.',
				 'customer': {'externalRef': '%s', 'displayName': 'Reliability %s', 'language': 'en'}}""", ref, ref,
				ref)), 201);
		if (opened == null) {
			return;
		}
		String id = opened.field("/id");
		String customer = opened.field("/customer/id");
		String path = "/api/v1/cases/" + id;
		String etag = readBack(path, opened);
		Response step = write("acknowledge",
				(node) -> node.post(path + "/acknowledgement",
						json("{'message': 'I understand how frustrating this is and I am sorry for the delay.'}"),
						"If-Match", etag),
				200);
		if (step == null) {
			return;
		}
		read("timeline", path + "/timeline?limit=50");
		String afterAck = readBack(path, step);
		step = write("details", (node) -> node.put(path + "/details",
				json("{'category': 'LATE_DELIVERY', 'orderRef': '%s'}", ref), "If-Match", afterAck), 200);
		if (step == null) {
			return;
		}
		String afterDetails = readBack(path, step);
		step = write("confirm", (node) -> node.post(path + "/details/confirmation", null, "If-Match", afterDetails),
				200);
		if (step == null) {
			return;
		}
		read("guidance", path + "/guidance");
		String afterConfirm = readBack(path, step);
		step = write("offer",
				(node) -> node.post(path + "/offers",
						json("{'type': 'GOODWILL', 'description': 'Free express shipping on the next order'}"),
						"If-Match", afterConfirm),
				201);
		if (step == null) {
			return;
		}
		String offer = step.field("/offers/0/id");
		String afterOffer = readBack(path, step);
		step = write("accept",
				(node) -> node.post(path + "/offers/" + offer + "/acceptance", null, "If-Match", afterOffer), 200);
		if (step == null) {
			return;
		}
		read("list", "/api/v1/cases?limit=20");
		String afterAccept = readBack(path, step);
		step = write("respond",
				(node) -> node.post(path + "/response",
						json("{'action': 'GOODWILL_GIVEN', 'reference': 'GW-%s', 'note': 'Voucher e-mailed'}", ref),
						"If-Match", afterAccept),
				200);
		if (step == null) {
			return;
		}
		String afterResponse = readBack(path, step);
		step = write("follow-up", (node) -> node.post(path + "/follow-ups",
				json("{'reached': true, 'satisfaction': 5, 'comment': 'Happy now'}"), "If-Match", afterResponse), 200);
		if (step == null) {
			return;
		}
		read("history", "/api/v1/customers/" + customer + "/history");
		readBack(path, step);
		this.recorder.casesCompleted.incrementAndGet();
	}

	private Response write(String operation, java.util.function.Function<ClusterClient, Response> call, int expected) {
		Response response = send(operation, call);
		if (response == null || response.status() != expected) {
			if (response != null) {
				this.recorder.failure(operation + " answered " + response.status() + ": " + excerpt(response.body()));
			}
			return null;
		}
		return response;
	}

	/**
	 * Reads the case from the next node and checks it shows the write just acknowledged.
	 * @return the ETag it showed
	 */
	private String readBack(String path, Response written) {
		Response read = send("read-case", (node) -> node.get(path));
		if (read == null) {
			return written.etag();
		}
		if (read.status() != 200) {
			this.recorder.failure("read-case answered " + read.status() + ": " + excerpt(read.body()));
			return written.etag();
		}
		String writtenVersion = written.field("/version");
		String readVersion = read.field("/version");
		if (written.etag() == null || !written.etag().equals(read.etag()) || writtenVersion == null
				|| !writtenVersion.equals(readVersion)) {
			this.recorder.staleRead("wrote " + written.etag() + "/" + writtenVersion + ", the next read showed "
					+ read.etag() + "/" + readVersion + " at " + path);
		}
		return read.etag();
	}

	private void read(String operation, String path) {
		Response response = send(operation, (node) -> node.get(path));
		if (response != null && response.status() != 200) {
			this.recorder.failure(operation + " answered " + response.status() + ": " + excerpt(response.body()));
		}
	}

	private Response send(String operation, java.util.function.Function<ClusterClient, Response> call) {
		ClusterClient node = this.nodes.get(this.turn % this.nodes.size());
		int index = this.turn % this.nodes.size();
		this.turn++;
		this.pacer.await();
		try {
			Response response = call.apply(node);
			this.recorder.record(index, response.nanos(), response.status() >= 500);
			return response;
		}
		catch (RuntimeException ex) {
			this.recorder.record(index, 0, true);
			this.recorder.failure(operation + " failed: " + ex);
			return null;
		}
	}

	private static String excerpt(String body) {
		return (body == null || body.length() <= 300) ? body : body.substring(0, 300);
	}

	/** Waits for each request's turn; {@link #NONE} sends as fast as answers come. */
	interface Pacer {

		Pacer NONE = () -> {
		};

		void await();

		/**
		 * A fixed rate for one client: a request every {@code interval} from
		 * {@code start}. A client more than one interval behind (its previous answer came
		 * late) sends at once, counts the send as late, and skips the slots it missed
		 * instead of catching up in a burst.
		 */
		static Pacer fixedRate(long startNanos, long intervalNanos, AtomicLong late) {
			long[] next = { startNanos };
			return () -> {
				long now = System.nanoTime();
				long wait = next[0] - now;
				if (wait > 0) {
					ClusterNode.sleep(wait / 1_000_000);
					next[0] += intervalNanos;
				}
				else if (-wait > intervalNanos) {
					late.incrementAndGet();
					next[0] = now + intervalNanos;
				}
				else {
					next[0] += intervalNanos;
				}
			};
		}

	}

	/**
	 * What the clients saw: every request's latency (with the node and when it ended),
	 * server errors, failures and stale reads.
	 */
	static final class Recorder {

		/** One request: when it ended (nanoTime), how long it took, on which node. */
		record Sample(long endedNanos, long nanos, int node, boolean serverError) {
		}

		final Queue<Sample> samples = new ConcurrentLinkedQueue<>();

		final Queue<String> failures = new ConcurrentLinkedQueue<>();

		final Queue<String> staleReads = new ConcurrentLinkedQueue<>();

		final AtomicLong casesCompleted = new AtomicLong();

		final AtomicLong failureCount = new AtomicLong();

		void record(int node, long nanos, boolean serverError) {
			this.samples.add(new Sample(System.nanoTime(), nanos, node, serverError));
		}

		void failure(String what) {
			if (this.failureCount.incrementAndGet() <= 50) {
				this.failures.add(what);
			}
		}

		void staleRead(String what) {
			this.staleReads.add(what);
		}

		/** The samples that ended in [from, to) (nanoTime). */
		List<Sample> between(long from, long to) {
			List<Sample> selected = new ArrayList<>();
			for (Sample sample : this.samples) {
				if (sample.endedNanos() >= from && sample.endedNanos() < to) {
					selected.add(sample);
				}
			}
			return selected;
		}

	}

	/** Latency percentiles of a set of samples, in milliseconds. */
	record Latency(int count, double p50, double p90, double p99, double max) {

		static Latency of(List<Recorder.Sample> samples) {
			long[] nanos = samples.stream().mapToLong(Recorder.Sample::nanos).filter((n) -> n > 0).toArray();
			Arrays.sort(nanos);
			if (nanos.length == 0) {
				return new Latency(0, 0, 0, 0, 0);
			}
			return new Latency(nanos.length, millis(nanos, 0.50), millis(nanos, 0.90), millis(nanos, 0.99),
					nanos[nanos.length - 1] / 1e6);
		}

		static Latency ofMillis(long[] millis) {
			long[] nanos = Arrays.stream(millis).map((m) -> m * 1_000_000).sorted().toArray();
			if (nanos.length == 0) {
				return new Latency(0, 0, 0, 0, 0);
			}
			return new Latency(nanos.length, millis(nanos, 0.50), millis(nanos, 0.90), millis(nanos, 0.99),
					nanos[nanos.length - 1] / 1e6);
		}

		private static double millis(long[] sorted, double quantile) {
			int index = (int) Math.ceil(quantile * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
		}

	}

}
