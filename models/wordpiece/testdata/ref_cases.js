// Reference outputs for the tiny-vocabulary cases of wordpiece_test.go:
//   node ref_cases.js   (FASTTOK_REF_DIR or ~/.cache/fasttok-ref holds the reference)
const path = require('path');
const ref = process.env.FASTTOK_REF_DIR || path.join(require('os').homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'));
function mk(model) { return JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: { type: 'WhitespaceSplit' }, post_processor: null, decoder: null, model }); }
(async () => {
  const vocab = { '[UNK]': 0, 'un': 1, '##aff': 2, '##able': 3, 'a': 4, '##ff': 5, '##a': 6, 'é': 7, '##é': 8, '##': 9, '###': 10 };
  const cases = [
    [{ type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab }, 'unaffable unxyz aaa aéé a## a### é'],
    [{ type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 5, vocab }, 'unaffable unaff aéééé aééééé'],
    [{ type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '', max_input_chars_per_word: 100, vocab: { 'a': 0, 'ab': 1, 'b': 2, '<u>': 3 } }, 'abab bba'],
    [{ type: 'WordPiece', unk_token: '<u>', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: { 'a': 0 } }, 'a b'],
    [{ type: 'WordLevel', unk_token: '<u>', vocab: { 'a': 0, '<u>': 1 } }, 'a b'],
    [{ type: 'WordLevel', unk_token: '<u>', vocab: { 'a': 0 } }, 'a b'],
  ];
  for (const [m, text] of cases) {
    try {
      const e = await Tokenizer.fromString(mk(m)).encode(text);
      console.log(JSON.stringify(text), JSON.stringify(e.getTokens()), JSON.stringify(e.getIds()), JSON.stringify(e.getOffsets()));
    } catch (err) { console.log(JSON.stringify(text), 'ERR', err.message); }
  }
  const t = Tokenizer.fromString(mk({ type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: { 'b': 2, 'a': 0, 'c\n"': 5 } }));
  t.save('/tmp/_wp.json', false);
  const j = require('fs').readFileSync('/tmp/_wp.json', 'utf8');
  console.log(j.slice(j.indexOf('"model":') + 8, -1));
})();
