package io.defuse.webhook.inbound;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import io.defuse.shared.web.ApiException;

/**
 * Counts what became of every message a CRM sent: applied, a duplicate, or why it was
 * refused. An applied message is counted after its effect has committed. See
 * docs/OBSERVABILITY.md.
 */
@Component
class InboundMetrics {

	static final String EVENTS = "defuse.webhook.inbound.events";

	/** What became of one inbound message. */
	enum Result {

		/** Applied now (202). */
		ACCEPTED,

		/** Applied before; nothing done again (200). */
		DUPLICATE,

		/** Headers missing or no signature matches (401 invalid-signature). */
		BAD_SIGNATURE,

		/** The timestamp is more than 5 minutes off (401 stale-timestamp). */
		STALE,

		/** Malformed JSON, an unknown type or invalid data (400). */
		INVALID,

		/** No such integration, or it is disabled (404). */
		UNKNOWN_INTEGRATION,

		/** Refused by a rule of the effect, e.g. an erased customer (409, 422). */
		REFUSED,

		/** Failed unexpectedly (500, 503). */
		FAILED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final MeterRegistry meters;

	InboundMetrics(MeterRegistry meters) {
		this.meters = meters;
		for (Result result : Result.values()) {
			counter(result);
		}
	}

	void received(Receipt receipt) {
		counter(receipt.duplicate() ? Result.DUPLICATE : Result.ACCEPTED).increment();
	}

	void refused(RuntimeException refusal) {
		counter(resultOf(refusal)).increment();
	}

	static Result resultOf(RuntimeException refusal) {
		if (!(refusal instanceof ApiException refused)) {
			return Result.FAILED;
		}
		return switch (refused.code()) {
			case "invalid-signature" -> Result.BAD_SIGNATURE;
			case "stale-timestamp" -> Result.STALE;
			case "not-found" -> Result.UNKNOWN_INTEGRATION;
			default -> {
				if (refused.status().value() == 400) {
					yield Result.INVALID;
				}
				yield refused.status().is4xxClientError() ? Result.REFUSED : Result.FAILED;
			}
		};
	}

	private Counter counter(Result result) {
		return Counter.builder(EVENTS)
			.description("Messages received from CRMs, by what became of them")
			.tag("result", result.tag())
			.register(this.meters);
	}

}
