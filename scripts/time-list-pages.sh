#!/usr/bin/env bash
# Times each filtered list page of the load benchmark on its own, one dataset at a time: where the
# benchmark's reads phase mixes the 24 pages in one wrk run, this tells which page is slower at 1 M
# cases than at 10 k. Needs the benchmark's datasets (run the load benchmark once), the packaged jar,
# `hey` and `psql` (Debian: hey, postgresql-client).
#
#   scripts/time-list-pages.sh 10000 > pages-10k.txt
#   scripts/time-list-pages.sh 1000000 > pages-1m.txt
#
# Prints one line per page: its path, the cases on it, hey's average latency and requests per
# second (400 requests, 4 at once, after 100 of each page unmeasured). Compare pages with the same
# number of cases only (the datasets are seeded at one rate so that they match; a dataset of the
# older two-year seed left a team's open-step pages empty at 10 k).
set -euo pipefail
cd "$(dirname "$0")/.."
size=$1
data="target/load-benchmark/cases-$size"
# the key the load benchmark bootstraps its databases with
admin=load-benchmark-admin-key-0123456789abcdef
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=$(ls target/defuse-*.jar | grep -v plain | head -1)
MALLOC_ARENA_MAX=2 "$java" -Xmx128m -Xmn32m -XX:+UseSerialGC -jar "$jar" --server.port=18555 \
	--defuse.bootstrap-admin-key=$admin --defuse.embedded-postgres.data-dir="$data/postgres" \
	--defuse.embedded-postgres.port=55999 --defuse.rate-limit.enabled=false \
	--defuse.casework.sla-watch-interval=PT1H --logging.level.io.defuse.accesslog=WARN \
	> "$data/time-list-pages-service.log" 2>&1 &
service=$!
trap 'kill $service; wait $service || true' EXIT
until curl -sf localhost:18555/actuator/health/readiness > /dev/null; do sleep 1; done
# the dataset as seeded: the benchmark's step runs leave copied cases behind, which its next run
# removes first (bench_reset, from its pool.sql) - so must this script, or "10 k" is many more
psql -h localhost -p 55999 -U postgres -d defuse -Atc "select bench_reset()" \
	-c "vacuum analyze" > /dev/null
# an agent of the team the benchmark's reads use (LoadBenchmark.TEAM)
team=b0000000-0000-0000-0000-000000000001
agent=list-pages-$RANDOM
key=$(curl -sf -X POST -H "X-API-Key: $admin" -H 'Content-Type: application/json' \
	-d "{\"principal\": \"$agent\", \"role\": \"AGENT\"}" localhost:18555/api/v1/api-keys \
	| sed -E 's/.*"key" *: *"([^"]+)".*/\1/')
curl -sf -X PUT -H "X-API-Key: $admin" "localhost:18555/api/v1/teams/$team/members/$agent" > /dev/null
curl -sf -X DELETE -H "X-API-Key: $admin" \
	"localhost:18555/api/v1/teams/00000000-0000-0000-0000-000000000001/members/$agent" > /dev/null
while read -r page; do
	hey -n 100 -c 4 -H "X-API-Key: $key" "http://localhost:18555$page" > /dev/null
done < "$data/lists.txt"
while read -r page; do
	cases=$(curl -sf -H "X-API-Key: $key" "localhost:18555$page" | grep -o '"number":' | wc -l)
	echo "$page | $cases cases | $(hey -n 400 -c 4 -H "X-API-Key: $key" "http://localhost:18555$page" \
		| grep -E 'Average:|Requests/sec:|\[200\]' | tr -s ' \t' ' ' | tr '\n' ' ')"
done < "$data/lists.txt"
