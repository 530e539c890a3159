#!/usr/bin/env bash
# Experiment runner benchmark: 280 requests (56 evaluation records x 5 repetitions) of the base
# profile against the OpenAI-compatible mock upstream at 500 ms latency, 16 at once, beside the
# seed study's way of asking one request after another (concurrency 1), in one run.
# Usage: bench/experiment/run.sh   (RUNS=3 runs of ours; SEQUENTIAL=0 skips the 140 s peer run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${PEERS:-$root/../shared/peers}"
[ -d "$peers" ] || peers=/work/shared/peers
runs="${RUNS:-3}"
latency="${LATENCY_MS:-500}"
port="${PORT:-18181}"
work="$root/bench/results/experiment"
rm -rf "$work" && mkdir -p "$work"

echo "command: RUNS=$runs LATENCY_MS=$latency bench/experiment/run.sh"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), node $(node --version), load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$root" && mvn -B -q -DskipTests -pl cli -am package)
cli=(java -jar "$root/cli/target/intervensi.jar")

PORT="$port" LATENCY_MS="$latency" node "$peers/mock-openai.js" &
upstream=$!
sleep 0.5
kill -0 $upstream 2>/dev/null || { echo "the mock upstream did not start" >&2; exit 1; }
trap 'kill $upstream 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

"${cli[@]}" dataset evalset builtin -o "$work/all.jsonl" >/dev/null
head -n 56 "$work/all.jsonl" > "$work/eval.jsonl"
export OPENAI_API_KEY=sk-local-benchmark OPENAI_BASE_URL="http://127.0.0.1:$port/v1" INTERVENSI_MAX_RETRIES=0

# Prints the generation wall time in seconds of one experiment run.
wall() {
  "${cli[@]}" experiment run --eval-set "$work/eval.jsonl" --profiles base --repeat 5 --concurrency "$1" \
      --out "$work/run-$1-$2" 2>/dev/null | sed -n 's/.* asked in \([0-9.]*\) s$/\1/p'
}

ours=()
for i in $(seq "$runs"); do ours+=("$(wall 16 "$i")"); done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ideal=$(awk -v l="$latency" 'BEGIN {print int((280 + 15) / 16) * l / 1000}')
ours_median=$(median "${ours[@]}")
echo
echo "280 requests, upstream latency ${latency} ms"
echo "ours, concurrency 16: runs ${ours[*]} s; median ${ours_median} s"
awk -v o="$ours_median" -v i="$ideal" 'BEGIN {printf "ideal 18 waves x %.1f s = %.1f s; ours / ideal = %.3f (goal: at most 1.15)\n", i / 18, i, o / i}'
if [ "${SEQUENTIAL:-1}" = 1 ]; then
  seq_time=$(wall 1 seq)
  awk -v o="$ours_median" -v s="$seq_time" 'BEGIN {printf "peer, one after another (the seed study): %.2f s; ours is %.1fx faster\n", s, s / o}'
fi
