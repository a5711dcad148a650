/**
 * Reports on how well the teams de-escalate: volumes, time in step, SLA, escalation,
 * de-escalation, satisfaction, repeat complaints, offers, categories and products, as an
 * overview of a period and as time series for charts.
 * <p>
 * Reports read the casework tables ({@code cases}, {@code case_step_stays},
 * {@code case_follow_ups}, {@code case_offers}) and {@code sla_policies} directly with
 * SQL: every figure is an aggregate computed in the database over an index range, never
 * by loading entities. This is the one deliberate exception to modules owning their
 * persistence; it writes nothing, and the indexes it relies on are in
 * {@code db/migration/report}.
 */
package io.defuse.report;
