-- Case pages filtered by severity across all teams (supervisors and admins who see every team), newest
-- first, like the step filter: without it a rare severity walks the whole table in date order.
create index cases_severity_idx on cases (severity, created_at desc, id desc);
