// The agreement peer: BERTScore in JavaScript, written from the reference implementation's
// algorithm (Tiiiger/bert_score: utils.py sent_encode, get_idf_dict, get_bert_embedding,
// greedy_cos_idf, bert_cos_score_idf; score.py for several references), with transformers.js on
// onnxruntime-node running the very model files the toolkit embeds. It shares no code with the
// toolkit. What it does, step by step, as bert_score does it:
//
//   sent_encode    strip the sentence, tokenize it with [CLS] ... [SEP], truncated to the model's
//                  maximum length (tokenizer.model_max_length; for all-MiniLM-L6-v2 512, its
//                  max_position_embeddings): the text's tokens are cut to max - 2, then wrapped.
//                  A [SEP] or [CLS] typed in the text becomes that token's id.
//   several refs   each candidate is repeated once per reference of its group; all references are
//                  flattened into one list (repeats kept).
//   get_idf_dict   with idf: over the M flattened references, each counted once per id it holds
//                  (set(ids), [CLS]/[SEP] included), idf(id) = ln((M + 1) / (df + 1)), and
//                  ln((M + 1) / 1) for an id no reference holds. Without idf: 1 for every id, and 0
//                  for sep_token_id and cls_token_id.
//   embeddings     last_hidden_state of every token, [CLS] and [SEP] included.
//   greedy_cos_idf every vector divided by its norm; the full similarity matrix (specials included);
//                  per candidate token the row maximum, per reference token the column maximum;
//                  the token weights are the idf values of the token ids divided by their sum; P and R
//                  the weighted sums; F = 2PR / (P + R); a sentence of only [CLS] [SEP] gives P = R = 0;
//                  F that is NaN becomes 0 (P or R may stay NaN when every weight of a sentence is 0).
//   several refs   P, R and F each the maximum over the candidate's references.
//
// One deliberate departure: every sentence is embedded alone, without padding. bert_score pads
// batches and masks the padding, which for a float model leaves every real token's vector unchanged;
// this model is int8-quantised with activation scales computed over the whole input, so padding
// would change the vectors, and the toolkit, too, embeds each sentence alone.
//
// usage: node bert-score.mjs MODEL_ROOT ITEMS_JSONL idf|no-idf
//   ITEMS_JSONL: one {"candidate": "...", "references": ["...", ...]} a line
// prints one JSON line: {"maxLength": 512, "P": [...], "R": [...], "F": [...], "tokens": {...}}
import { readFileSync } from 'node:fs';
import { AutoModel, AutoTokenizer, Tensor, env } from '@huggingface/transformers';

const [modelRoot, itemsFile, idfMode] = process.argv.slice(2);
if (idfMode !== 'idf' && idfMode !== 'no-idf') {
  throw new Error('the third argument is idf or no-idf');
}
env.allowRemoteModels = false;
env.localModelPath = modelRoot;
const MODEL = 'all-minilm-l6-v2';
const tokenizer = await AutoTokenizer.from_pretrained(MODEL);
const model = await AutoModel.from_pretrained(MODEL, { dtype: 'q8' });
const config = JSON.parse(readFileSync(`${modelRoot}/${MODEL}/config.json`, 'utf8'));
// bert_score truncates at tokenizer.model_max_length, which the model's published tokenizer sets to
// its max_position_embeddings (512); the 128 in the jar's tokenizer.json is a sentence-embedding choice.
const maxLength = config.max_position_embeddings ?? 512;
const [clsId, sepId] = tokenizer.encode('', { add_special_tokens: true });

function sentEncode(sentence) {
  const ids = tokenizer.encode(sentence.trim(), { add_special_tokens: false });
  return [clsId, ...ids.slice(0, maxLength - 2), sepId];
}

const items = readFileSync(itemsFile, 'utf8').split('\n').filter((line) => line.trim().length > 0)
  .map((line) => JSON.parse(line));
const cands = [];
const refs = [];
const groups = [];
for (const item of items) {
  const begin = refs.length;
  for (const reference of item.references) {
    cands.push(item.candidate);
    refs.push(reference);
  }
  groups.push([begin, refs.length]);
}

