// gen_normalized.js makes normalized.jsonl.gz: the reference's encode offsets (character
// offsets in the original text) of each piece when a normalizer runs before the
// pre-tokenizer, so that the pieces' alignments are not the identity. The model is a
// WordLevel with only [UNK]: each piece becomes one [UNK] token whose offsets are the
// piece's (what `golden.js encode --no-special` prints as "offsets").
//
//   FASTTOK_REF_DIR=/root/.cache/fasttok-ref node gen_normalized.js
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const dir = process.env.FASTTOK_REF_DIR || path.join(os.homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(dir, 'node_modules', 'tokenizers'));
const texts = fs.readFileSync(path.join(__dirname, 'texts.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).text);
const normalizers = {
  lowercase: { type: 'Lowercase' },
  prepend: { type: 'Prepend', prepend: '▁' },
  'replace-prepend': { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
};
const preTokenizers = {
  bytelevel: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
  'bytelevel-noregex': { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: false },
  metaspace: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
  whitespace: { type: 'Whitespace' },
  bert: { type: 'BertPreTokenizer' },
  unicodescripts: { type: 'UnicodeScripts' },
  fixedlength: { type: 'FixedLength', length: 2 },
  digits: { type: 'Digits', individual_digits: true },
};
async function main() {
  const out = [];
  for (const [nn, norm] of Object.entries(normalizers)) {
    for (const [pn, pre] of Object.entries(preTokenizers)) {
      const tok = Tokenizer.fromString(JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [],
        normalizer: norm, pre_tokenizer: pre, post_processor: null, decoder: null,
        model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' } }));
      const offsets = [];
      for (const t of texts) offsets.push((await tok.encode(t, null, { addSpecialTokens: false })).getOffsets());
      out.push({ normalizer: nn, pre_tokenizer: pre, offsets });
    }
  }
  fs.writeFileSync(path.join(__dirname, 'normalized.jsonl.gz'), zlib.gzipSync(out.map((o) => JSON.stringify(o)).join('\n') + '\n', { level: 9 }));
}
main();
