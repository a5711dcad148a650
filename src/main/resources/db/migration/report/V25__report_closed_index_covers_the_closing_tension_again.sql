-- The closed cases' report index covers their de-escalation again (an index-only scan, as before
-- V23) without stopping a statement from updating its case in place. PostgreSQL updates a row in
-- place (HOT) when no column any index holds changes its value, and a statement on an open case
-- changes its tension. These two columns hold the peak and the latest tension level only while the
-- case is closed: null, and unchanged by any statement, while it is open (a reopened case has no
-- closed_at). The database computes them; the service never writes them.
-- Adding a stored generated column rewrites the table under an exclusive lock, its indexes with it
-- (docs/BENCHMARKS.md, change 25: seconds at a million cases); the rewrite also leaves every page
-- with the 15 % of V24 free.
alter table cases
    add column closed_peak_level varchar(10)
        generated always as (case when closed_at is not null then peak_level end) stored,
    add column closed_tension_level varchar(10)
        generated always as (case when closed_at is not null then tension_level end) stored;

drop index cases_report_closed_idx;
create index cases_report_closed_idx on cases (team_id, closed_at)
    include (outcome, closed_peak_level, closed_tension_level)
    where closed_at is not null;
