/**
 * The case aggregate: the five de-escalation steps (listen, gather, offer, respond,
 * follow-up), their guards and the immutable timeline.
 */
package io.defuse.casework;
