#!/usr/bin/env bash
# What one kind of request costs a running service: wrk at 32 clients (CLIENTS) for 10 s unmeasured
# (WARM), then 15 s measured (DURATION); prints requests/s, p50, p99, and the CPU time of the service's
# process and of all PostgreSQL processes per request (from /proc). A GET, or with a JSON body a POST.
# The service runs on this machine, started with --server.port=<the URL's port> (its process is found
# by that argument). Each {n} in the body becomes one number from 1 to VARY (500), drawn for each request.
# See docs/BENCHMARKS.md, changes 19, 41 and 45.
#
#   scripts/request-cost.sh http://localhost:18777/api/v1/cases/<id> "X-API-Key: <key>"
#   CLIENTS=8 scripts/request-cost.sh http://localhost:18777/api/v1/cases "X-API-Key: <key>" '{"customerId": …}'
#   CLIENTS=8 scripts/request-cost.sh http://localhost:18777/api/v1/cases "X-API-Key: <key>" \
#     '{"customer": {"externalRef": "crm-{n}", "displayName": "Customer {n}"}, …}'
set -euo pipefail
url=$1
header=${2:-"Accept: application/json"}
body=${3:-}
args=(-t2 -c"${CLIENTS:-32}" -H "$header")
if [ -n "$body" ]; then
  script=$(mktemp --suffix=.lua)
  trap 'rm -f "$script"' EXIT
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [==[%s]==]\n' "$body" > "$script"
  if [[ $body == *"{n}"* ]]; then
    printf 'request = function()\n  local n = tostring(math.random(1, %d))\n  return wrk.format(nil, nil, nil, (wrk.body:gsub("{n}", n)))\nend\n' "${VARY:-500}" >> "$script"
  fi
  args+=(-s "$script")
fi
port=$(sed -E 's#^[a-z]+://[^:/]+:([0-9]+).*#\1#' <<<"$url")
service=$(pgrep -f -- "--server.port=$port" | head -1)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
postgres() { local sum=0 t; for p in $(pgrep -x postgres); do t=$(ticks "$p" 2>/dev/null || echo 0); sum=$((sum + t)); done; echo "$sum"; }
hz=$(getconf CLK_TCK)
wrk "${args[@]}" -d"${WARM:-10}"s "$url" >/dev/null
s0=$(ticks "$service"); p0=$(postgres)
out=$(wrk "${args[@]}" -d"${DURATION:-15}"s --latency "$url")
s1=$(ticks "$service"); p1=$(postgres)
n=$(awk '/requests in/ {print $1}' <<<"$out")
echo "$url: $(awk '/Requests\/sec/ {print $2}' <<<"$out") requests/s, p50 $(awk '$1 == "50%" {print $2}' <<<"$out"), p99 $(awk '$1 == "99%" {print $2}' <<<"$out"), $(grep -i 'non-2xx' <<<"$out" || echo 'all 2xx/3xx')"
echo "CPU per request: service $(bc <<<"scale=3; ($s1 - $s0) * 1000 / $hz / $n") ms, PostgreSQL $(bc <<<"scale=3; ($p1 - $p0) * 1000 / $hz / $n") ms"
