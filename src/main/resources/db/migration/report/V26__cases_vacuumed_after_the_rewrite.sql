-- V25 rewrote cases, and a rewritten table has no page marked all-visible: until a vacuum marks
-- them again, an index-only scan visits the table for every row (the closed-cases report as slow as
-- without V25), and autovacuum would not come for a table that nothing has changed yet. Flyway runs
-- this outside a transaction; a vacuum takes no lock that stops reads or writes.
vacuum (analyze) cases;
