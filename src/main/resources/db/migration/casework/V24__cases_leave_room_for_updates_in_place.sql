-- Pages of cases keep 15 % free, so that a change touching no indexed column (a statement, a note,
-- the SLA clock's warnings) can write the row's new version beside the old one without any index
-- entry (a heap-only tuple, HOT). Applies to the pages written from now on: a case on a full page
-- moves once, at its next update, to a page with room (docs/BENCHMARKS.md, change 24).
alter table cases set (fillfactor = 85);
