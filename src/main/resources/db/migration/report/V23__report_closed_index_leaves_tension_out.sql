-- A customer's statement changes its case's tension (tension_level among the columns), and a
-- change to any column an index holds, an INCLUDE column or a predicate's included, makes
-- PostgreSQL write a new entry into every index of cases for that row version (11 of them for an
-- open case) instead of updating it in place on its page (a heap-only tuple, HOT). The closed
-- cases' report index carried the tension for an index-only de-escalation count; it carries the
-- outcome alone now, and that count reads the tension of a period's closed cases from the table
-- (docs/BENCHMARKS.md, change 24).
drop index cases_report_closed_idx;
create index cases_report_closed_idx on cases (team_id, closed_at)
    include (outcome)
    where closed_at is not null;
