-- Every case belongs to one team, set when it is opened and changed by reassignment.
alter table cases add column team_id uuid references teams (id);
update cases set team_id = '00000000-0000-0000-0000-000000000001';
alter table cases alter column team_id set not null;

create index cases_team_idx on cases (team_id, created_at desc, id desc);
