-- Seeds ${cases} cases over the last ${days} days in ${teams} teams, with their step history, offers
-- and follow-ups, for the report benchmark (ReportBenchmark). Deterministic for a given size: the
-- random numbers come from a fixed seed. Each case walks listen -> gather -> offer -> respond ->
-- follow-up with exponentially distributed times per step (means: 30 min, 2 h, 6 h, 12 h, then the
-- severity's follow-up delay plus 3 h), so recent cases are still open; 4 % are withdrawn early,
-- 10 % go round the offer loop once more after an unsatisfied follow-up, 15 % are not reached at the
-- first follow-up attempt, 2 % close unconfirmed.
select setseed(0.17);

insert into teams (id, name, description, created_at, created_by)
select ('b0000000-0000-0000-0000-' || lpad(t::text, 12, '0'))::uuid, 'Benchmark team ' || t,
       'seeded by the report benchmark', now(), 'benchmark'
from generate_series(1, ${teams}) t;

insert into customers (id, display_name, language, created_at, updated_at, created_by, version)
select md5('customer' || k)::uuid, 'Benchmark customer ' || k, (array['en', 'de', 'cs'])[1 + k % 3],
       now() - interval '${days} days', now() - interval '${days} days', 'benchmark', 0
from generate_series(1, greatest(1, ${cases} / 3)) k;

create temporary table bench_draw on commit drop as
select i,
       now() - make_interval(secs => ${days} * 86400.0 * (1 - (i - 0.5) / ${cases})) as created_at,
       random() as r_sev, random() as r_cat, random() as r_prod, random() as r_fate, random() as r_loop,
       random() as r_unreached, random() as r_esc, random() as r_kind, random() as r_peak, random() as r_calm,
       random() as r_rep, random() as r_rej, random() as r_type1, random() as r_type2, random() as r_sat1,
       random() as r_sat2, random() as r_cust,
       -ln(1 - random()) * 1800 as d_listen, -ln(1 - random()) * 7200 as d_gather,
       -ln(1 - random()) * 21600 as d_offer, -ln(1 - random()) * 43200 as d_respond,
       -ln(1 - random()) * 10800 as d_late, -ln(1 - random()) * 21600 as d_offer2,
       -ln(1 - random()) * 43200 as d_respond2, -ln(1 - random()) * 10800 as d_late2
from generate_series(1, ${cases}) i;

create temporary table bench_case on commit drop as
select d.*,
       case when r_sev < 0.30 then 'LOW' when r_sev < 0.75 then 'MEDIUM' when r_sev < 0.95 then 'HIGH'
            else 'CRITICAL' end as severity,
       case when r_fate < 0.02 then 'LISTEN' when r_fate < 0.04 then 'GATHER' end as withdrawn_in,
       r_fate >= 0.04 and r_fate < 0.06 as unconfirmed,
       r_fate >= 0.04 and r_loop < 0.10 as looped,
       r_unreached < 0.15 as unreached_first,
       (array['DEFECTIVE_PRODUCT', 'DEFECTIVE_PRODUCT', 'DEFECTIVE_PRODUCT', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM',
              'MISSING_ITEM', 'LATE_DELIVERY', 'LATE_DELIVERY', 'BILLING', 'SERVICE', 'OTHER'])[1 + floor(r_cat * 11)::int]
           as category,
       (array['REPAIR', 'REPLACEMENT', 'REPLACEMENT', 'REFUND', 'REFUND', 'PARTIAL_REFUND', 'VOUCHER', 'VOUCHER',
              'GOODWILL', 'OTHER'])[1 + floor(r_type1 * 10)::int] as type1,
       (array['REPAIR', 'REPLACEMENT', 'REFUND', 'REFUND', 'PARTIAL_REFUND', 'VOUCHER', 'GOODWILL', 'OTHER'])
           [1 + floor(r_type2 * 8)::int] as type2
from bench_draw d;

create temporary table bench_plan on commit drop as
select c.*, md5('case' || i)::uuid as id,
       ('b0000000-0000-0000-0000-' || lpad((1 + i % ${teams})::text, 12, '0'))::uuid as team_id,
       md5('customer' || (1 + floor(r_cust * greatest(1, ${cases} / 3)))::bigint)::uuid as customer_id,
       case when category in ('DEFECTIVE_PRODUCT', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM')
            then 'Product ' || (1 + floor(r_prod * r_prod * 500))::int end as product,
       make_interval(secs => case severity when 'LOW' then 259200 when 'MEDIUM' then 172800 else 86400 end) as delay,
       case severity when 'LOW' then 28800 when 'MEDIUM' then 14400 when 'HIGH' then 3600 else 900 end as ack_target,
       case severity when 'LOW' then 432000 when 'MEDIUM' then 259200 when 'HIGH' then 86400 else 14400 end as respond_target
from bench_case c;

-- the walk: steps[k] lasts from bounds[k] to bounds[k + 1]; the last bound closes the case
create temporary table bench_walk on commit drop as
select p.*, b.b1, b.b2, b.b3, b.b4, b.due1, b.b5, b.b6, b.b7, b.due2, b.b8,
       case when withdrawn_in = 'LISTEN' then array['LISTEN']
            when withdrawn_in = 'GATHER' then array['LISTEN', 'GATHER']
            when looped then array['LISTEN', 'GATHER', 'OFFER', 'RESPOND', 'FOLLOW_UP', 'OFFER', 'RESPOND', 'FOLLOW_UP']
            else array['LISTEN', 'GATHER', 'OFFER', 'RESPOND', 'FOLLOW_UP'] end as steps,
       case when withdrawn_in = 'LISTEN' then array[created_at, b.b1]
            when withdrawn_in = 'GATHER' then array[created_at, b.b1, b.b2]
            when looped then array[created_at, b.b1, b.b2, b.b3, b.b4, b.b5, b.b6, b.b7, b.b8]
            else array[created_at, b.b1, b.b2, b.b3, b.b4, b.b5] end as bounds
from bench_plan p
cross join lateral (
    select b1, b2, b3, b4, due1, b5, b6, b7, b7 + p.delay as due2,
           b7 + p.delay + make_interval(secs => p.d_late2) as b8
    from (select b1, b2, b3, b4, due1, b5, b5 + make_interval(secs => p.d_offer2) as b6,
                 b5 + make_interval(secs => p.d_offer2 + p.d_respond2) as b7
          from (select b1, b2, b3, b4, b4 + p.delay as due1,
                       b4 + p.delay + make_interval(secs => p.d_late + case when p.unreached_first then 86400 else 0 end) as b5
                from (select p.created_at + make_interval(secs => p.d_listen) as b1,
                             p.created_at + make_interval(secs => p.d_listen + p.d_gather) as b2,
                             p.created_at + make_interval(secs => p.d_listen + p.d_gather + p.d_offer) as b3,
                             p.created_at + make_interval(secs => p.d_listen + p.d_gather + p.d_offer + p.d_respond) as b4
                     ) t1) t2) t3) b;

create temporary table bench_state on commit drop as
select w.*, passed,
       case when passed = cardinality(bounds) then 'CLOSED' else steps[passed] end as step
from bench_walk w
cross join lateral (select count(*)::int as passed from unnest(w.bounds) x where x <= now()) n;

insert into cases (id, customer_id, team_id, channel, subject, severity, step, outcome, closed_from, version,
                   escalated, escalation_reason, escalated_at, escalated_by, escalation_kind, category, product,
                   customer_statements, agent_statements, acknowledged_at, details_confirmed_at, responded_at,
                   follow_up_due_at, follow_up_attempts, event_seq, created_at, updated_at, closed_at, created_by,
                   response_started_at, ack_warned, ack_breached, response_warned, response_breached,
                   follow_up_due_notified, tension_score, tension_level, peak_score, peak_level, tension_scores,
                   tension_levels, repeat_of, step_entered_at)
select id, customer_id, team_id, (array['PHONE', 'EMAIL', 'CHAT', 'WEB', 'STORE', 'SOCIAL'])[1 + i % 6],
       'Benchmark case ' || i, severity, step,
       case when step = 'CLOSED' then case when withdrawn_in is not null then 'WITHDRAWN'
                                           when unconfirmed then 'RESOLVED_UNCONFIRMED' else 'RESOLVED' end end,
       case when step = 'CLOSED' then steps[cardinality(steps)] end,
       passed * 2, escalation_kind is not null, escalation_kind_reason, escalated_at,
       case when escalation_kind is not null then 'benchmark' end, escalation_kind,
       case when passed >= 2 and withdrawn_in is distinct from 'LISTEN' then category end,
       case when passed >= 2 and withdrawn_in is distinct from 'LISTEN' then product end,
       2, passed, acknowledged_at, details_confirmed_at, responded_at,
       case when step = 'FOLLOW_UP' then (case when looped and passed = 8 then due2 else due1 end) end,
       0, passed * 2, created_at, bounds[passed], case when step = 'CLOSED' then bounds[passed] end, 'benchmark',
       response_started_at,
       coalesce(ack_took >= 0.8 * ack_target, false), coalesce(ack_took >= ack_target, false),
       coalesce(response_took >= 0.8 * respond_target, false), coalesce(response_took >= respond_target, false),
       step = 'FOLLOW_UP' and (case when looped and passed = 8 then due2 else due1 end) <= now(),
       peak_score - case when calmed then 45 else 0 end, case when calmed then 'CALM' else peak_level end,
       peak_score, peak_level, array[peak_score], array[peak_level],
       case when r_rep < 0.08 and passed >= 3 and withdrawn_in is null and i > 1000
            then array[md5('case' || (i - 1000))::uuid] end,
       bounds[passed]
from (select s.*,
             case when passed >= 2 and withdrawn_in is distinct from 'LISTEN' then b1 end as acknowledged_at,
             case when passed >= 3 and withdrawn_in is null then b2 end as details_confirmed_at,
             case when withdrawn_in is not null then null when looped and passed >= 7 then b6
                  when passed >= 4 then b3 end as response_started_at,
             case when withdrawn_in is not null then null when looped and passed >= 8 then b7
                  when passed >= 5 then b4 end as responded_at,
             extract(epoch from coalesce(case when passed >= 2 and withdrawn_in is distinct from 'LISTEN' then b1 end,
                                         case when step = 'LISTEN' then now() end) - created_at) as ack_took,
             case when withdrawn_in is not null then null
                  when looped and passed >= 8 then extract(epoch from b7 - b6)
                  when looped and passed = 7 then extract(epoch from now() - b6)
                  when passed >= 5 then extract(epoch from b4 - b3)
                  when passed = 4 then extract(epoch from now() - b3) end as response_took,
             case when looped and passed >= 6 then 'NOT_SATISFIED_AT_FOLLOW_UP'
                  when r_esc < 0.15 then (array['HOSTILE_STATEMENT', 'LEGAL_THREAT', 'HIGH_RISK', 'HIGH_RISK',
                                                'SLA_BREACHED', 'MANUAL', 'MANUAL'])[1 + floor(r_kind * 7)::int] end
                 as escalation_kind,
             case when looped and passed >= 6 then b5 when r_esc < 0.15 then created_at + interval '5 minutes' end
                 as escalated_at,
             case when looped and passed >= 6 then 'customer not satisfied at follow-up (2/5)'
                  when r_esc < 0.15 then 'benchmark escalation' end as escalation_kind_reason,
             case when r_peak < 0.30 then 'CALM' when r_peak < 0.65 then 'TENSE' when r_peak < 0.90 then 'ANGRY'
                  else 'HOSTILE' end as peak_level,
             case when r_peak < 0.30 then 10 when r_peak < 0.65 then 35 when r_peak < 0.90 then 60 else 85 end
                 as peak_score,
             step = 'CLOSED' and r_calm < 0.6 and r_peak >= 0.65 as calmed
      from bench_state s) c
order by created_at;

-- the teams that may see a customer: every team with a case of theirs (as the service records it)
insert into customer_teams (customer_id, team_id)
select distinct customer_id, team_id from cases where created_by = 'benchmark';

insert into case_step_stays (id, case_id, team_id, step, entered_at, left_at)
select md5('stay' || s.i || '-' || k)::uuid, s.id, s.team_id, s.steps[k], s.bounds[k], s.bounds[k + 1]
from bench_state s
cross join lateral generate_series(1, s.passed - 1) k
where k < cardinality(s.bounds)
order by s.bounds[k + 1];

-- offers: in each offer round a rejected offer first (25 %), then the accepted one; open while the
-- round has not ended
insert into case_offers (id, case_id, team_id, type, amount, currency, description, status, requires_approval,
                         decided_at, rejection_reason, created_at, created_by)
select md5('offer' || i || '-' || round || '-' || n)::uuid, id, team_id, type,
       case when type in ('REFUND', 'PARTIAL_REFUND', 'VOUCHER') then 50.00 end,
       case when type in ('REFUND', 'PARTIAL_REFUND', 'VOUCHER') then 'EUR' end,
       null, status, false, decided_at, case when status = 'REJECTED' then 'not enough' end, made_at, 'benchmark'
from (select s.i, s.id, s.team_id, r.round, o.n, o.type, o.made_at,
             case when o.n = 1 and r.rejected then 'REJECTED'
                  when r.accepted_at <= now() then 'ACCEPTED' else 'OPEN' end as status,
             case when o.n = 1 and r.rejected then o.made_at + interval '10 minutes'
                  when r.accepted_at <= now() then r.accepted_at end as decided_at
      from bench_state s
      cross join lateral (values (1, s.b2, s.b3, s.r_rej < 0.25, s.type1),
                                 (2, s.b5, s.b6, s.r_rej < 0.10, s.type2)) r(round, entered_at, accepted_at, rejected, accepted_type)
      cross join lateral (values (1, case when r.rejected then s.type2 else r.accepted_type end,
                                  r.entered_at + interval '1 minute'),
                                 (2, r.accepted_type, r.entered_at + (r.accepted_at - r.entered_at) / 2)) o(n, type, made_at)
      where s.withdrawn_in is null and (r.round = 1 or s.looped)
        and (o.n = 2 or r.rejected) and o.made_at <= now()) offers
order by made_at;

-- follow-ups: per follow-up round that ended, the unreached first attempt (15 %) and the attempt that
-- ended the round: unsatisfied (1-3) before another offer round, satisfied (4-5), or unreached when
-- the case closed unconfirmed
insert into case_follow_ups (id, case_id, team_id, attempt, reached, satisfaction, created_at, created_by, due_at,
                             remedy, category)
select md5('follow-up' || i || '-' || round || '-' || attempt)::uuid, id, team_id,
       case when attempt = 1 and unreached then 2 else 1 end, reached,
       satisfaction, created_at, 'benchmark', due_at, remedy, category
from (select s.i, s.id, s.team_id, s.category, r.round, r.unreached_first as unreached, a.attempt, a.reached, a.satisfaction,
             a.created_at, a.due_at, r.remedy
      from bench_state s
      cross join lateral (values (1, s.due1, s.b5, s.type1, s.looped, s.unreached_first),
                                 (2, s.due2, s.b8, s.type2, false, false))
          r(round, due, ended_at, remedy, unsatisfied, unreached_first)
      cross join lateral (values
              (0, false, null::int, r.due + make_interval(secs => s.d_late), r.due),
              (1, not (s.unconfirmed and not r.unsatisfied),
               case when s.unconfirmed and not r.unsatisfied then null
                    when r.unsatisfied then 1 + floor(s.r_sat1 * 3)::int
                    else 4 + (s.r_sat2 < 0.6)::int end,
               r.ended_at,
               case when r.unreached_first then r.due + make_interval(secs => s.d_late) + interval '1 day'
                    else r.due end))
          a(attempt, reached, satisfaction, created_at, due_at)
      where s.withdrawn_in is null and (r.round = 1 or s.looped) and a.created_at <= now()
        and (a.attempt = 1 or r.unreached_first)) f
order by created_at;
