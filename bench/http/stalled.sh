#!/usr/bin/env bash
# Health and generation latency of the HTTP adapter while many connections hold a request body
# half-sent (docs/BENCHMARKS.md, "Stalled request bodies"). Starts our server from the built jar
# (offline profile, the launcher's JVM options), runs StalledBodies.java against it, stops it.
#
#   bench/http/stalled.sh              # 1,000 stalled connections, 200 requests a figure
#   STALLED=2000 REQUESTS=500 bench/http/stalled.sh
#
# Needs java 17 and curl. Builds the command line first when cli/target/intervensi.jar is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/cli/target/intervensi.jar"
port="${PORT:-18801}"
stalled="${STALLED:-1000}"
requests="${REQUESTS:-200}"
java_opts="${INTERVENSI_JAVA_OPTS--XX:+UseParallelGC}"

if [ ! -f "$jar" ]; then
  echo "stalled.sh: building the command line..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl cli -am package)
fi

echo "command: bench/http/stalled.sh (STALLED=$stalled REQUESTS=$requests)"
# shellcheck disable=SC2086
java $java_opts -jar "$jar" serve --profile offline --host 127.0.0.1 --port "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$port/readyz" && break
  sleep 0.1
done
java "$root/bench/http/StalledBodies.java" "$port" "$stalled" "$requests"
