#!/usr/bin/env bash
# End-to-end benchmark of the HTTP adapter against the seed system's FastAPI endpoint (the peer),
# both in front of the same OpenAI-compatible mock upstream, one after the other on this machine.
#
#   bench/http/run.sh                 # all scenarios, 3 runs each, 10 s per run
#   RUNS=5 DURATION=15s bench/http/run.sh a c
#
# Scenarios (see docs/BENCHMARKS.md, "HTTP adapter"):
#   a  upstream 0 ms, 64 connections, GET /openai, base profile        (ours vs async peer)
#   b  upstream 300 ms, 512 connections, GET /openai, base profile     (ours vs async peer)
#   c  offline profile, 64 connections, GET /openai                    (ours vs async peer of a)
#   d  upstream that never answers, 64 connections, deadline 3000 ms    (ours vs async peer)
#
# Needs: java 17, node, wrk, /usr/bin/python3 with fastapi, uvicorn and httpx (Debian:
# apt-get install -y wrk nodejs python3-fastapi python3-uvicorn python3-httpx), and the peers
# directory (PEERS, default ../shared/peers beside the repository). Builds the command line first
# when cli/target/intervensi.jar is missing. Prints medians and ratios; raw output goes to
# bench/results/http/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${PEERS:-$root/../shared/peers}"
[ -d "$peers" ] || peers=/work/shared/peers
runs="${RUNS:-3}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-5s}"
results="$root/bench/results/http"
jar="$root/cli/target/intervensi.jar"
upstream_port=18080
ours_port=18800
peer_port=18000
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(a b c d)
query='username=Budi&emotion=bosan&reinforcement=positive&arcsmodel=attention&classname=XII-IPA-1&subject=Fisika'

for tool in java node wrk /usr/bin/python3 curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (see the header of this script)" >&2; exit 1; }
done
[ -f "$peers/mock-openai.js" ] && [ -f "$peers/seed-fastapi/app.py" ] \
  || { echo "run.sh: peers not found in $peers; set PEERS" >&2; exit 1; }
if [ ! -f "$jar" ]; then
  echo "run.sh: building the command line..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl cli -am package)
fi
mkdir -p "$results"

pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # url, name
  for _ in $(seq 1 300); do
    curl -sf --max-time 2 -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "run.sh: $2 did not come up at $1" >&2
  exit 1
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

start_upstream() { # latency_ms
  PORT=$upstream_port LATENCY_MS="$1" node "$peers/mock-openai.js" &
  upstream_pid=$!
  pids+=("$upstream_pid")
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$upstream_port) 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: the mock upstream did not start" >&2
  exit 1
}

start_ours() { # profile, extra env assignments...
  local profile="$1"
  shift
  env -i PATH="$PATH" HOME="$HOME" OPENAI_API_KEY=sk-bench-not-a-real-key \
    OPENAI_BASE_URL="http://127.0.0.1:$upstream_port/v1" "$@" \
    java ${BENCH_JAVA_OPTS:-} -jar "$jar" serve --host 127.0.0.1 --port $ours_port --profile "$profile" \
    >"$results/ours-access-$scenario.log" 2>>"$results/ours-stderr.log" &
  ours_pid=$!
  pids+=("$ours_pid")
  wait_for "http://127.0.0.1:$ours_port/readyz" "our server"
}

start_peer() { # mode
  (cd "$peers/seed-fastapi" && OPENAI_BASE_URL="http://127.0.0.1:$upstream_port/v1" PORT=$peer_port MODE="$1" \
    exec /usr/bin/python3 app.py) >>"$results/peer.log" 2>&1 &
  peer_pid=$!
  pids+=("$peer_pid")
  wait_for "http://127.0.0.1:$peer_port/docs" "the peer"
}

to_ms() { # wrk duration such as 1.23ms, 850.15us, 2.01s, 1.2m
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
    else if (v ~ /m$/) { sub(/m$/, "", v); print v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 }
    else print v }'
}

