-- SLA targets per severity (admin-managed), and each case's clocks: acknowledgement (from opening to
-- the agent's acknowledgement) and response (from the accepted offer to the recorded response). A
-- clock can be paused while the case waits on the customer; paused time does not count.
create table sla_policies (
    severity             varchar(10)  primary key check (severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    acknowledge_within_s bigint       not null check (acknowledge_within_s > 0),
    respond_within_s     bigint       not null check (respond_within_s > 0),
    follow_up_delay_s    bigint       not null check (follow_up_delay_s > 0),
    warn_at_percent      int          not null check (warn_at_percent between 1 and 99),
    updated_at           timestamptz  not null,
    updated_by           varchar(100) not null,
    version              bigint       not null
);

insert into sla_policies values
    ('LOW',      8 * 3600, 5 * 86400, 3 * 86400, 80, now(), 'defaults', 0),
    ('MEDIUM',   4 * 3600, 3 * 86400, 2 * 86400, 80, now(), 'defaults', 0),
    ('HIGH',     3600,     86400,     86400,     80, now(), 'defaults', 0),
    ('CRITICAL', 900,      4 * 3600,  86400,     75, now(), 'defaults', 0);

alter table cases
    add column response_started_at    timestamptz,
    add column sla_paused_at          timestamptz,
    add column sla_pause_reason       varchar(500),
    add column ack_paused_s           bigint  not null default 0,
    add column response_paused_s      bigint  not null default 0,
    add column ack_warned             boolean not null default false,
    add column ack_breached           boolean not null default false,
    add column response_warned        boolean not null default false,
    add column response_breached      boolean not null default false,
    add column follow_up_due_notified boolean not null default false;

-- the SLA job looks only at cases whose clock runs or whose follow-up is due
create index cases_sla_watch_idx on cases (step, created_at) where step in ('LISTEN', 'RESPOND', 'FOLLOW_UP');
