#!/usr/bin/env node
// Generates real.json: the reference's (tokenizers 0.23.2, Node binding) BPE model output on
// words of real tokenizers. Run from the repository root:
//   FASTTOK_REF_DIR=/root/.cache/fasttok-ref node models/bpe/testdata/gen_real.js /work/shared 60 \
//     > models/bpe/testdata/real.json
// For each tokenizer, the texts of assets/texts/{smoke,corpus}.jsonl are normalized and
// pre-tokenized by the tokenizer's own normalizer and pre-tokenizer; of the distinct pieces, N are
// kept (a deterministic spread, plus the longest ones up to 200 characters). Each piece is then
// encoded by a tokenizer.json holding only the tokenizer's "model" (all other sections null, no
// added tokens), i.e. by the model alone. Offsets are the binding's (characters).
// Optional 3rd argument: a comma-separated list of text files to use instead.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const dir = process.env.FASTTOK_REF_DIR || path.join(os.homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(dir, 'node_modules', 'tokenizers'));

const shared = process.argv[2] || '/work/shared';
const N = parseInt(process.argv[3] || '120', 10);
const textFiles = process.argv[4] ? process.argv[4].split(',')
  : ['smoke.jsonl', 'corpus.jsonl'].map((f) => path.join(shared, 'assets', 'texts', f));
const names = (process.env.BPE_TOKENIZERS || 'gpt2,llama2,clip,gpt4-cl100k,qwen3,llama3,gemma,chatglm').split(',');

const texts = [];
for (const f of textFiles) {
  for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    texts.push(r.text);
    if (r.pair) texts.push(r.pair);
  }
}

// A small deterministic hash (FNV-1a) to spread the choice of pieces.
function fnv(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
}

(async () => {
  const out = {};
  for (const name of names) {
    const json = zlib.gunzipSync(fs.readFileSync(path.join(shared, 'assets', 'tokenizers', name + '.json.gz'))).toString('utf8');
    const full = Tokenizer.fromString(json);
    const norm = full.getNormalizer();
    const pre = full.getPreTokenizer();
    const seen = new Set();
    for (const t of texts) {
      const n = norm ? norm.normalizeString(t) : t;
      const pieces = pre ? pre.preTokenizeString(n) : [[n, [0, 0]]];
      for (const [p] of pieces) if (p.length > 0) seen.add(p);
    }
    let words = [...seen];
    const byHash = words.slice().sort((a, b) => fnv(a) - fnv(b) || (a < b ? -1 : 1));
    const longest = words.filter((w) => [...w].length <= 200).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const pick = new Set();
    if (N > 0) {
      for (const w of longest.slice(0, Math.ceil(N / 6))) pick.add(w);
      for (const w of byHash) { if (pick.size >= N) break; if ([...w].length <= 200) pick.add(w); }
    } else {
      for (const w of words) pick.add(w);
    }
    const model = JSON.parse(json).model;
    const only = Tokenizer.fromString(JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [],
      normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, model }));
    const recs = [];
    for (const w of [...pick].sort()) {
      const e = await only.encode(w, null, { addSpecialTokens: false });
      recs.push({ word: w, ids: e.getIds(), offsets: e.getOffsets() });
    }
    out[name] = recs;
  }
  const parts = Object.entries(out).map(([k, recs]) => JSON.stringify(k) + ': [\n' + recs.map((r) => JSON.stringify(r)).join(',\n') + '\n]');
  process.stdout.write('{\n' + parts.join(',\n') + '\n}\n');
})();
