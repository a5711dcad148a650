-- Privacy (GDPR). A legal hold keeps a customer's data from being erased while it lasts (its
-- reason is the admin's, never the customer's words). Erasure anonymises the customer everywhere
-- and keeps the non-personal statistics; erased_at marks the customer as erased for good, after
-- which the profile is never changed again and no case is opened for it.
alter table customers
    add column legal_hold_reason varchar(500),
    add column legal_hold_since  timestamptz,
    add column legal_hold_by     varchar(100),
    add column erased_at         timestamptz,
    add column erased_by         varchar(100),
    add constraint customers_legal_hold_whole check ((legal_hold_reason is null) = (legal_hold_since is null)),
    add constraint customers_erased_not_held check (erased_at is null or legal_hold_since is null);
