-- Reports. The report module reads the casework tables with SQL. This migration adds the facts the
-- case now records on write so that every figure can be computed in SQL, fills them in for the cases
-- already stored (from their timeline), and adds what keeps the report queries fast at a million
-- cases: each query is an index-only range scan of one team's rows (or of each team's) over the
-- period it reports on.

-- 1. Step history: one row per stay of a case in a step, written by the case in the transaction
--    that moves it on. The step it is in now started at cases.step_entered_at.
alter table cases add column step_entered_at timestamptz;

update cases c
set step_entered_at = coalesce((select max(e.occurred_at) from case_events e
                                where e.case_id = c.id and e.type = 'case.step_changed'), c.created_at);

alter table cases alter column step_entered_at set not null;

create table case_step_stays (
    id         uuid        primary key,
    case_id    uuid        not null references cases (id),
    step       varchar(10) not null check (step in ('LISTEN', 'GATHER', 'OFFER', 'RESPOND', 'FOLLOW_UP', 'CLOSED')),
    entered_at timestamptz not null,
    left_at    timestamptz not null,
    -- the stay's length; never negative, even if two instances' clocks disagree a little
    seconds    double precision not null
        generated always as (greatest(0, extract(epoch from left_at - entered_at))::double precision) stored
);

insert into case_step_stays (id, case_id, step, entered_at, left_at)
select gen_random_uuid(), e.case_id, e.data ->> 'from',
       coalesce(lag(e.occurred_at) over (partition by e.case_id order by e.seq), c.created_at),
       e.occurred_at
from case_events e
join cases c on c.id = e.case_id
where e.type = 'case.step_changed'
order by e.occurred_at;

-- the case loads its stays when it moves on
create index case_step_stays_case_idx on case_step_stays (case_id);

-- 2. Why a case was escalated, as a kind that survives the erasure of the reason's text.
alter table cases add column escalation_kind varchar(30)
    check (escalation_kind in ('HOSTILE_STATEMENT', 'LEGAL_THREAT', 'HIGH_RISK', 'SLA_BREACHED',
                               'NOT_SATISFIED_AT_FOLLOW_UP', 'MANUAL'));

-- the reasons the service itself writes; anything else an agent or supervisor wrote. A reason
-- erased before this migration leaves its kind unknown (null).
update cases
set escalation_kind = case
        when escalation_reason = 'hostile customer statement' then 'HOSTILE_STATEMENT'
        when escalation_reason = 'legal threat' then 'LEGAL_THREAT'
        when escalation_reason like 'risk %/100:%' then 'HIGH_RISK'
        when escalation_reason like 'SLA breached: %' then 'SLA_BREACHED'
        when escalation_reason like 'customer not satisfied at follow-up%' then 'NOT_SATISFIED_AT_FOLLOW_UP'
        when escalation_reason is not null then 'MANUAL'
    end
where escalated;

-- 3. Each follow-up attempt keeps when it was due, the remedy it rates (the offer accepted last
--    before it) and the case's problem category, so that ratings and the follow-up clock need no
--    join.
alter table case_follow_ups
    add column due_at   timestamptz,
    add column remedy   varchar(20)
        check (remedy in ('REPAIR', 'REPLACEMENT', 'REFUND', 'PARTIAL_REFUND', 'VOUCHER', 'GOODWILL', 'OTHER')),
    add column category varchar(30);

-- due: what the response (first attempt) or the previous attempt scheduled, read from the timeline
-- entries before the follow-up's own entry
update case_follow_ups f
set due_at = (select (e.data ->> case when e.type = 'case.response_recorded' then 'followUpDueAt' else 'dueAt' end)::timestamptz
              from case_events e
              where e.case_id = f.case_id
                and e.type in ('case.response_recorded', 'case.follow_up_scheduled')
                and e.seq < coalesce((select min(r.seq) from case_events r
                                      where r.case_id = f.case_id and r.type = 'case.follow_up_recorded'
                                        and r.occurred_at = f.created_at), 2147483647)
              order by e.seq desc
              limit 1),
    remedy = (select o.type from case_offers o
              where o.case_id = f.case_id and o.status = 'ACCEPTED' and o.decided_at <= f.created_at
              order by o.decided_at desc
              limit 1),
    category = (select c.category from cases c where c.id = f.case_id);

