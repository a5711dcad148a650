-- Responses remembered for Idempotency-Key replays, per principal, for 24 hours. The row is claimed
-- (IN_FLIGHT) before the request runs and completed (DONE) in the same transaction as the write it
-- answers, so a crash can neither lose the write's record nor let a retry repeat the write.
create table idempotency_keys (
    principal_id    uuid         not null,
    idempotency_key varchar(255) not null,
    fingerprint     varchar(64)  not null,
    state           varchar(10)  not null check (state in ('IN_FLIGHT', 'DONE')),
    created_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    response_status int,
    location        text,
    etag            text,
    content_type    text,
    response_body   bytea,
    primary key (principal_id, idempotency_key)
);

create index idempotency_keys_expires_idx on idempotency_keys (expires_at);
