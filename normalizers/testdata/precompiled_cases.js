// Reference outputs for TestPrecompiledCases: t5-small's Precompiled normalizer applied
// by the reference (FASTTOK_SHARED=/work/shared node precompiled_cases.js).
'use strict';
const fs = require('fs'), path = require('path'), zlib = require('zlib');
const ref = process.env.FASTTOK_REF_DIR || path.join(require('os').homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'));
const tj = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(process.env.FASTTOK_SHARED, 'assets/tokenizers/t5-small.json.gz'))));
const tok = Tokenizer.fromString(JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [],
  normalizer: tj.normalizer, pre_tokenizer: null, post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: {}, unk_token: '[UNK]' } }));
for (const s of ['เขาไม่ได้พูดสักคำ', 'ड़ी दुख', '\u0627\u0653', '𝔾𝕠\u200d', '™\x1eg']) {
  const esc = (x) => JSON.stringify(x).replace(/[^\x20-\x7e]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  console.log(esc(s), esc(tok.getNormalizer().normalizeString(s)));
}
