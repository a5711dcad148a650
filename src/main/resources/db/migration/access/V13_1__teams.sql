-- Teams: cases and customers belong to teams; agents and supervisors work on their teams' cases only.
-- Every installation has the Default team; principals and cases from before teams existed join it.
create table teams (
    id          uuid          primary key,
    name        varchar(100)  not null,
    description varchar(500),
    created_at  timestamptz   not null,
    created_by  varchar(100)  not null,
    version     bigint        not null default 0,
    constraint teams_name_key unique (name)
);

insert into teams (id, name, description, created_at, created_by)
values ('00000000-0000-0000-0000-000000000001', 'Default',
        'Cases opened without a team by an admin or an integration land here', now(), 'system');

create table account_teams (
    account_id uuid not null references accounts (id),
    team_id    uuid not null references teams (id),
    primary key (account_id, team_id)
);
create index account_teams_team_idx on account_teams (team_id);

insert into account_teams (account_id, team_id)
select id, '00000000-0000-0000-0000-000000000001' from accounts where role <> 'ADMIN';
