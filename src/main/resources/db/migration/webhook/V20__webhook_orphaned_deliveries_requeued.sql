-- Until the outbox wrote a delivery's job in the transaction of the change that caused it
-- (docs/BENCHMARKS.md, change 13), a job could run before that change committed, find no
-- delivery yet and end, leaving the delivery pending for good. Each such delivery gets its
-- job back, due now; the next attempt sends it with its webhook-id as before.
insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version)
select 'webhook-delivery', d.id::text, now(), false, 1
from webhook_deliveries d
where d.status = 'PENDING'
  and not exists (select 1 from scheduled_tasks s
                  where s.task_name = 'webhook-delivery' and s.task_instance = d.id::text);
