#!/usr/bin/env bash
# What a delivery job's life costs PostgreSQL on each layout of the job table: pgbench inserts a
# job, picks one the way db-scheduler's lock-and-fetch does, and removes what it picked, at 8
# clients for 20 s, alternating a copy of the table with the indexes of V1__scheduler.sql and one
# with those left after V30__scheduler_job_churn_indexes.sql. It works on two scratch tables of its
# own, so any PostgreSQL 15+ will do (the connection from PGHOST, PGPORT, PGUSER, PGDATABASE);
# they are dropped at the end. See docs/BENCHMARKS.md, change 39.
#
#   PGHOST=localhost PGPORT=5432 PGUSER=postgres PGDATABASE=defuse scripts/job-churn.sh [rounds]
set -euo pipefail
rounds=${1:-3}
work=$(mktemp -d)
trap 'psql -qX -c "drop table if exists job_churn_v1, job_churn_v30" >/dev/null; rm -rf "$work"' EXIT

columns="task_name text not null, task_instance text not null, task_data bytea,
  execution_time timestamptz not null, picked boolean not null, picked_by text, last_success timestamptz,
  last_failure timestamptz, consecutive_failures int, last_heartbeat timestamptz, version bigint not null,
  priority smallint, primary key (task_name, task_instance)"
psql -qX -v ON_ERROR_STOP=1 <<SQL
set client_min_messages = warning;
drop table if exists job_churn_v1, job_churn_v30;
create table job_churn_v1 ($columns);
create index on job_churn_v1 (execution_time);
create index on job_churn_v1 (last_heartbeat);
create index on job_churn_v1 (priority desc, execution_time asc);
create table job_churn_v30 ($columns);
create index on job_churn_v30 (execution_time);
SQL

for table in job_churn_v1 job_churn_v30; do
	cat > "$work/$table.sql" <<SQL
\set n random(1, 2000000000)
insert into $table (task_name, task_instance, execution_time, picked, version)
  values ('webhook-delivery', :client_id || '-' || :n, now(), false, 1);
update $table st1 set picked = true, picked_by = 'c' || :client_id, last_heartbeat = now(), version = version + 1
  where (st1.task_name, st1.task_instance) in (select st2.task_name, st2.task_instance from $table st2
    where picked = false and execution_time <= now() order by execution_time asc for update skip locked limit 1)
  returning st1.*;
delete from $table where picked and picked_by = 'c' || :client_id;
SQL
done

for round in $(seq "$rounds"); do
	for table in job_churn_v1 job_churn_v30; do
		psql -qX -c "vacuum $table" >/dev/null
		tps=$(pgbench -n -M prepared -c 8 -j 2 -T 20 -f "$work/$table.sql" 2>&1 | awk '/^tps/ {print $3}')
		echo "round $round, $table: $tps jobs/s"
	done
done
