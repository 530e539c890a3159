#!/usr/bin/env bash
# Dataset tools benchmarks, each figure next to its peer's from the same run:
#  1. `dataset validate` + `dataset stats` over a generated file of N (100,000) chat examples, the JVM
#     held to -Xmx256m, against the OpenAI cookbook's checks and statistics in Python (tiktoken, numpy).
#  2. Local augmentation throughput (JMH), the quality gate included, against EDA's reference
#     algorithm in Python.
#  3. The quality gate on the rated variants (GateRating.java): what `dataset clean` drops and keeps
#     against a careful reader's ratings, the share kept per method, and chrF++ against BERTScore.
# Medians of RUNS runs. Data is generated into bench/results/dataset/ (ignored by git), never committed.
# Usage: bench/dataset/run.sh   (N=100000 RUNS=5 PARTS="validate augment gate" by default; the peers
# need /opt/pypi/files wheels)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
N="${N:-100000}"
RUNS="${RUNS:-5}"
PARTS="${PARTS:-validate augment gate}"
runs_part() { [[ " $PARTS " == *" $1 "* ]]; }
out="bench/results/dataset"
mkdir -p "$out"

echo "command: N=$N RUNS=$RUNS PARTS=\"$PARTS\" bench/dataset/run.sh"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(uname -sm)"

mvn -q -B -DskipTests -pl cli -am package >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
cp="cli/target/intervensi.jar:cli/target/lib/*"
file="$out/train-${N}.jsonl"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
millis() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
max_rss_mib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'; }

# The peer: a virtual environment with tiktoken and numpy from the machine's wheels, and the
# cl100k_base ranks taken from jtokkit's jar (the same file tiktoken downloads), so nothing is fetched.
peer_ready=false
venv="$out/venv"
cache="$out/tiktoken-cache"
if [ -d /opt/pypi/files ]; then
  if [ ! -x "$venv/bin/python" ]; then
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/pip" install -q --no-index --find-links /opt/pypi/files tiktoken numpy
  fi
  mkdir -p "$cache"
  key=$(printf '%s' "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken" | sha1sum | cut -d' ' -f1)
  jtokkit=$(ls cli/target/lib/jtokkit-*.jar | head -1)
  [ -f "$cache/$key" ] || unzip -p "$jtokkit" com/knuddels/jtokkit/cl100k_base.tiktoken >"$cache/$key"
  peer_ready=true
fi
peer() { TIKTOKEN_CACHE_DIR="$root/$cache" "$venv/bin/python" "$@"; }

if runs_part validate; then
java -cp "$cp" bench/dataset/GenerateFineTuningFile.java "$file" "$N"
ours_validate_stats() {
  java -Xmx256m -jar cli/target/intervensi.jar dataset validate "$file" >/dev/null
  java -Xmx256m -jar cli/target/intervensi.jar dataset stats "$file" >/dev/null
}

echo
echo "== validate + stats over $N examples ($(du -h "$file" | cut -f1)), -Xmx256m =="
java -Xmx256m -jar cli/target/intervensi.jar dataset validate "$file"
java -Xmx256m -jar cli/target/intervensi.jar dataset stats "$file" --json >"$out/stats.json"
ours_times=(); validate_times=(); stats_times=(); single_times=(); peer_times=()
for run in $(seq "$RUNS"); do
  validate_times+=("$(millis java -Xmx256m -jar cli/target/intervensi.jar dataset validate "$file")")
  stats_times+=("$(millis java -Xmx256m -jar cli/target/intervensi.jar dataset stats "$file")")
  ours_times+=("$(millis ours_validate_stats)")
  single_times+=("$(millis java -Xmx256m -jar cli/target/intervensi.jar dataset validate "$file" --stats)")
  if $peer_ready; then peer_times+=("$(millis peer bench/dataset/cookbook_check.py "$file")"); fi
