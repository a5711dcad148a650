-- The teams that may see a customer: the team that recorded them, and every team with a case of theirs.
create table customer_teams (
    customer_id uuid not null references customers (id),
    team_id     uuid not null references teams (id),
    primary key (customer_id, team_id)
);
create index customer_teams_team_idx on customer_teams (team_id, customer_id);

insert into customer_teams (customer_id, team_id)
select id, '00000000-0000-0000-0000-000000000001' from customers;
