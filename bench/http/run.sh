#!/usr/bin/env bash
# End-to-end benchmark of the HTTP adapter against the seed system's FastAPI endpoint (the peer),
# both in front of the same OpenAI-compatible mock upstream, one after the other on this machine.
#
#   bench/http/run.sh                 # all scenarios, 3 runs each, 10 s per run after a 60 s warm-up
#   RUNS=5 DURATION=15s bench/http/run.sh a c
#   INTERVENSI_JAVA_OPTS= bench/http/run.sh a   # our server with other JVM options (here the JVM's own)
#
# Scenarios (see docs/BENCHMARKS.md, "HTTP adapter"; d also runs TimerProbe.java beside it):
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
#
# Each side is warmed up (WARMUP, 60 s by default) before its measured runs: the JVM keeps
# compiling the SDK's, Jackson's and OkHttp's code for about a minute on two busy cores, and a
# server answers for hours, so the figures are its steady state (the peer gets the same warm-up).
# Beside each side's figures the script prints the CPU each process spent per request, the share
# of the machine that other processes took during the measured runs, and how many connections the
# kernel dropped because a listen queue was full: on a shared machine those say how far a figure
# can be trusted. The mock upstream's CPU per request is the same code on both sides and in every
# run, so it also shows how fast the machine was at the time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${PEERS:-$root/../shared/peers}"
[ -d "$peers" ] || peers=/work/shared/peers
runs="${RUNS:-3}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-60s}"
results="$root/bench/results/http"
jar="$root/cli/target/intervensi.jar"
# Our server runs with the options the intervensi launcher gives it (the same default, the same variable).
java_opts="${INTERVENSI_JAVA_OPTS--XX:+UseParallelGC}"
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
upstream_pid=""
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
    java $java_opts -jar "$jar" serve --host 127.0.0.1 --port $ours_port --profile "$profile" \
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
  local before after self=$BASHPID
  before=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$self/stat")
  wrk -t2 -c"$connections" -d"$length" --timeout "$timeout" --latency "$url" >"$out" 2>&1 || true
  # The shell's children's time: wrk's own CPU (the shell itself is idle while wrk runs).
  after=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$self/stat")
  echo $((after - before)) >"$results/$label.wrk-ticks"
  local rps p99 max errors non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  max=$(to_ms "$(awk '$1 == "Latency" {print $4}' "$out")")
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out")
  echo "${rps:-0} ${p99:-0} ${max:-0} ${errors:-0} ${non2xx:-0}"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

largest() { sort -g | tail -1; }

cpu_ticks() { # pid: user + system time in clock ticks (0 for no process)
  if [ -n "$1" ] && [ -r "/proc/$1/stat" ]; then awk '{ print $14 + $15 }' "/proc/$1/stat"; else echo 0; fi
}
machine_ticks() { # busy time of all cores in clock ticks
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}
listen_drops() { # connections the kernel dropped because a listen queue was full, since boot
  awk '/^TcpExt:/ { if (!names) { for (i = 1; i <= NF; i++) if ($i == "ListenOverflows") column = i; names = 1 } else print $column }' /proc/net/netstat
}

# Runs one side of a scenario RUNS times and prints the medians "rps p99 max errors non2xx"; the
# largest max over all runs, the CPU per request and the machine's other load go to $label.cpu.
series() { # label, url, connections, server pid, [timeout]
  local label="$1" url="$2" connections="$3" server="$4" timeout="${5:-10s}"
  wrk -t2 -c"$connections" -d"$warmup" --timeout "$timeout" "$url" >/dev/null 2>&1 || true
  : >"$results/$label.runs"
  local ticks_per_second machine0 server0 upstream0 drops0 wrk_ticks=0 started
  ticks_per_second=$(getconf CLK_TCK)
  machine0=$(machine_ticks); server0=$(cpu_ticks "$server"); upstream0=$(cpu_ticks "$upstream_pid"); drops0=$(listen_drops)
  started=$(date +%s.%N)
  for run in $(seq 1 "$runs"); do
    measure "$label-$run" "$url" "$connections" "$duration" "$timeout" >>"$results/$label.runs"
    wrk_ticks=$((wrk_ticks + $(cat "$results/$label-$run.wrk-ticks")))
  done
  local seconds requests
  seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  requests=$(for run in $(seq 1 "$runs"); do cat "$results/$label-$run.txt"; done | awk '/requests in/ { n += $1 } END { print n + 0 }')
  awk -v hz="$ticks_per_second" -v s="$seconds" -v n="$requests" -v machine=$(($(machine_ticks) - machine0)) \
      -v server=$(($(cpu_ticks "$server") - server0)) -v upstream=$(($(cpu_ticks "$upstream_pid") - upstream0)) \
      -v load=$((wrk_ticks)) -v drops=$(($(listen_drops) - drops0)) -v worst="$(awk '{print $3}' "$results/$label.runs" | largest)" \
      'BEGIN {
        per = n > 0 ? 1e6 / hz / n : 0
        printf "cpu per request: server %.0f us, mock upstream %.0f us, wrk %.0f us; other processes %.0f%% of one core; listen-queue drops %d; worst max %.1f ms\n", server * per, upstream * per, load * per, (machine - server - upstream - load) / hz / s * 100, drops, worst
      }' >"$results/$label.cpu"
  local columns=()
  for column in 1 2 3 4 5; do
    columns+=("$(awk -v c=$column '{print $c}' "$results/$label.runs" | median)")
  done
  echo "${columns[*]}"
}

