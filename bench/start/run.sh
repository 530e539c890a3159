#!/usr/bin/env bash
# Start-up and warm-up of the server (not part of `mvn verify`).
#
#   bench/start/run.sh                    # both parts
#   ROUNDS=9 bench/start/run.sh ready     # start-up only
#   bench/start/run.sh warmup             # warm-up only
#
# ready: milliseconds from launching `intervensi serve` (offline profile) to its first /readyz 200,
# polled every 2 ms by ReadyProbe.java, and the CPU the JVM had spent by then, over ROUNDS interleaved rounds (7 by
# default) of three starts: the command line at PEER_REV (a build of the toolkit before its
# start-up work, the peer), the current build without and with the class-data archive that
# `intervensi cds-archive` writes. Medians and ratios to the peer.
#
# warmup: a fresh server (base profile, in front of the stand-in OpenAI upstream of ../shared/peers
# at 0 ms, as bench/http's scenario a) under 64 connections of GET /openai from its first second:
# requests per second in each 5 s of its first minute, then after two more minutes of load the warm
# figure (the median of three 10 s runs), and each 5 s window as a share of it.
#
# Needs java 17, mvn, git, curl, wrk and node. Raw output goes to bench/results/start/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${PEERS:-$root/../shared/peers}"
[ -d "$peers" ] || peers=/work/shared/peers
results="$root/bench/results/start"
rounds="${ROUNDS:-7}"
peer_rev="${PEER_REV:-f2cf819}"
java_opts="${INTERVENSI_JAVA_OPTS--XX:+UseParallelGC}"
port=18810
upstream_port=18081
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(ready warmup)
mkdir -p "$results"

for tool in java mvn git curl wrk node; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done

pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

jar="$root/cli/target/intervensi.jar"
echo "run.sh: building the command line..." >&2
(cd "$root" && mvn -B -q -DskipTests -pl cli -am package)

# The probe polls /readyz from a JVM of its own every 2 ms, so no process start sits in the figure.
javac -d "$results/probe" "$root/bench/start/ReadyProbe.java"
# As root, the servers and the probe run at a real-time priority (SCHED_FIFO 20): the machine is
# shared, and other processes then cannot stretch a start. PRIORITY=normal turns that off.
priority=()
if [ "$(id -u)" = 0 ] && [ "${PRIORITY:-rt}" = rt ] && command -v chrt >/dev/null; then
  priority=(chrt -f 20)
fi

# Launches a server, waits for /readyz, prints "wall_ms cpu_ms", stops it.
time_ready() { # java options and arguments up to the command
  env -i PATH="$PATH" HOME="$HOME" "${priority[@]}" java -cp "$results/probe" ReadyProbe $port 1 \
    java "$@" serve --profile offline --host 127.0.0.1 --port $port
}

if [[ " ${parts[*]} " == *" ready "* ]]; then
  peer_dir="$results/peer-$peer_rev"
  peer_jar="$peer_dir/cli/target/intervensi.jar"
  if [ ! -f "$peer_jar" ]; then
    echo "run.sh: building the peer at $peer_rev..." >&2
    rm -rf "$peer_dir"
    mkdir -p "$peer_dir"
    git -C "$root" archive "$peer_rev" | tar -x -C "$peer_dir"
    (cd "$peer_dir" && mvn -B -q -o -DskipTests -pl cli -am package)
  fi
  archive="$results/intervensi.jsa"
  echo "run.sh: writing the class-data archive..." >&2
  java $java_opts -jar "$jar" cds-archive --output "$archive" 2>>"$results/ready-stderr.log"
  cds=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)

  : >"$results/ready.txt"
  for round in $(seq 1 "$rounds"); do
    # shellcheck disable=SC2086
    peer=$(time_ready $java_opts -jar "$peer_jar")
    # shellcheck disable=SC2086
    plain=$(time_ready $java_opts -jar "$jar")
    # shellcheck disable=SC2086
    archived=$(time_ready $java_opts "${cds[@]}" -jar "$jar")
    echo "$round $peer $plain $archived" | tee -a "$results/ready.txt" >&2
  done
  echo
  echo "ready after launch, offline profile, $rounds interleaved rounds${priority:+ at real-time priority} (median wall ms, median CPU ms at ready):"
  for column in 2:peer 4:current 6:current+archive; do
    n=${column%%:*}
    label=${column#*:}
    wall=$(awk -v c="$n" '{ print $c }' "$results/ready.txt" | median)
    cpu=$(awk -v c="$((n + 1))" '{ print $c }' "$results/ready.txt" | median)
    [ "$label" = peer ] && { peer_wall=$wall; peer_cpu=$cpu; }
    printf '  %-16s %6s ms (%.2fx)   CPU %6s ms (%.2fx)\n' "$label" "$wall" "$(awk -v a="$wall" -v b="$peer_wall" 'BEGIN { print a / b }')" \
      "$cpu" "$(awk -v a="$cpu" -v b="$peer_cpu" 'BEGIN { print a / b }')"
  done
fi

if [[ " ${parts[*]} " == *" warmup "* ]]; then
  [ -f "$peers/mock-openai.js" ] || { echo "run.sh: peers not found in $peers; set PEERS" >&2; exit 1; }
  PORT=$upstream_port LATENCY_MS=0 node "$peers/mock-openai.js" >/dev/null 2>&1 &
  pids+=($!)
  until (exec 3<>/dev/tcp/127.0.0.1/$upstream_port) 2>/dev/null; do sleep 0.1; done
  query='username=Budi&emotion=bosan&reinforcement=positive&arcsmodel=attention&classname=XII-IPA-1&subject=Fisika'
  url="http://127.0.0.1:$port/openai?$query"
  rps() { wrk -t2 -c64 -d"$1" --timeout 10s "$url" 2>&1 | awk '/^Requests\/sec:/ { print $2 }'; }

  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$HOME" OPENAI_API_KEY=sk-bench-not-a-real-key OPENAI_BASE_URL="http://127.0.0.1:$upstream_port/v1" \
    java $java_opts -jar "$jar" serve --profile base --host 127.0.0.1 --port $port \
    >/dev/null 2>>"$results/warmup-stderr.log" &
  server=$!
  pids+=("$server")
  until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.01; done
  : >"$results/warmup.txt"
  for window in $(seq 5 5 60); do
    echo "first-minute $window $(rps 5s)" | tee -a "$results/warmup.txt" >&2
  done
  rps 120s >/dev/null
  for run in 1 2 3; do
    echo "warm $run $(rps 10s)" | tee -a "$results/warmup.txt" >&2
  done
  warm=$(awk '$1 == "warm" { print $3 }' "$results/warmup.txt" | median)
  echo
  echo "requests per second of a fresh server, base profile, 64 connections (warm: $warm req/s, the median of three 10 s runs after 3 minutes):"
  awk -v warm="$warm" '$1 == "first-minute" { printf "  %2d s  %8.0f req/s  %3.0f%%\n", $2, $3, 100 * $3 / warm }' "$results/warmup.txt"
fi
