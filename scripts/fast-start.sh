#!/usr/bin/env bash
# Starts Defuse from the packaged jar with the JVM settings we ship, and with a class cache made once
# by a training start: on Java 24+ an AOT cache (JEP 483: classes loaded and linked ahead of time), on
# Java 17-23 an AppCDS archive. About twice as fast a start as a plain `java -jar`; see docs/BENCHMARKS.md.
#
#   scripts/fast-start.sh [service arguments...]        e.g. --server.port=8080
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 scripts/fast-start.sh
#
# Needs `./mvnw -DskipTests package` first. The cache is made on the first run (a start that is stopped
# as soon as it has started), kept in target/fast-start and made again when the jar or
# the Java version changes.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=$(ls target/defuse-*.jar | grep -v plain | head -1)
dir=target/fast-start
# the defaults we document (pom.xml's defuse.jvm-options, docs/BENCHMARKS.md): a 128 MB heap, the
# serial collector, the C heap trimmed every 5 s and two malloc arenas keep the process under 512 MB
# under load; two C2 compiler threads instead of one finish compiling the request path on two cores
shipped=$(sed -n 's:.*<defuse.jvm-options>\(.*\)</defuse.jvm-options>.*:\1:p' pom.xml)
JVM_OPTIONS=${JVM_OPTIONS:-$shipped}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
feature=$("$java" -version 2>&1 | awk -F'[".]' '/version/ {print ($2 == "1") ? $3 : $2; exit}')
stamp="$dir/stamp"
wanted="$(sha256sum "$jar" | cut -c1-16) java$feature"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  rm -rf "$dir" && mkdir -p "$dir"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >/dev/null
  echo "Training the class cache for Java $feature (one start, stopped as soon as it has started) ..."
  if (( feature >= 24 )); then record="-XX:AOTCacheOutput=$dir/app.aot"; else record="-XX:ArchiveClassesAtExit=$dir/app.jsa"; fi
  # stopped by SIGTERM, not by spring.context.exit=onRefresh: that halts the JVM without closing the
  # context, so the embedded PostgreSQL would be left running for the next start to find and stop
  : >"$dir/training.log"
  "$java" $JVM_OPTIONS $record -jar "$dir/app/$(basename "$jar")" "$@" >"$dir/training.log" 2>&1 &
  training=$!
  trap 'kill -TERM "$training" 2>/dev/null || true' EXIT
  for (( waited = 0; waited < 600; waited++ )); do
    grep -q 'Started .* in' "$dir/training.log" && break
    if ! kill -0 "$training" 2>/dev/null || (( waited == 599 )); then
      echo "The training start failed; see $dir/training.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  kill -TERM "$training"
  wait "$training" || true
  trap - EXIT
  echo "$wanted" > "$stamp"
fi
if (( feature >= 24 )); then cache="-XX:AOTCache=$dir/app.aot"; else cache="-XX:SharedArchiveFile=$dir/app.jsa"; fi
exec "$java" $JVM_OPTIONS $cache -jar "$dir/app/$(basename "$jar")" "$@"
