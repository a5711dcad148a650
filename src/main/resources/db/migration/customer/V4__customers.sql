-- Customers as Defuse remembers them. external_ref is the customer's id in the CRM that sent them:
-- optional, but unique when present, so an inline customer on an incoming case finds its record.
-- Search is a substring match on lower(display_name), lower(email) and lower(external_ref); at the
-- expected sizes a scan is fine, a pg_trgm index can come when the numbers say so.
create table customers (
    id             uuid          primary key,
    display_name   varchar(200)  not null,
    preferred_name varchar(100),
    email          varchar(254),
    phone          varchar(40),
    language       varchar(2)    not null check (language in ('en', 'de', 'cs')),
    external_ref   varchar(100),
    preferences    varchar(2000),
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null,
    created_by     varchar(100)  not null,
    version        bigint        not null,
    constraint customers_external_ref_key unique (external_ref)
);

-- keyset listing, newest first: where (created_at, id) < (:at, :id) order by created_at desc, id desc
create index customers_created_idx on customers (created_at desc, id desc);
