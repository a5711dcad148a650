package io.defuse.shared.web;

/**
 * An answer that carries a secret shown only this once (an API key, a signing secret).
 * Such an answer is never stored for an Idempotency-Key replay: a replay repeats its
 * status and {@code Location} without the body.
 */
public interface ShownOnce {

}
