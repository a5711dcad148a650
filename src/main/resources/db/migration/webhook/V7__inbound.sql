-- CRM systems that push events into Defuse. Each has its own Standard Webhooks secret; the secret
-- is needed in clear to check signatures (an HMAC cannot be checked against a hash). After a
-- rotation the previous secret keeps working until previous_secret_expires_at.
create table integrations (
    id                         uuid          primary key,
    name                       varchar(100)  not null,
    description                varchar(500),
    secret                     varchar(100)  not null,
    previous_secret            varchar(100),
    previous_secret_expires_at timestamptz,
    enabled                    boolean       not null,
    created_at                 timestamptz   not null,
    updated_at                 timestamptz   not null,
    version                    bigint        not null,
    constraint integrations_name_key unique (name)
);

-- keyset listing, newest first: where (created_at, id) < (:at, :id) order by created_at desc, id desc
create index integrations_created_idx on integrations (created_at desc, id desc);

-- Messages already applied, per integration and webhook-id, so a resent message has no second
-- effect. A row is inserted in the same transaction as the effect and rolls back with it; rows
-- older than the retention (7 days by default) are purged daily.
create table inbound_messages (
    integration_id uuid          not null references integrations (id) on delete cascade,
    message_id     varchar(255)  not null,
    type           varchar(50)   not null,
    received_at    timestamptz   not null,
    case_id        uuid,
    customer_id    uuid,
    primary key (integration_id, message_id)
);

create index inbound_messages_received_idx on inbound_messages (received_at);
