package io.defuse.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a delivery job's db-scheduler instance names: the deliveries it sends, to one
 * endpoint, in the order to send them — their ids, comma-separated. The outbox writes one
 * job for a transaction's deliveries to an endpoint (so a step's three events cost one
 * pick, one look-up and one job's removal, not three); a delivery queued again by hand
 * has a job of its own, whose instance is its id alone.
 */
final class DeliveryJob {

	/**
	 * Deliveries one job names at most: a transaction with more for one endpoint (an
	 * erasure of many cases, say) gets several jobs, sent side by side.
	 */
	static final int MAX_DELIVERIES = 10;

	private DeliveryJob() {
	}

	/** The instance of a job naming the deliveries, in their order. */
	static String instance(List<UUID> deliveries) {
		return deliveries.stream().map(UUID::toString).collect(Collectors.joining(","));
	}

	/** The deliveries a job's instance names, in its order. */
	static List<UUID> deliveries(String instance) {
		return Arrays.stream(instance.split(",")).map(UUID::fromString).toList();
	}

}
