package io.defuse.shared.web;

/**
 * One invalid input in a 400 answer.
 *
 * @param field where the problem is: a JSON path like {@code offers[0].amount}, or a
 * parameter name
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
}
