#!/usr/bin/env bash
# Starts Defuse from the packaged jar with the JVM settings we ship, and with a class cache made once
# by a training start: on Java 24+ an AOT cache (JEP 483: classes loaded and linked ahead of time), on
# Java 17-23 an AppCDS archive. About twice as fast a start as a plain `java -jar`; see docs/BENCHMARKS.md.
#
#   scripts/fast-start.sh [service arguments...]        e.g. --server.port=8080
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 scripts/fast-start.sh
#
# Needs `./mvnw -DskipTests package` first. The cache is made on the first run (a start that stops as
# soon as the application context is ready), kept in target/fast-start and made again when the jar or
# the Java version changes.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=$(ls target/defuse-*.jar | grep -v plain | head -1)
dir=target/fast-start
# the defaults we document (docs/BENCHMARKS.md): a 160 MB heap, the serial collector, the C heap
# trimmed every 5 s and two malloc arenas keep the process under 512 MB under load; two C2
# compiler threads instead of one finish compiling the request path on two cores
JVM_OPTIONS=${JVM_OPTIONS:-"-Xmx160m -Xmn32m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000 -XX:CICompilerCount=3"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
feature=$("$java" -version 2>&1 | awk -F'[".]' '/version/ {print ($2 == "1") ? $3 : $2; exit}')
stamp="$dir/stamp"
wanted="$(sha256sum "$jar" | cut -c1-16) java$feature"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  rm -rf "$dir" && mkdir -p "$dir"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >/dev/null
  echo "Training the class cache for Java $feature (one start that stops when the context is ready) ..."
  if (( feature >= 24 )); then
    "$java" $JVM_OPTIONS -XX:AOTCacheOutput="$dir/app.aot" -Dspring.context.exit=onRefresh \
      -jar "$dir/app/$(basename "$jar")" "$@" >"$dir/training.log" 2>&1
  else
    "$java" $JVM_OPTIONS -XX:ArchiveClassesAtExit="$dir/app.jsa" -Dspring.context.exit=onRefresh \
      -jar "$dir/app/$(basename "$jar")" "$@" >"$dir/training.log" 2>&1
  fi
  echo "$wanted" > "$stamp"
fi
if (( feature >= 24 )); then cache="-XX:AOTCache=$dir/app.aot"; else cache="-XX:SharedArchiveFile=$dir/app.jsa"; fi
exec "$java" $JVM_OPTIONS $cache -jar "$dir/app/$(basename "$jar")" "$@"
