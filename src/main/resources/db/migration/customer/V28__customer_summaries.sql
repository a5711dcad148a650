-- What other modules may read of a customer in statements of their own: its summary, as a case
-- shows it (CustomerSummary). The case module's read of a case joins it, so a workflow step reads
-- its case and the case's customer in one round trip (BENCHMARKS change 37). Its columns are the
-- contract: the customers table may change, this view keeps its columns.
create view customer_summaries as
select id, display_name, preferred_name, language from customers;
