-- Outbound webhooks. A message is one event, written in the transaction of the change that caused
-- it; a delivery is that message for one endpoint, driven by a db-scheduler task of the same id;
-- every attempt is logged.
create table webhook_endpoints (
    id                         uuid          primary key,
    url                        varchar(2000) not null,
    description                varchar(500),
    event_types                text[],
    enabled                    boolean       not null,
    disabled_reason            varchar(200),
    disabled_at                timestamptz,
    failing_since              timestamptz,
    secret                     varchar(100)  not null,
    previous_secret            varchar(100),
    previous_secret_expires_at timestamptz,
    created_at                 timestamptz   not null,
    updated_at                 timestamptz   not null,
    version                    bigint        not null
);
create index webhook_endpoints_created_idx on webhook_endpoints (created_at desc, id desc);

create table webhook_messages (
    id          varchar(40)  primary key,
    type        varchar(50)  not null,
    occurred_at timestamptz  not null,
    case_id     uuid,
    sequence    int,
    body        text         not null,
    created_at  timestamptz  not null
);
create index webhook_messages_created_idx on webhook_messages (created_at);

create table webhook_deliveries (
    id               uuid         primary key,
    message_id       varchar(40)  not null references webhook_messages (id) on delete cascade,
    endpoint_id      uuid         not null references webhook_endpoints (id) on delete cascade,
    status           varchar(10)  not null check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts         int          not null default 0,
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    last_status_code int,
    last_error       varchar(500),
    created_at       timestamptz  not null,
    completed_at     timestamptz
);
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at desc, id desc);
create index webhook_deliveries_failed_idx on webhook_deliveries (endpoint_id, created_at) where status = 'FAILED';
create index webhook_deliveries_completed_idx on webhook_deliveries (completed_at) where completed_at is not null;

create table webhook_attempts (
    id               bigserial    primary key,
    delivery_id      uuid         not null references webhook_deliveries (id) on delete cascade,
    attempt          int          not null,
    attempted_at     timestamptz  not null,
    status_code      int,
    latency_ms       int          not null,
    error            varchar(500),
    response_excerpt varchar(2048)
);
create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id);
