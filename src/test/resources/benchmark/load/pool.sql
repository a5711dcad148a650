-- Cases for the step benchmark: bench_pool(template, first, last) copies the template case (made
-- through the API, still in LISTEN) with its statements and timeline as cases md5('bench-pool-' || n)
-- for n in first..last, spread over the seeded customers, so that every request acts on a case of its
-- own exactly as the service stored it.
create sequence if not exists bench_pool_seq;

create or replace function bench_pool(template uuid, first bigint, last bigint, customers int) returns void
language plpgsql as $f$
declare
    cols text;
begin
    select string_agg(quote_ident(column_name), ',' order by ordinal_position) into cols
    from information_schema.columns
    where table_schema = 'public' and table_name = 'cases' and column_name not in ('id', 'number', 'customer_id')
      and is_generated = 'NEVER';
    execute format('insert into cases (id, customer_id, %1$s)
                    select md5(''bench-pool-'' || n)::uuid, md5(''customer'' || (1 + n %% %4$s))::uuid, %1$s
                    from cases, generate_series(%2$s, %3$s) n where cases.id = %5$L', cols, first, last, customers, template);

    select string_agg(quote_ident(column_name), ',' order by ordinal_position) into cols
    from information_schema.columns
    where table_schema = 'public' and table_name = 'case_statements' and column_name not in ('id', 'case_id');
    execute format('insert into case_statements (id, case_id, %1$s)
                    select md5(''bench-pool-statement-'' || n)::uuid, md5(''bench-pool-'' || n)::uuid, %1$s
                    from case_statements, generate_series(%2$s, %3$s) n where case_id = %4$L', cols, first, last, template);

    select string_agg(quote_ident(column_name), ',' order by ordinal_position) into cols
    from information_schema.columns
    where table_schema = 'public' and table_name = 'case_events' and column_name not in ('case_id');
    execute format('insert into case_events (case_id, %1$s)
                    select md5(''bench-pool-'' || n)::uuid, %1$s
                    from case_events, generate_series(%2$s, %3$s) n where case_id = %4$L', cols, first, last, template);

    insert into customer_teams (customer_id, team_id)
    select distinct md5('customer' || (1 + n % customers))::uuid, c.team_id
    from cases c, generate_series(first, last) n where c.id = template
    on conflict do nothing;
end
$f$;

-- The webhook history of a service that has been delivering for the retention period (30 days): a
-- case.step_changed message for every step a seeded case entered in that time, delivered once to a
-- CRM endpoint since retired (disabled, so it gets nothing new). Without it every run began on empty
-- webhook tables analysed as empty, and PostgreSQL planned the outbox's foreign-key checks and the
-- delivery worker's look-ups as sequential scans, kept for the whole run while those tables grew
-- (BENCHMARKS.md, change 20); a running service's tables are never empty. Written again when a day
-- old, so that the service's retention purge never deletes part of it during a run.
create or replace function bench_webhook_history() returns bigint
language plpgsql as $f$
declare
    history constant uuid := '00000000-0000-0000-0000-00000000b157';
    added bigint;
begin
    if exists (select 1 from webhook_endpoints where id = history and updated_at > now() - interval '1 day') then
        return 0;
    end if;
    delete from webhook_endpoints where id = history;
    delete from webhook_messages where id like 'msg_h%' and length(id) = 37
        and not exists (select 1 from webhook_deliveries d where d.message_id = webhook_messages.id);
    insert into webhook_endpoints (id, url, description, enabled, disabled_reason, disabled_at, secret,
                                   created_at, updated_at, version)
    values (history, 'https://crm.example.com/hooks/defuse', 'benchmark history: the CRM endpoint before',
            false, 'replaced', now(), 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', now() - interval '30 days', now(), 1);
    insert into webhook_messages (id, type, occurred_at, case_id, sequence, body, created_at)
    select 'msg_h' || md5(s.id::text), 'case.step_changed', s.entered_at, s.case_id, 1,
           jsonb_build_object('type', 'case.step_changed', 'timestamp', s.entered_at,
               'data', jsonb_build_object('caseId', c.id, 'sequence', 1, 'step', s.step, 'actor', 'benchmark',
                   'actorRole', 'AGENT',
                   'case', jsonb_build_object('id', c.id, 'customerId', c.customer_id, 'subject', c.subject,
                       'channel', c.channel, 'severity', c.severity, 'step', s.step, 'outcome', null,
                       'assignee', null, 'escalated', false),
                   'change', jsonb_build_object('to', s.step, 'enteredAt', s.entered_at)))::text,
           s.entered_at
    from case_step_stays s join cases c on c.id = s.case_id
    where c.created_by = 'benchmark' and s.entered_at > now() - interval '29 days';
    get diagnostics added = row_count;
    insert into webhook_deliveries (id, message_id, endpoint_id, status, attempts, last_attempt_at,
                                    last_status_code, created_at, completed_at)
    select md5(m.id)::uuid, m.id, history, 'SUCCEEDED', 1, m.created_at + interval '40 ms', 204, m.created_at,
           m.created_at + interval '40 ms'
    from webhook_messages m where m.id like 'msg_h%' and length(m.id) = 37;
    insert into webhook_attempts (delivery_id, attempt, attempted_at, status_code, latency_ms)
    select id, 1, last_attempt_at, 204, 12 from webhook_deliveries where endpoint_id = history;
    return added;
end
$f$;

-- The cases listed in the temporary table bench_gone, with their rows; how many cases. The cases
-- are locked first: a request the load tool gave up on at the end of its run, or the SLA watch,
-- may still be writing a row for one of them, and would otherwise add it after its table was
-- cleared and before the case goes (a foreign-key error); locked, such a write waits and fails.
create or replace function bench_delete_gone() returns bigint
language plpgsql as $f$
declare
    dropped bigint;
begin
    perform 1 from cases where id in (select id from bench_gone) for update;
    delete from case_events where case_id in (select id from bench_gone);
    delete from case_statements where case_id in (select id from bench_gone);
    delete from case_step_stays where case_id in (select id from bench_gone);
    delete from case_offers where case_id in (select id from bench_gone);
    delete from case_responses where case_id in (select id from bench_gone);
    delete from case_follow_ups where case_id in (select id from bench_gone);
    delete from cases where id in (select id from bench_gone);
    get diagnostics dropped = row_count;
    return dropped;
end
$f$;

-- The copies first..last with their rows, once their run is over: every run works on the seeded
-- dataset and its own copies, not on every copy made before it (the steps phase alone made some
-- 900,000 at 10 k), and autovacuum does not spend the next run working through them.
create or replace function bench_drop(first bigint, last bigint) returns bigint
language plpgsql as $f$
begin
    create temporary table bench_gone on commit drop as
        select md5('bench-pool-' || n)::uuid as id from generate_series(first, last) n;
    return bench_delete_gone();
end
$f$;

-- What earlier runs left: every case not seeded (pool copies, templates) with its rows, and every
-- webhook endpoint, message and delivery job but the history's, so that each run measures the seeded
-- dataset.
create or replace function bench_reset() returns bigint
language plpgsql as $f$
declare
    dropped bigint;
begin
    create temporary table bench_gone on commit drop as select id from cases where created_by <> 'benchmark';
    dropped := bench_delete_gone();
    delete from scheduled_tasks where task_name = 'webhook-delivery';
    delete from webhook_endpoints where id <> '00000000-0000-0000-0000-00000000b157';
    delete from webhook_messages m where not exists (select 1 from webhook_deliveries d where d.message_id = m.id);
    return dropped;
end
$f$;
