-- The team whose cases an integration's complaints open; its events act for that team only.
alter table integrations add column team_id uuid not null default '00000000-0000-0000-0000-000000000001'
    references teams (id);
alter table integrations alter column team_id drop default;