const encoded = new Map();
const encode = (sentence) => {
  if (!encoded.has(sentence)) encoded.set(sentence, sentEncode(sentence));
  return encoded.get(sentence);
};

let idf;
if (idfMode === 'idf') {
  const counts = new Map();
  for (const reference of refs) {
    for (const id of new Set(encode(reference))) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const documents = refs.length;
  idf = (id) => Math.log((documents + 1) / ((counts.get(id) ?? 0) + 1));
} else {
  idf = (id) => (id === sepId || id === clsId ? 0 : 1);
}

const embeddings = new Map();
async function embed(sentence) {
  if (embeddings.has(sentence)) return embeddings.get(sentence);
  const ids = encode(sentence);
  // One sentence, so the attention mask is all ones and the token types all zero.
  const shape = [1, ids.length];
  const feeds = {
    input_ids: new Tensor('int64', BigInt64Array.from(ids.map((id) => BigInt(id))), shape),
    attention_mask: new Tensor('int64', BigInt64Array.from(ids.map(() => 1n)), shape),
    token_type_ids: new Tensor('int64', BigInt64Array.from(ids.map(() => 0n)), shape),
  };
  const { last_hidden_state: hidden } = await model(feeds);
  const [, width, dimension] = hidden.dims;
  if (width !== ids.length) throw new Error(`the model gave ${width} vectors for ${ids.length} tokens`);
  const rows = [];
  for (let t = 0; t < width; t++) {
    const row = Float64Array.from(hidden.data.subarray(t * dimension, (t + 1) * dimension));
    let norm = 0;
    for (const value of row) norm += value * value;
    norm = Math.sqrt(norm);
    for (let d = 0; d < dimension; d++) row[d] /= norm;
    rows.push(row);
  }
  const weights = ids.map(idf);
  const entry = { ids, rows, weights };
  embeddings.set(sentence, entry);
  return entry;
}

function greedyCosIdf(hyp, ref) {
  const wordPrecision = hyp.rows.map(() => -Infinity);
  const wordRecall = ref.rows.map(() => -Infinity);
  hyp.rows.forEach((h, i) => {
    ref.rows.forEach((r, j) => {
      let sim = 0;
      for (let d = 0; d < h.length; d++) sim += h[d] * r[d];
      if (sim > wordPrecision[i]) wordPrecision[i] = sim;
      if (sim > wordRecall[j]) wordRecall[j] = sim;
    });
  });
  const hypSum = hyp.weights.reduce((a, b) => a + b, 0);
  const refSum = ref.weights.reduce((a, b) => a + b, 0);
  let P = wordPrecision.reduce((sum, value, i) => sum + value * (hyp.weights[i] / hypSum), 0);
  let R = wordRecall.reduce((sum, value, j) => sum + value * (ref.weights[j] / refSum), 0);
  let F = (2 * P * R) / (P + R);
  if (hyp.ids.length === 2 || ref.ids.length === 2) {
    P = 0;
    R = 0;
  }
  if (Number.isNaN(F)) F = 0;
  return [P, R, F];
}

const all = [];
for (let k = 0; k < cands.length; k++) {
  all.push(greedyCosIdf(await embed(cands[k]), await embed(refs[k])));
}
const P = [];
const R = [];
const F = [];
for (const [begin, end] of groups) {
  const scores = all.slice(begin, end);
  P.push(Math.max(...scores.map((s) => s[0])));
  R.push(Math.max(...scores.map((s) => s[1])));
  F.push(Math.max(...scores.map((s) => s[2])));
}
const lengths = [...encoded.values()].map((ids) => ids.length);
console.log(JSON.stringify({
  maxLength,
  sentences: encoded.size,
  tokens: { max: Math.max(...lengths), over128: lengths.filter((n) => n > 128).length,
    truncatedAt512: [...encoded.keys()].filter((s) => tokenizer.encode(s.trim()).length > maxLength).length },
  P, R, F,
}));