details() { # scenario, side, label
  printf '%s  %s %s\n' "$1" "$2" "$(cat "$results/$3.cpu")"
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
echo "java options for our server: ${java_opts:-(none)}"
echo "figures are medians of $runs runs of $duration after a $warmup warm-up per side; wrk -t2 on the same machine"
echo

ours_url="http://127.0.0.1:$ours_port/openai?$query"
peer_url="http://127.0.0.1:$peer_port/openai?$query"
peer_a=""

for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    a)
      start_upstream 0
      start_ours base
      ours=$(series a-ours "$ours_url" 64 "$ours_pid")
      stop_pid "$ours_pid"
      start_peer async
      peer_a=$(series a-peer "$peer_url" 64 "$peer_pid")
      stop_pid "$peer_pid"
      stop_pid "$upstream_pid"
      report "(a) upstream 0 ms, 64 conns, base " "$ours" "$peer_a" "async peer"
      details "(a) upstream 0 ms, 64 conns, base " "ours:" a-ours
      details "(a) upstream 0 ms, 64 conns, base " "peer:" a-peer
      ;;
    b)
      start_upstream 300
      start_ours base
      ours=$(series b-ours "$ours_url" 512 "$ours_pid")
      stop_pid "$ours_pid"
      start_peer async
      peer=$(series b-peer "$peer_url" 512 "$peer_pid")
      stop_pid "$peer_pid"
      stop_pid "$upstream_pid"
      report "(b) upstream 300 ms, 512 conns   " "$ours" "$peer" "async peer"
      details "(b) upstream 300 ms, 512 conns   " "ours:" b-ours
      details "(b) upstream 300 ms, 512 conns   " "peer:" b-peer
      echo "(b) ideal 512/0.3 = 1706 req/s; ours at $(awk -v r="$(echo "$ours" | cut -d' ' -f1)" 'BEGIN {printf "%.0f%%", r / 1706.67 * 100}') of it"
      ;;
    c)
      start_ours offline
      ours=$(series c-ours "$ours_url" 64 "$ours_pid")
      stop_pid "$ours_pid"
      if [ -z "$peer_a" ]; then
        start_upstream 0
        start_peer async
        peer_a=$(series a-peer "$peer_url" 64 "$peer_pid")
        stop_pid "$peer_pid"
        stop_pid "$upstream_pid"
      fi
      report "(c) offline, 64 conns            " "$ours" "$peer_a" "async peer (a)"
      details "(c) offline, 64 conns            " "ours:" c-ours
      ;;
    d)
      start_upstream 600000
      start_ours base INTERVENSI_DEADLINE_MS=3000
      ours=$(series d-ours "$ours_url" 64 "$ours_pid" 10s)
      stop_pid "$ours_pid"
      fallbacks=$(grep -c 'fallback=true' "$results/ours-access-d.log" || true)
      answered=$(grep -c 'route=/openai' "$results/ours-access-d.log" || true)
      start_peer async
      peer=$(series d-peer "$peer_url" 64 "$peer_pid" 10s)
      stop_pid "$peer_pid"
      stop_pid "$upstream_pid"
      report "(d) upstream never answers, 64 c " "$ours" "$peer" "async peer"
      details "(d) upstream never answers, 64 c " "ours:" d-ours
      echo "(d) deadline 3000 ms + 100 ms = 3100 ms bound; ours: slowest answer of all $runs runs" \
        "$(awk '{print $3}' "$results/d-ours.runs" | largest) ms (per run: $(awk '{printf "%s%s", sep, $3; sep = ", "}' "$results/d-ours.runs") ms);" \
        "$fallbacks of $answered answers served by the fallback"
      # How punctual the machine itself is over the same wait, with no server involved.
      echo "(d) this machine: $(java -cp "$jar" "$root/bench/http/TimerProbe.java" 3000 5)"
      ;;
    *)
      echo "run.sh: unknown scenario '$scenario'; use a, b, c or d" >&2
      exit 2
      ;;
  esac
  echo
done
