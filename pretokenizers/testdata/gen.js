// gen.js makes golden.jsonl.gz, the reference's outputs for the pre-tokenizers of
// configs.jsonl on the texts of texts.jsonl: for each config, the load error, or the
// pre_tokenizer as the reference saves it and, for each text, the pieces with their
// character offsets (what `golden.js pretokenize` prints: the tokenizer's
// getPreTokenizer().preTokenizeString(text), the normalizer being null).
//
//   FASTTOK_REF_DIR=/root/.cache/fasttok-ref node gen.js
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const dir = process.env.FASTTOK_REF_DIR || path.join(os.homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(dir, 'node_modules', 'tokenizers'));
const lines = (f) => fs.readFileSync(path.join(__dirname, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const configs = lines('configs.jsonl');
const texts = lines('texts.jsonl').map((r) => r.text);
const tmp = path.join(os.tmpdir(), `pretok-gen-${process.pid}.json`);
const out = [];
for (const c of configs) {
  const json = JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: c.pre_tokenizer, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' } });
  let tok;
  try {
    tok = Tokenizer.fromString(json);
  } catch (e) {
    out.push({ name: c.name, error: String(e.message).replace(/ at line \d+ column \d+$/, '') });
    continue;
  }
  tok.save(tmp, false);
  const saved = JSON.parse(fs.readFileSync(tmp, 'utf8')).pre_tokenizer;
  const pre = tok.getPreTokenizer();
  out.push({ name: c.name, saved, results: texts.map((t) => pre.preTokenizeString(t)) });
}
fs.unlinkSync(tmp);
fs.writeFileSync(path.join(__dirname, 'golden.jsonl.gz'), zlib.gzipSync(out.map((o) => JSON.stringify(o)).join('\n') + '\n', { level: 9 }));
