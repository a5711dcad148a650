-- A message's deliveries, for the cascade when retention or an erasure removes messages and for
-- the erasure's scrub of attempt excerpts: without it each removed message scans every delivery.
create index webhook_deliveries_message_idx on webhook_deliveries (message_id);