# Runs wrk and prints "rps p99_ms max_ms errors non2xx".
measure() { # label, url, connections, length, [timeout]
  local label="$1" url="$2" connections="$3" length="$4" timeout="${5:-10s}"
  local out="$results/$label.txt"
  wrk -t2 -c"$connections" -d"$length" --timeout "$timeout" --latency "$url" >"$out" 2>&1 || true
  local rps p99 max errors non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  max=$(to_ms "$(awk '$1 == "Latency" {print $4}' "$out")")
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out")
  echo "${rps:-0} ${p99:-0} ${max:-0} ${errors:-0} ${non2xx:-0}"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Runs one side of a scenario RUNS times and prints the medians "rps p99 max errors non2xx".
series() { # label, url, connections, [timeout]
  local label="$1" url="$2" connections="$3" timeout="${4:-10s}"
  wrk -t2 -c"$connections" -d"$warmup" --timeout "$timeout" "$url" >/dev/null 2>&1 || true
  : >"$results/$label.runs"
  for run in $(seq 1 "$runs"); do
    measure "$label-$run" "$url" "$connections" "$duration" "$timeout" >>"$results/$label.runs"
  done
  local columns=()
  for column in 1 2 3 4 5; do
    columns+=("$(awk -v c=$column '{print $c}' "$results/$label.runs" | median)")
  done
  echo "${columns[*]}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2fx", a / b }'; }

report() { # scenario, ours-medians, peer-medians, peer label
  read -r ours_rps ours_p99 ours_max ours_errors ours_non2xx <<<"$2"
  read -r peer_rps peer_p99 peer_max peer_errors peer_non2xx <<<"$3"
  printf '%s  ours: %8.0f req/s  p99 %8.1f ms  max %8.1f ms  errors %s  non-2xx %s\n' "$1" "$ours_rps" "$ours_p99" \
    "$ours_max" "$ours_errors" "$ours_non2xx"
  printf '%s  %s: %8.0f req/s  p99 %8.1f ms  max %8.1f ms  errors %s  non-2xx %s\n' "$1" "$4" "$peer_rps" "$peer_p99" \
    "$peer_max" "$peer_errors" "$peer_non2xx"
  printf '%s  ratio ours/peer: throughput %s, p99 %s\n' "$1" "$(ratio "$ours_rps" "$peer_rps")" \
    "$(ratio "$ours_p99" "$peer_p99")"
}

echo "# intervensi HTTP benchmark"
echo "command: bench/http/run.sh ${scenarios[*]} (RUNS=$runs DURATION=$duration WARMUP=$warmup)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1); node $(node --version); $(/usr/bin/python3 --version); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "figures are medians of $runs runs; wrk -t2 on the same machine"
echo

ours_url="http://127.0.0.1:$ours_port/openai?$query"
peer_url="http://127.0.0.1:$peer_port/openai?$query"
peer_a=""

for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    a)
      start_upstream 0
      start_ours base
      ours=$(series a-ours "$ours_url" 64)
      stop_pid "$ours_pid"
      start_peer async
      peer_a=$(series a-peer "$peer_url" 64)
      stop_pid "$peer_pid"
      stop_pid "$upstream_pid"
      report "(a) upstream 0 ms, 64 conns, base " "$ours" "$peer_a" "async peer"
      ;;
    b)
      start_upstream 300
      start_ours base
      ours=$(series b-ours "$ours_url" 512)
      stop_pid "$ours_pid"
      start_peer async
      peer=$(series b-peer "$peer_url" 512)
      stop_pid "$peer_pid"
      stop_pid "$upstream_pid"
      report "(b) upstream 300 ms, 512 conns   " "$ours" "$peer" "async peer"
      echo "(b) ideal 512/0.3 = 1706 req/s; ours at $(awk -v r="$(echo "$ours" | cut -d' ' -f1)" 'BEGIN {printf "%.0f%%", r / 1706.67 * 100}') of it"
      ;;
    c)
      start_ours offline
      ours=$(series c-ours "$ours_url" 64)
      stop_pid "$ours_pid"
      if [ -z "$peer_a" ]; then
        start_upstream 0
        start_peer async
        peer_a=$(series a-peer "$peer_url" 64)
        stop_pid "$peer_pid"
        stop_pid "$upstream_pid"
      fi
      report "(c) offline, 64 conns            " "$ours" "$peer_a" "async peer (a)"
      ;;
    d)
      start_upstream 600000
      start_ours base INTERVENSI_DEADLINE_MS=3000
      ours=$(series d-ours "$ours_url" 64 10s)
      stop_pid "$ours_pid"
      fallbacks=$(grep -c 'fallback=true' "$results/ours-access-d.log" || true)
      answered=$(grep -c 'route=/openai' "$results/ours-access-d.log" || true)
      start_peer async
      peer=$(series d-peer "$peer_url" 64 10s)
      stop_pid "$peer_pid"
      stop_pid "$upstream_pid"
      report "(d) upstream never answers, 64 c " "$ours" "$peer" "async peer"
      echo "(d) deadline 3000 ms + 100 ms = 3100 ms bound; ours max $(echo "$ours" | cut -d' ' -f3) ms;" \
        "$fallbacks of $answered answers served by the fallback"
      ;;
    *)
      echo "run.sh: unknown scenario '$scenario'; use a, b, c or d" >&2
      exit 2
      ;;
  esac
  echo
done
