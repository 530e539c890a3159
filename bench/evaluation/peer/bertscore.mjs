// The benchmark peer: BERTScore in JavaScript with Hugging Face transformers.js (onnxruntime-node),
// on the same quantised all-MiniLM-L6-v2 export the toolkit embeds, computed the way the reference
// implementation does it: distinct sentences sorted by length, padded batches of 64, last_hidden_state,
// L2-normalised, greedy cosine matching, [CLS]/[SEP] left out, no idf.
//
// usage: node bertscore.mjs MODEL_ROOT CANDIDATES REFERENCES RUNS [BATCH]
// BATCH 1 embeds every sentence alone, without padding, which is how the toolkit runs it.
// prints one JSON line: {"seconds": [...], "meanF1": ..., "f1": [...]} (the per-pair F1 of the last run).
import { readFileSync } from 'node:fs';
import { AutoModel, AutoTokenizer, env } from '@huggingface/transformers';

const [modelRoot, candidatesFile, referencesFile, runsText, batchText] = process.argv.slice(2);
env.allowRemoteModels = false;
env.localModelPath = modelRoot;

const lines = (file) => readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
const tokenizer = await AutoTokenizer.from_pretrained('all-minilm-l6-v2');
const model = await AutoModel.from_pretrained('all-minilm-l6-v2', { dtype: 'q8' });
const BATCH = Number(batchText ?? 64);

async function embedAll(sentences) {
  const lengths = new Map(sentences.map((s) => [s, tokenizer(s).input_ids.dims[1]]));
  const sorted = [...sentences].sort((a, b) => lengths.get(a) - lengths.get(b));
  const vectors = new Map();
  for (let start = 0; start < sorted.length; start += BATCH) {
    const batch = sorted.slice(start, start + BATCH);
    const inputs = tokenizer(batch, { padding: true, truncation: true });
    const { last_hidden_state: hidden } = await model(inputs);
    const [count, width, dimension] = hidden.dims;
    const data = hidden.data;
    for (let i = 0; i < count; i++) {
      const tokens = lengths.get(batch[i]);
      // Rows 1 .. tokens-2: the ordinary tokens, without [CLS] at 0 and [SEP] at tokens-1.
      const rows = [];
      for (let t = 1; t < tokens - 1; t++) {
        const offset = (i * width + t) * dimension;
        const row = new Float32Array(dimension);
        let norm = 0;
        for (let d = 0; d < dimension; d++) { row[d] = data[offset + d]; norm += row[d] * row[d]; }
        norm = Math.sqrt(norm);
        for (let d = 0; d < dimension; d++) row[d] /= norm;
        rows.push(row);
      }
      vectors.set(batch[i], rows);
    }
  }
  return vectors;
}

function score(candidate, reference) {
  const bestReference = new Array(reference.length).fill(-Infinity);
  let precision = 0;
  for (const c of candidate) {
    let best = -Infinity;
    reference.forEach((r, j) => {
      let dot = 0;
      for (let d = 0; d < c.length; d++) dot += c[d] * r[d];
      if (dot > best) best = dot;
      if (dot > bestReference[j]) bestReference[j] = dot;
    });
    precision += best / candidate.length;
  }
  const recall = bestReference.reduce((sum, value) => sum + value, 0) / reference.length;
  return (2 * precision * recall) / (precision + recall);
}

async function run() {
  const candidates = lines(candidatesFile);
  const references = lines(referencesFile);
  const vectors = await embedAll([...new Set([...candidates, ...references])]);
  return candidates.map((candidate, i) => score(vectors.get(candidate), vectors.get(references[i])));
}

await run(); // warm-up
const seconds = [];
let f1 = [];
for (let i = 0; i < Number(runsText); i++) {
  const started = process.hrtime.bigint();
  f1 = await run();
  seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
}
console.log(JSON.stringify({ seconds, meanF1: f1.reduce((a, b) => a + b, 0) / f1.length, f1 }));
