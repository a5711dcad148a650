/**
 * De-escalation intelligence: tension analysis, escalation risk, empathy checks and step
 * guidance.
 */
package io.defuse.deescalation;
