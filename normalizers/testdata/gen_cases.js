// Generates cases.jsonl: for each (normalizer, text), the reference's normalized text
// and, for every normalized character, its offsets in the original (character offsets),
// read from a BPE model whose vocab is only [UNK] and no pre-tokenizer, so each
// normalized character is one token.
// Run: node gen_cases.js > cases.jsonl   (FASTTOK_REF_DIR=/root/.cache/fasttok-ref)
const ref = (process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref') + '/node_modules/tokenizers';
const { Tokenizer } = require(ref);

const normalizers = {
  nfc: { type: 'NFC' }, nfd: { type: 'NFD' }, nfkc: { type: 'NFKC' }, nfkd: { type: 'NFKD' },
  lowercase: { type: 'Lowercase' }, nmt: { type: 'Nmt' }, strip_accents: { type: 'StripAccents' },
  nfd_strip_accents: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'StripAccents' }] },
  nfkd_strip_lower: { type: 'Sequence', normalizers: [{ type: 'NFKD' }, { type: 'StripAccents' }, { type: 'Lowercase' }] },
  bert: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  bert_cased: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: false },
  bert_strip_nolower: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: false },
  bert_nostrip: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
  bert_raw: { type: 'BertNormalizer', clean_text: false, handle_chinese_chars: false, strip_accents: null, lowercase: false },
  bert_chinese_only: { type: 'Bert', clean_text: false, handle_chinese_chars: true, lowercase: false },
  strip: { type: 'Strip', strip_left: true, strip_right: true },
  lstrip: { type: 'Strip', strip_left: true, strip_right: false },
  rstrip: { type: 'Strip', strip_left: false, strip_right: true },
  prepend: { type: 'Prepend', prepend: '▁' },
  replace_space: { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
  replace_quotes: { type: 'Replace', pattern: { String: "''" }, content: '"' },
  replace_delete: { type: 'Replace', pattern: { String: 'é' }, content: '' },
  replace_regex_spaces: { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
  replace_regex_ws: { type: 'Replace', pattern: { Regex: '\\s+' }, content: '_' },
  byte_level: { type: 'ByteLevel' },
  llama: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
  nfkc_lower: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] },
  mixed: { type: 'Sequence', normalizers: [{ type: 'Strip', strip_left: true, strip_right: true }, { type: 'NFC' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }, { type: 'Prepend', prepend: '▁' }, { type: 'NFD' }] },
  bert_after_prepend: { type: 'Sequence', normalizers: [{ type: 'Replace', pattern: { String: 'x' }, content: '' }, { type: 'NFC' }, { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true }] },
};

// Hand-picked texts (PARITY-CHECKLIST sections C and D among them).
const fixed = [
  '', ' ', 'Hello world', 'İSTANBUL ΣΑΣ ẞ', '🯰🯹', 'ﬁ①', 'Héllo\0\u00ad\t你好\u200b x', 'Héllo', 'éñ', 'e\u0301n\u0303',
  '  \u3000 a \n', 'a b  c', "This is a ''test''", 'This     is   a         test', 'a\u0001b\u200bc\u00a0d', 'é ',
  'Me llamó', 'ậ…', 'ำน\u0e49ำ3ลำ', 'e\u0304\u0304\u0304o', 'a\u0301\u0316', 'a\u0316\u0301', 'ǖ', '\u1e9b\u0323',
  'q\u0307\u0323', '한국어', '\u1100\u1161\u11a8', '가\u11a8', '\uac00\u11a7', 'a\u1df9\u0301', 'a\u0301\u1df9\u0316',
  '\u0958', '\u0344', '\u212b', '\ufb2c', '\u0f73', '\u1d400\u3300\u33ff', 'x' + '\u0301\u0316'.repeat(40) + 'y',
  '\u0000', 'ﬁ① ΣΑΣ', '\u0c48\u0c56', 'Ω\u0345\u0301', '\u05d0\u05b8\u05b4', '你好世界', '\u{20000}\u{2a6d6}', '\ufffd\u0000\u0085\u2028',
  '\ue000\u{f0000}\u{10fffd}', 'Cụ thể, bạn sẽ tham gia một nhóm các giám đốc điều hành…', 'x\u0301', '\u0301x',
  'ﬀ\u0301', '\u1e0b\u0323', '\u0041\u030a\u0301', 'ÅΩ', '\u2126\u212b\u00c5', 'Ａ\u0301', '\u3099\u304b', 'か\u3099',
  '\u{1d15e}\u{1d165}', '\u{110ab}\u{11099}\u{110ba}', '\u0b47\u0b3e', '\u0b47\u0301\u0b3e', 'abc\u0300'.repeat(3),
];

// Seeded random texts from an alphabet of interesting characters.
let seed = 12345;
function rnd(n) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; }
const alphabet = [...new Set([
  ...'aeiouAEIOUnNcC  \t\n\r', ...'àéîõüÅçñǖẛḍḗỄ', '\u0300', '\u0301', '\u0302', '\u0308', '\u0316', '\u0323', '\u0327',
  '\u0345', '\u0591', '\u05b4', '\u0650', '\u093c', '\u0e49', '\u302a', '\u1df9', '\u08d3', '\u{1e130}', '\u3099',
  ...'가각한\u1100\u1161\u11a8\u11a7', ...'ﬁﬀ①⑴Ａｶ\u3300\u33ff²½™\u2126\u212b', '\u{1d400}', '\u{1fbf0}', '\u{1f600}',
  ...'你好中\uf900', '\u{20000}', '\u0000', '\u0001', '\u00ad', '\u200b', '\u200d', '\ufeff', '\ufffd', '\u2028',
  '\u3000', '\u00a0', '\u0085', '\ue000', ...'İΣσßẞ', ...'ำน3ล', ...'ậ…', '\u0958', '\u0344', '\u0f73', '\u0b47', '\u0b3e',
  "'", '"', 'x',
])];
const random = [];
for (let i = 0; i < 60; i++) {
  const len = 1 + rnd(14);
  let s = '';
  for (let k = 0; k < len; k++) s += alphabet[rnd(alphabet.length)];
  random.push(s);
}

function tokenizerFor(nj) {
  return Tokenizer.fromString(JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: nj, pre_tokenizer: null,
    post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: '[UNK]', continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, vocab: { '[UNK]': 0 }, merges: [] },
  }));
}

(async () => {
  for (const [name, nj] of Object.entries(normalizers)) {
    const tok = tokenizerFor(nj);
    const norm = tok.getNormalizer();
    for (const text of [...fixed, ...random]) {
      const normalized = norm.normalizeString(text);
      const enc = await tok.encode(text);
      console.log(JSON.stringify({ name, normalizer: nj, text, normalized, offsets: enc.getOffsets() }));
    }
  }
})();
