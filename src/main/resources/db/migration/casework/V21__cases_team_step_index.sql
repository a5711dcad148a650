-- A team's open cases in one step, newest first: the list an agent triages from. Without it the
-- page either sorts every case of the team in that step (RESPOND) or walks all teams' cases of
-- the step in date order and drops the other teams' (FOLLOW_UP) - both grow with the table.
-- Closed cases are left out: they are most of a team's cases, and the team index serves them.
-- The report's open-cases-by-step count reads this index as it read the one it replaces.
create index cases_team_step_idx on cases (team_id, step, created_at desc, id desc)
    where step <> 'CLOSED';
drop index cases_report_open_idx;
