#!/usr/bin/env bash
# Measures what the README reports: wall time from `./mvnw spring-boot:run` to "Started", the app's
# RSS after start (and the embedded PostgreSQL's), then stops the app with SIGTERM and checks that the
# embedded server stopped with it. Usage: scripts/measure-startup.sh [runs]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
./mvnw -q -B compile >/dev/null
log=$(mktemp)
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  ./mvnw -q -B spring-boot:run >"$log" 2>&1 &
  until grep -qE "Started DefuseApplication|APPLICATION FAILED" "$log"; do sleep 0.1; done
  ready=$(date +%s.%N)
  grep -q "Started DefuseApplication" "$log" || { cat "$log"; exit 1; }
  sleep 3   # let start-up work settle before reading memory
  app=$(pgrep -f 'io.defuse.DefuseApplication' | head -1)
  rss_app=$(awk '/VmRSS/ {print int($2/1024)}' /proc/"$app"/status)
  rss_pg=$(pgrep -f 'bin/postgres' | xargs -r -I{} awk '/VmRSS/ {print $2}' /proc/{}/status | awk '{s+=$1} END {print int(s/1024)}')
  printf 'run %d: wall %.1f s to Started (%s); app RSS %s MB; embedded PostgreSQL RSS %s MB\n' "$i" \
    "$(awk "BEGIN {print $ready - $start}")" "$(grep -o 'Started DefuseApplication in [0-9.]* seconds' "$log" | grep -o '[0-9.]* seconds')" \
    "$rss_app" "$rss_pg"
  kill -TERM "$app"
  wait || true
  if pgrep -f 'bin/postgres' >/dev/null; then echo "embedded PostgreSQL still running after SIGTERM"; exit 1; fi
done
echo "SIGTERM: app and embedded PostgreSQL stopped cleanly on every run"
rm -f "$log"
