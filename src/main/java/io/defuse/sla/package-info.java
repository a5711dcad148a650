/**
 * Service-level policies per severity: how soon a case must be acknowledged, how soon the
 * agreed remedy must be delivered, and when to follow up. The case's clocks are measured
 * by casework.
 */
package io.defuse.sla;
