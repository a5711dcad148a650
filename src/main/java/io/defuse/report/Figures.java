package io.defuse.report;

/** How report figures are rounded. */
final class Figures {

	private Figures() {
	}

	/** count / basis to four decimals; null when the basis is 0. */
	static Double rate(long count, long basis) {
		return (basis == 0) ? null : Math.round(count * 10_000.0 / basis) / 10_000.0;
	}

	/** sum / count to two decimals. */
	static Double average(long sum, long count) {
		return Math.round(sum * 100.0 / count) / 100.0;
	}

	/** Seconds to the millisecond. */
	static Double seconds(Double seconds) {
		return (seconds != null) ? Math.round(seconds * 1000.0) / 1000.0 : null;
	}

}
