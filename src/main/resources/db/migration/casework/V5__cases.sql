-- Cases and everything recorded on them. Statements, responses, follow-ups and timeline events are
-- append-only; offers change status only through their case.
create sequence case_number_seq;

create table cases (
    id                   uuid          primary key,
    number               bigint        not null default nextval('case_number_seq'),
    customer_id          uuid          not null references customers (id),
    channel              varchar(10)   not null check (channel in ('STORE', 'WEB', 'PHONE', 'EMAIL', 'CHAT', 'SOCIAL')),
    subject              varchar(200)  not null,
    severity             varchar(10)   not null check (severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    step                 varchar(10)   not null check (step in ('LISTEN', 'GATHER', 'OFFER', 'RESPOND', 'FOLLOW_UP', 'CLOSED')),
    outcome              varchar(25)   check (outcome in ('RESOLVED', 'RESOLVED_UNCONFIRMED', 'WITHDRAWN', 'UNRESOLVED')),
    closed_from          varchar(10),
    version              bigint        not null,
    assignee             varchar(100),
    escalated            boolean       not null default false,
    escalation_reason    varchar(500),
    escalated_at         timestamptz,
    escalated_by         varchar(100),
    category             varchar(30),
    product              varchar(200),
    order_ref            varchar(100),
    purchase_date        date,
    description          varchar(4000),
    attachments          text[],
    customer_statements  int           not null default 0,
    agent_statements     int           not null default 0,
    acknowledged_at      timestamptz,
    details_confirmed_at timestamptz,
    responded_at         timestamptz,
    follow_up_due_at     timestamptz,
    follow_up_attempts   int           not null default 0,
    reopen_count         int           not null default 0,
    rejected_offers      int           not null default 0,
    event_seq            int           not null default 0,
    created_at           timestamptz   not null,
    updated_at           timestamptz   not null,
    closed_at            timestamptz,
    created_by           varchar(100)  not null,
    constraint cases_number_key unique (number),
    constraint cases_closed_has_outcome check ((step = 'CLOSED') = (outcome is not null))
);

-- newest first, the default list order, and the same order within the usual filters
create index cases_created_idx on cases (created_at desc, id desc);
create index cases_customer_idx on cases (customer_id, created_at desc, id desc);
create index cases_step_idx on cases (step, created_at desc, id desc);
create index cases_assignee_idx on cases (assignee, created_at desc, id desc) where assignee is not null;
create index cases_escalated_idx on cases (created_at desc, id desc) where escalated;

create table case_offers (
    id                uuid          primary key,
    case_id           uuid          not null references cases (id),
    type              varchar(20)   not null check (type in ('REPAIR', 'REPLACEMENT', 'REFUND', 'PARTIAL_REFUND', 'VOUCHER', 'GOODWILL', 'OTHER')),
    amount            numeric(12, 2) check (amount > 0),
    currency          varchar(3),
    description       varchar(1000),
    status            varchar(20)   not null check (status in ('PENDING_APPROVAL', 'OPEN', 'ACCEPTED', 'REJECTED', 'WITHDRAWN')),
    requires_approval boolean       not null,
    approved_by       varchar(100),
    approved_at       timestamptz,
    decided_at        timestamptz,
    rejection_reason  varchar(1000),
    created_at        timestamptz   not null,
    created_by        varchar(100)  not null,
    constraint case_offers_money check ((amount is null) = (currency is null))
);
create index case_offers_case_idx on case_offers (case_id);

create table case_responses (
    id         uuid          primary key,
    case_id    uuid          not null references cases (id),
    action     varchar(30)   not null,
    reference  varchar(200),
    note       varchar(2000),
    created_at timestamptz   not null,
    created_by varchar(100)  not null
);
create index case_responses_case_idx on case_responses (case_id);

create table case_follow_ups (
    id           uuid          primary key,
    case_id      uuid          not null references cases (id),
    attempt      int           not null,
    reached      boolean       not null,
    satisfaction int           check (satisfaction between 1 and 5),
    comment      varchar(2000),
    created_at   timestamptz   not null,
    created_by   varchar(100)  not null
);
create index case_follow_ups_case_idx on case_follow_ups (case_id);

create table case_statements (
    id          uuid           primary key,
    case_id     uuid           not null references cases (id),
    speaker     varchar(10)    not null check (speaker in ('CUSTOMER', 'AGENT')),
    text        varchar(10000) not null,
    created_at  timestamptz    not null,
    author      varchar(100)   not null,
    author_role varchar(20)    not null
);
create index case_statements_case_idx on case_statements (case_id, created_at);

-- The timeline: one row per event, numbered 1, 2, 3, ... per case.
create table case_events (
    case_id     uuid          not null references cases (id),
    seq         int           not null,
    type        varchar(50)   not null,
    occurred_at timestamptz   not null,
    actor       varchar(100)  not null,
    actor_role  varchar(20)   not null,
    step        varchar(10)   not null,
    data        jsonb         not null,
    primary key (case_id, seq)
);