done
ours=$(printf '%s\n' "${ours_times[@]}" | median)
echo "intervensi validate (median of $RUNS): $(printf '%s\n' "${validate_times[@]}" | median) ms  [runs: ${validate_times[*]}]"
echo "intervensi stats    (median of $RUNS): $(printf '%s\n' "${stats_times[@]}" | median) ms  [runs: ${stats_times[*]}]"
echo "intervensi validate + stats, two commands (median of $RUNS): $ours ms  [runs: ${ours_times[*]}]"
single=$(printf '%s\n' "${single_times[@]}" | median)
echo "intervensi validate --stats, one pass (median of $RUNS): $single ms  [runs: ${single_times[*]}]"
echo "intervensi validate peak RSS: $(max_rss_mib java -Xmx256m -jar cli/target/intervensi.jar dataset validate "$file") MiB (heap capped at 256 MiB)"
if $peer_ready; then
  peer_median=$(printf '%s\n' "${peer_times[@]}" | median)
  echo "peer cookbook checks + statistics (median of $RUNS): $peer_median ms  [runs: ${peer_times[*]}]"
  echo "peer peak RSS: $(max_rss_mib env TIKTOKEN_CACHE_DIR="$root/$cache" "$venv/bin/python" bench/dataset/cookbook_check.py "$file") MiB"
  awk -v ours="$ours" -v single="$single" -v peer="$peer_median" 'BEGIN {
    printf "ratio intervensi (two commands) / peer: %.2f; intervensi (one pass) / peer: %.2f (below 1 is faster)\n", ours / peer, single / peer }'
  peer bench/dataset/cookbook_check.py "$file" >"$out/peer.json"
  /usr/bin/python3 - "$out/stats.json" "$out/peer.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1])); peer = json.load(open(sys.argv[2]))
priming = 3 * ours["examples"]
same = ours["examples"] == peer["examples"] and ours["totalTokens"] + priming == peer["total_tokens_with_priming"]
print("cross-check: examples %d vs %d; tokens %d + %d priming vs %d: %s" % (
    ours["examples"], peer["examples"], ours["totalTokens"], priming, peer["total_tokens_with_priming"], "agree" if same else "DIFFER"))
PY
else
  echo "peer: not run (/opt/pypi/files with tiktoken and numpy wheels is missing on this machine)"
fi
fi

if runs_part augment; then
echo
echo "== local augmentation throughput (built-in corpus, 4 EDA methods x 2 variants, quality gate included) =="
m2="${HOME}/.m2/repository"
mvn -q -B dependency:get -Dartifact=org.openjdk.jmh:jmh-generator-annprocess:1.37 >/dev/null
jmh="$m2/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar:$m2/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar:$m2/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
annotations="$m2/org/openjdk/jmh/jmh-generator-annprocess/1.37/jmh-generator-annprocess-1.37.jar"
rm -rf "$out/jmh-classes" && mkdir -p "$out/jmh-classes"
javac -nowarn -cp "$cp:$jmh" -processorpath "$annotations:$jmh" -d "$out/jmh-classes" bench/dataset/AugmentBenchmark.java
read -r candidates kept < <(java -cp "$out/jmh-classes:$cp:$jmh" org.emodu.intervention.bench.AugmentBenchmark)
java -cp "$out/jmh-classes:$cp:$jmh" org.openjdk.jmh.Main org.emodu.intervention.bench.AugmentBenchmark -f 1 -wi 3 -w 2s -i "$RUNS" -r 2s \
  -rf json -rff "$out/augment-jmh.json" >"$out/augment-jmh.log"
ops=$(/usr/bin/python3 -c "
import json, statistics, sys
data = json.load(open(sys.argv[1]))[0]['primaryMetric']['rawData'][0]
print(statistics.median(data))" "$out/augment-jmh.json")
ours_candidates=$(awk -v o="$ops" -v c="$candidates" 'BEGIN { printf "%.0f", o * c }')
ours_kept=$(awk -v o="$ops" -v k="$kept" 'BEGIN { printf "%.0f", o * k }')
echo "intervensi (JMH, median of $RUNS iterations): $ops corpus runs/s = $ours_candidates candidate variants/s ($ours_kept kept variants/s; $kept of $candidates kept)"
if $peer_ready; then
  peer_rate=$(peer bench/dataset/eda_peer.py intervention-core/src/main/resources/org/emodu/intervention/core/exemplars.jsonl \
    dataset-tools/src/main/resources/org/emodu/intervention/dataset/lexicon-id.txt "$((RUNS + 2))" | tail -n "$RUNS" \
    | awk '{ printf "%.0f\n", $1 / $2 }' | median)
  echo "peer EDA reference algorithm in Python (median of $RUNS rounds): $peer_rate variants/s"
  awk -v ours="$ours_candidates" -v peer="$peer_rate" 'BEGIN { printf "ratio intervensi / peer: %.2f (above 1 is faster)\n", ours / peer }'
fi
fi

if runs_part gate; then
echo
echo "== the quality gate on the rated variants =="
java -cp "$cp" bench/dataset/GateRating.java dataset-tools/src/test/resources/org/emodu/intervention/dataset/rated-variants.jsonl
fi
