/**
 * Service-level policies per severity and the clocks that warn, breach and escalate.
 */
package io.defuse.sla;
