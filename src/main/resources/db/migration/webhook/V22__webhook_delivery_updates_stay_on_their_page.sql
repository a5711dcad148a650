-- Every delivery is updated once per attempt (status, attempts, last_*, completed_at). PostgreSQL
-- can then write the new row version beside the old one on the same page without touching any
-- index (a heap-only tuple, HOT), but only when no index covers a changed column, an index's
-- predicate included, and the page has room. Two indexes stood in the way: the purge's on
-- completed_at, and the failed deliveries' partial index, whose predicate reads status. The
-- purge finds old deliveries through their messages now (webhook_messages_created_idx, then
-- webhook_deliveries_message_idx); the failed deliveries' index reads a column of its own,
-- generated from status, whose value only changes when a delivery fails for good or is queued
-- again after failing (PostgreSQL compares the values, not the columns set). Pages keep a fifth free
-- for the new versions (docs/BENCHMARKS.md, change 21); set first, so that the rewrite adding the
-- column leaves that room in the pages it writes.
alter table webhook_deliveries set (fillfactor = 80);
alter table webhook_deliveries
    add column failed boolean generated always as (status = 'FAILED') stored;
create index webhook_deliveries_failed_only_idx on webhook_deliveries (endpoint_id, created_at) where failed;
drop index webhook_deliveries_failed_idx;
drop index webhook_deliveries_completed_idx;
