-- Principals (people and integrations) and the API keys they authenticate with. Keys are stored
-- only as SHA-256 hashes; the prefix identifies a key in lists without revealing it.
create table accounts (
    id         uuid         primary key,
    name       varchar(100) not null,
    role       varchar(20)  not null check (role in ('AGENT', 'SUPERVISOR', 'ADMIN', 'INTEGRATION')),
    created_at timestamptz  not null,
    constraint accounts_name_key unique (name)
);

create table api_keys (
    id           uuid         primary key,
    account_id   uuid         not null references accounts (id),
    prefix       varchar(16)  not null,
    key_hash     varchar(64)  not null,
    description  varchar(200),
    created_at   timestamptz  not null,
    created_by   varchar(100) not null,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    constraint api_keys_key_hash_key unique (key_hash)
);

create index api_keys_account_idx on api_keys (account_id);
create index api_keys_created_idx on api_keys (created_at, id);
