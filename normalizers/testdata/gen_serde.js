// Generates serde.jsonl: for each normalizer JSON, what the reference does when it loads
// a tokenizer.json holding it: the normalizer it saves back ("saved"), or the load
// error ("error"). Run: node gen_serde.js > serde.jsonl
const ref = (process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref') + '/node_modules/tokenizers';
const { Tokenizer } = require(ref);
const fs = require('fs'), os = require('os'), path = require('path');
const cases = [
  { type: 'Bert', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  { type: 'BertNormalizer', clean_text: false, handle_chinese_chars: true, strip_accents: true, lowercase: false },
  { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, lowercase: true },
  { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true, extra: 5 },
  { type: 'Bert', clean_text: true, lowercase: true },
  { type: 'Bert' },
  { type: 'Bert', clean_text: 1, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  { clean_text: true, handle_chinese_chars: false, lowercase: true },
  { type: 'NFC' }, { type: 'NFD' }, { type: 'NFKC' }, { type: 'NFKD', extra: 1 }, { type: 'Lowercase' }, { type: 'Nmt' },
  { type: 'StripAccents' }, { type: 'ByteLevel' }, { type: 'ByteLevel', add_prefix_space: true },
  { type: 'Strip', strip_left: true, strip_right: false }, { type: 'Strip', strip_left: true },
  { type: 'Strip', strip_left: 'yes', strip_right: true }, { strip_left: false, strip_right: true },
  { type: 'Prepend', prepend: '▁' }, { type: 'Prepend' }, { type: 'Prepend', prepend: 3 }, { prepend: 'a' },
  { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
  { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
  { type: 'Replace', pattern: { Regex: '(' }, content: ' ' },
  { type: 'Replace', pattern: { String: 'a' } },
  { type: 'Replace', pattern: 'a', content: 'b' },
  { type: 'Replace', pattern: { Str: 'a' }, content: 'b' },
  { type: 'Replace', pattern: { String: 'a', Regex: 'b' }, content: 'b' },
  { type: 'Replace', pattern: { String: null }, content: 'b' },
  { pattern: { String: 'a' }, content: 'b' },
  { type: 'Sequence', normalizers: [] },
  { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Lowercase' }, { prepend: 'x' }, { type: 'Strip', strip_left: true, strip_right: true }] },
  { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Sequence', normalizers: [{ type: 'NFKD' }] }] },
  { type: 'Sequence', normalizers: [{ type: 'NFC' }, {}] },
  { type: 'Sequence', normalizers: [{ type: 'NFC' }, null] },
  { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Strip', strip_left: true }] },
  { type: 'Sequence' },
  { type: 'Sequence', normalizers: {} },
  { normalizers: [{ type: 'NFC' }] },
];
const file = path.join(os.tmpdir(), 'fasttok-serde.json');
for (const nj of cases) {
  const tj = { version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: nj, pre_tokenizer: null,
    post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' } };
  let res;
  try {
    Tokenizer.fromString(JSON.stringify(tj)).save(file);
    res = { input: nj, saved: JSON.parse(fs.readFileSync(file, 'utf8')).normalizer };
  } catch (e) {
    res = { input: nj, error: e.message };
  }
  console.log(JSON.stringify(res));
}
