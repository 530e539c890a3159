#!/usr/bin/env bash
# The deadline under a cold burst (docs/BENCHMARKS.md, "HTTP adapter"): fresh servers from the
# built jar (base profile, the launcher's JVM options) in front of a model that never answers,
# 64 requests at once as soon as /readyz says ready, then a second wave on the now warm server;
# the slowest answer of each wave against deadline + 100 ms, for the fallback on and off.
#
#   bench/http/cold-burst.sh                      # 5 fresh starts per mode, 64 connections, 3000 ms
#   STARTS=9 MODES=off bench/http/cold-burst.sh
#
# Needs java 17. Builds the command line first when cli/target/intervensi.jar is missing. Server
# output goes to bench/results/http/cold-burst/; per-start lines go to stderr, the table to stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/cli/target/intervensi.jar"
starts="${STARTS:-5}"
connections="${CONNECTIONS:-64}"
deadline="${DEADLINE_MS:-3000}"
modes="${MODES:-on,off}"

if [ ! -f "$jar" ]; then
  echo "cold-burst.sh: building the command line..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl cli -am package)
fi

echo "command: bench/http/cold-burst.sh (STARTS=$starts CONNECTIONS=$connections DEADLINE_MS=$deadline MODES=$modes)"
echo "commit: $(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && git diff --quiet HEAD -- . ':!docs' || echo ' (with uncommitted changes)')"
cd "$root"
RESULTS="$root/bench/results/http/cold-burst" java "$root/bench/http/ColdBurst.java" "$jar" "$starts" "$connections" "$deadline" "$modes"