-- 4. A case's records carry the case's team, so that a team's report reads only its own rows. The
--    database keeps the copy: it is filled in on insert and follows the case when it moves to
--    another team, whatever writes it.
alter table case_step_stays add column team_id uuid;
alter table case_offers add column team_id uuid;
alter table case_follow_ups add column team_id uuid;

update case_step_stays s set team_id = c.team_id from cases c where c.id = s.case_id;
update case_offers o set team_id = c.team_id from cases c where c.id = o.case_id;
update case_follow_ups f set team_id = c.team_id from cases c where c.id = f.case_id;

alter table case_step_stays alter column team_id set not null;
alter table case_offers alter column team_id set not null;
alter table case_follow_ups alter column team_id set not null;

create function case_record_team() returns trigger language plpgsql as $$
begin
    if new.team_id is null then
        new.team_id := (select c.team_id from cases c where c.id = new.case_id);
    end if;
    return new;
end $$;

create trigger case_step_stays_team before insert on case_step_stays
    for each row execute function case_record_team();
create trigger case_offers_team before insert on case_offers
    for each row execute function case_record_team();
create trigger case_follow_ups_team before insert on case_follow_ups
    for each row execute function case_record_team();

create function case_team_moved() returns trigger language plpgsql as $$
begin
    update case_step_stays set team_id = new.team_id where case_id = new.id;
    update case_offers set team_id = new.team_id where case_id = new.id;
    update case_follow_ups set team_id = new.team_id where case_id = new.id;
    return null;
end $$;

create trigger cases_team_moved after update of team_id on cases
    for each row when (old.team_id is distinct from new.team_id) execute function case_team_moved();

-- 5. Indexes for the report queries. Each starts with the team and the time the period filters on,
--    and covers what its query reads (index-only scans). A report on every team asks for each team.

-- cases opened in a period: volumes, escalation, repeats, categories, products, acknowledgement clock
create index cases_report_opened_idx on cases (team_id, created_at)
    include (severity, step, escalated, escalation_kind, details_confirmed_at, repeat_of, category, product,
             acknowledged_at, ack_paused_s, ack_breached, sla_paused_at);
-- cases closed in a period: outcomes, de-escalation
create index cases_report_closed_idx on cases (team_id, closed_at)
    include (outcome, peak_level, tension_level)
    where closed_at is not null;
-- response clocks started in a period
create index cases_report_response_idx on cases (team_id, response_started_at)
    include (severity, step, responded_at, response_paused_s, response_breached, sla_paused_at)
    where response_started_at is not null;
-- follow-ups waiting now, by when they fall due
create index cases_report_follow_up_due_idx on cases (team_id, follow_up_due_at)
    where step = 'FOLLOW_UP';
-- escalations in a period
create index cases_report_escalated_idx on cases (team_id, escalated_at)
    where escalated;
-- open cases by step, now
create index cases_report_open_idx on cases (team_id, step)
    where step <> 'CLOSED';
-- time in step: the stays that ended in a period, per step
create index case_step_stays_report_idx on case_step_stays (team_id, step, left_at) include (seconds);
-- ratings given in a period
create index case_follow_ups_report_rated_idx on case_follow_ups (team_id, created_at)
    include (satisfaction, remedy, category)
    where satisfaction is not null;
-- follow-up attempts that fell due in a period
create index case_follow_ups_report_due_idx on case_follow_ups (team_id, due_at)
    include (created_at)
    where due_at is not null;
-- offers made in a period
create index case_offers_report_idx on case_offers (team_id, created_at)
    include (type, status);
