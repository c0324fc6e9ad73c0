#!/usr/bin/env node
// Runs each {"decoder", "tokens"} line of stdin through the reference (Hugging Face
// tokenizers 0.23.2, Node binding): a tokenizer.json with that decoder and a WordLevel
// model holding the tokens is loaded, saved (giving the decoder's serialization) and asked
// to decode the tokens' ids. Prints the input line extended with {"saved", "text"} or
// {"error"} (a load error). Usage (see README.md):
//   FASTTOK_REF_DIR=/root/.cache/fasttok-ref node gen_expected.js < decode_cases.in.jsonl > decode_cases.jsonl
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const {Tokenizer} = require(path.join(process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref', 'node_modules', 'tokenizers'));
const lines = fs.readFileSync(0, 'utf8').split('\n').filter(l => l.trim());
const tmp = path.join(os.tmpdir(), `gen_expected_${process.pid}.json`);
(async () => {
  for (const l of lines) {
    const rec = JSON.parse(l);
    const vocab = {};
    const ids = [];
    for (const t of rec.tokens) {
      if (!(t in vocab)) vocab[t] = Object.keys(vocab).length;
      ids.push(vocab[t]);
    }
    if (Object.keys(vocab).length === 0) vocab['<unk>'] = 0;
    const tj = {version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
      pre_tokenizer: null, post_processor: null, decoder: rec.decoder,
      model: {type: 'WordLevel', vocab, unk_token: Object.keys(vocab)[0]}};
    try {
      const tok = Tokenizer.fromString(JSON.stringify(tj));
      tok.save(tmp);
      rec.saved = JSON.parse(fs.readFileSync(tmp, 'utf8')).decoder;
      rec.text = await tok.decode(ids, false);
    } catch (e) {
      rec.error = String(e.message || e).replace(/ at line \d+ column \d+$/, '');
    }
    console.log(JSON.stringify(rec));
  }
  try { fs.unlinkSync(tmp); } catch (_) { /* none */ }
})();
