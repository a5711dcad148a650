-- A delivery queued again by hand (retry, recover) is sent by a job of its own from then on; the job of
-- several that named it first passes it over. Marked on the delivery itself, so that a job's look-up reads
-- no other table: checked against the job table instead, a cached plan could read all of that table for
-- every look-up (a hashed subplan planned while it was empty), which under a backlog doubled PostgreSQL's
-- CPU per delivery.
alter table webhook_deliveries add column requeued boolean not null default false;
