-- Every webhook delivery job is inserted, picked (an update of picked, picked_by,
-- last_heartbeat and version) and deleted within moments, so each index on the job table
-- is paid three times per job. Two of db-scheduler's suggested indexes buy nothing here:
-- - the priority index serves only polling by priority, which is off
--   (db-scheduler.priority-enabled: false; turn it on and this index must come back);
-- - the last_heartbeat index serves only the dead-execution check (every heartbeat
--   interval, 15 s) and the health probe, both fine with a scan of a table that holds
--   the jobs not yet run, and it made every pick and heartbeat a non-HOT update.
-- Measured in docs/BENCHMARKS.md (change 39).
drop index scheduled_tasks_priority_execution_time_idx;
drop index scheduled_tasks_last_heartbeat_idx;
