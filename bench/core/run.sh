#!/usr/bin/env bash
# Core benchmarks: prompt tokens per profile beside the seed system's prompt, and the in-process
# cost of the prompted generator around a backend that answers at once (JMH).
# Usage: bench/core/run.sh [SEED_PROMPT_FILE]   (default: ../shared/peers/seed-fastapi/prompt.txt)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seed_prompt="${1:-$root/../shared/peers/seed-fastapi/prompt.txt}"
results="$root/bench/results"
mkdir -p "$results"

echo "command: bench/core/run.sh $seed_prompt"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$root" && mvn -B -q -P bench -pl bench/core -am package -DskipTests)
jar="$root/bench/core/target/benchmarks.jar"

echo
echo "== prompt tokens per request (cl100k_base, chat framing included)"
java -cp "$jar" org.emodu.intervention.bench.PromptTokens "$seed_prompt"

echo
echo "== in-process cost per call, backend answering at once (JMH, 2 forks x 10 iterations of 1 s)"
java -jar "$jar" -rf json -rff "$results/core-jmh.json" PromptedGeneratorBenchmark >"$results/core-jmh.txt" 2>&1
python3 - "$results/core-jmh.json" <<'PY'
import json, statistics, sys
goal = 50.0
for result in json.load(open(sys.argv[1])):
    samples = [value for fork in result["primaryMetric"]["rawData"] for value in fork]
    median = statistics.median(samples)
    name = result["benchmark"].rsplit(".", 1)[1]
    print(f"{name:20s} median {median:7.2f} us/op  (min {min(samples):6.2f}, max {max(samples):6.2f});"
          f" goal {goal:.0f} us: {median / goal:.2f} of the goal")
PY
