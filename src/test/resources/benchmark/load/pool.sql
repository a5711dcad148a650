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
    where table_schema = 'public' and table_name = 'cases' and column_name not in ('id', 'number', 'customer_id');
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

-- What earlier runs left: every case not seeded (pool copies, templates) with its rows, and every
-- webhook endpoint, message and delivery job, so that each run measures the seeded dataset.
create or replace function bench_reset() returns bigint
language plpgsql as $f$
declare
    dropped bigint;
begin
    create temporary table bench_left on commit drop as select id from cases where created_by <> 'benchmark';
    delete from case_events where case_id in (select id from bench_left);
    delete from case_statements where case_id in (select id from bench_left);
    delete from case_step_stays where case_id in (select id from bench_left);
    delete from case_offers where case_id in (select id from bench_left);
    delete from case_responses where case_id in (select id from bench_left);
    delete from case_follow_ups where case_id in (select id from bench_left);
    delete from cases where id in (select id from bench_left);
    get diagnostics dropped = row_count;
    delete from scheduled_tasks where task_name = 'webhook-delivery';
    delete from webhook_messages;
    delete from webhook_endpoints;
    return dropped;
end
$f$;
