/**
 * Reports on how well the team de-escalates: volumes, times per step, SLA, satisfaction.
 */
package io.defuse.report;
