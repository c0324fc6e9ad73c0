// Writes tokenizer.json, the small BERT-like (WordPiece) tokenizer of the package's
// examples: node testdata/example/make.js (from the module root). The examples'
// outputs come from the reference: see README.md.
const fs = require('fs');
const words = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  '!', ',', '.', '?', "'", '-',
  'a', 'the', 'cat', 'sat', 'on', 'mat', 'dog', 'hello', 'world', 'how', 'are', 'you',
  'i', 'am', 'fine', 'it', 'is', 'fast', 'token', '##izer', '##s', 'go', 'and',
  'cafe', 'au', 'lait', 'un', '##believ', '##able', 'what', 'time', 'where', 'paris',
  'capital', 'of', 'france', 'in', 'my', 'name', 'tokyo', 'japan', 'cheap', 'text'];
const vocab = {};
words.forEach((w, i) => { vocab[w] = i; });
const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const tok = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: special.map((s) => ({ id: vocab[s], content: s, single_word: false, lstrip: false,
    rstrip: false, normalized: false, special: true })),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true,
    strip_accents: null, lowercase: true },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: '[SEP]', type_id: 0 } }],
    pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } },
      { SpecialToken: { id: '[SEP]', type_id: 1 } }],
    special_tokens: {
      '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
      '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
    },
  },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##',
    max_input_chars_per_word: 100, vocab },
};
fs.writeFileSync(__dirname + '/tokenizer.json', JSON.stringify(tok, null, 2) + '\n');
