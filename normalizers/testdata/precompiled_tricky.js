// Reference outputs for TestPrecompiledTricky: each line of precompiled_tricky.jsonl is
// {"name", "text", "normalized", "offsets"} with the normalized text of the Precompiled
// normalizer of NAME alone and the original character range of each normalized
// character (a Split on every character, each one an [UNK] of a WordLevel model).
//   FASTTOK_SHARED=/work/shared node precompiled_tricky.js > precompiled_tricky.jsonl
'use strict';
const fs = require('fs'), path = require('path'), zlib = require('zlib');
const ref = process.env.FASTTOK_REF_DIR || path.join(require('os').homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'));
function findPrecompiled(n) {
  if (!n) return null;
  if (n.type === 'Precompiled') return n;
  for (const c of n.normalizers || []) { const p = findPrecompiled(c); if (p) return p; }
  return null;
}
const texts = ['\r\n', 'a\r\nb', '\x1eabc', '\x1e\x1e\x1eabc', 'ab\x1e\x1e', '\u200d', '\u200da', 'a\u0301', 'é',
  'ﬁ①', 'ﬁ\x1e', '™\x1eg', '👩‍👩‍👧 🇫🇷🇩🇪', '한국어 ᄒᄒ', 'ＡＢＣ１２３', '𝔾𝕠', '\u0627\u0653', 'क्षि', 'e\u0301\u0301\u0301',
  '\u3000x\u00a0y', 'ｶﾞｷﾞ', '…', '\ufeffa', '\x00b', 'x\u00adx', 'А̀', '½ ⅓', '℃℉', '\u2028\u2029', '', ' '];
(async () => {
  for (const name of ['t5-small', 'ortx-nmt-unigram']) {
    const tj = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(process.env.FASTTOK_SHARED, 'assets/tokenizers', name + '.json.gz'))));
    const tok = Tokenizer.fromString(JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [],
      normalizer: findPrecompiled(tj.normalizer), pre_tokenizer: { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false },
      post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' } }));
    for (const text of texts) {
      const e = await tok.encode(text);
      console.log(JSON.stringify({ name, text, normalized: tok.getNormalizer().normalizeString(text), offsets: e.getOffsets() }));
    }
  }
})();
