#!/usr/bin/env bash
# The live-class state's throughput (docs/BENCHMARKS.md, "Live-class state"): decisions a second
# (read + compareAndSet, + tryAcquire for one in ten) against the memory store and a local Redis,
# for a class of 40 and for 1,000 students, then redis-benchmark sending the same commands
# (HMGET, and EVALSHA of the store's own scripts) with as many connections as the program has
# threads: the most a decision could reach through one Redis here. Medians of RUNS runs.
#
#   bench/live/run.sh                   # 5 s runs, 3 of each
#   SECONDS_PER_RUN=10 RUNS=5 bench/live/run.sh
#
# Needs java 17, redis-server and redis-benchmark (Debian's redis-server package). Builds the
# command line first when cli/target/intervensi.jar is missing (its classpath carries the stores).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/cli/target/intervensi.jar"
seconds="${SECONDS_PER_RUN:-5}"
runs="${RUNS:-3}"
requests="${REQUESTS:-200000}"
scripts="$root/live-redis/src/main/resources/org/emodu/intervention/live/redis"

command -v redis-server >/dev/null || { echo "run.sh: install redis-server (apt-get install -y redis-server)" >&2; exit 1; }
if [ ! -f "$jar" ]; then
  echo "run.sh: building the command line..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl cli -am package)
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
dir="$(mktemp -d)"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize no \
  --loglevel warning >"$dir/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "command: bench/live/run.sh (SECONDS_PER_RUN=$seconds RUNS=$runs REQUESTS=$requests)"
echo "commit: $(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && git diff --quiet HEAD -- . ':!docs' || echo ' (with uncommitted changes)')"
echo "redis: $(redis-server --version | cut -d' ' -f3) on 127.0.0.1:$port, nothing saved"
java -cp "$jar" "$root/bench/live/StoreBenchmark.java" "redis://127.0.0.1:$port" "$seconds" "$runs" 40,1000

cas="$(redis-cli -p "$port" SCRIPT LOAD "$(cat "$scripts/compare-and-set.lua")")"
acquire="$(redis-cli -p "$port" SCRIPT LOAD "$(cat "$scripts/acquire.lua")")"
value="$(printf 'x%.0s' $(seq 200))"

# The median requests a second of one redis-benchmark command line, over RUNS runs.
rps() {
  for _ in $(seq "$runs"); do
    redis-benchmark -p "$port" -n "$requests" --csv "$@" | awk -F'"' 'NR == 2 { print $4 }'
  done | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo
echo "redis-benchmark, median of $runs runs of $requests requests (keys from 1,000 random ones; the compare-and-set's from 100 million):"
for connections in 40 200; do
  get=$(rps -c "$connections" -t get)
  set=$(rps -c "$connections" -t set)
  incr=$(rps -c "$connections" -t incr)
  hmget=$(rps -c "$connections" -r 1000 HMGET "intervensi:rb:student:__rand_int__" value version)
  # Keys from 100 million, so nearly every call finds its key absent and takes the write path.
  evalsha=$(rps -c "$connections" -r 100000000 EVALSHA "$cas" 1 "intervensi:rb:new:__rand_int__" 0 "$value" 7200000)
  acquired=$(rps -c "$connections" -r 1000 EVALSHA "$acquire" 1 "intervensi:rb:class:__rand_int__" 1000000000 120000)
  limit=$(awk -v a="$hmget" -v b="$evalsha" -v c="$acquired" 'BEGIN { printf "%.0f", 1 / (1 / a + 1 / b + 0.1 / c) }')
  printf '%3d connections | GET %s SET %s INCR %s | HMGET %s EVALSHA compare-and-set %s EVALSHA acquire %s req/s | a decision at most %s/s\n' \
    "$connections" "$get" "$set" "$incr" "$hmget" "$evalsha" "$acquired" "$limit"
done
