-- The audit log of administrative actions: who did what to which target, and when. Rows are written
-- in the transaction of the action they record and are never changed or removed: the triggers below
-- refuse every update, delete and truncate, whoever sends it. The actor's name and role are copied so
-- an entry stays readable after the account changes. details holds what changed, never secrets or
-- personal data.
create table audit_log (
    id          bigint       generated always as identity primary key,
    occurred_at timestamptz  not null,
    actor_id    uuid         not null,
    actor_name  varchar(200) not null,
    actor_role  varchar(20)  not null,
    action      varchar(100) not null check (action ~ '^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$'),
    target_type varchar(50)  not null,
    target_id   varchar(200),
    details     jsonb        not null default '{}'::jsonb check (jsonb_typeof(details) = 'object')
);

-- newest first, optionally filtered by one of the columns below and a time range
create index audit_log_occurred_idx on audit_log (occurred_at, id);
create index audit_log_actor_idx on audit_log (actor_name, occurred_at, id);
create index audit_log_action_idx on audit_log (action, occurred_at, id);
create index audit_log_target_idx on audit_log (target_type, target_id, occurred_at, id);
create index audit_log_target_id_idx on audit_log (target_id, occurred_at, id);

create function audit_log_refuse_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'audit entries are never changed or removed';
end;
$$;

create trigger audit_log_no_update_or_delete
    before update or delete on audit_log
    for each row execute function audit_log_refuse_change();

create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_log_refuse_change();
