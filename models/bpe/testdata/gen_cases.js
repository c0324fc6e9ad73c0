#!/usr/bin/env node
// Generates cases.json: the reference's (tokenizers 0.23.2, Node binding) results for small
// BPE models. Run from the repository root:
//   FASTTOK_REF_DIR=/root/.cache/fasttok-ref node models/bpe/testdata/gen_cases.js > models/bpe/testdata/cases.json
// Each model is wrapped in a tokenizer.json whose other sections are null (no added tokens), so
// encoding a word runs the model alone on the whole word. Offsets are the binding's (characters).
// "saved" is the model section of the reference's compact save of the loaded tokenizer.
// idsOnly: compare ids and tokens, not offsets; noSave: compare ids only, not the save (ids
// shared by several tokens make the reference's choice of token arbitrary).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = process.env.FASTTOK_REF_DIR || path.join(os.homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(dir, 'node_modules', 'tokenizers'));

function wrap(model) {
  return JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: null, post_processor: null, decoder: null, model });
}

const abc = { a: 0, b: 1, c: 2, ab: 3, bc: 4 };
const cases = [
  // A.4: legacy and tuple merges.
  { name: 'A4_legacy', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] }, words: ['ab', 'aab', 'ba', 'abab'] },
  { name: 'A4_tuple_spaces', model: { type: 'BPE', vocab: { '<unk>': 0, a: 1, 'b c d': 2, 'ab c d': 3 }, merges: [['a', 'b c d']], unk_token: '<unk>' }, words: ['a', 'ab'] },
  { name: 'A4_legacy_three_parts', model: { type: 'BPE', vocab: { a: 0, 'b c': 1, 'ab c': 2 }, merges: ['a b c'] } },
  { name: 'A4_version_line', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['#version: 0.2', 'a b'] }, words: ['ab'] },
  { name: 'A4_version_line_bad', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['#version: 0.2', 'a b', 'c'] } },
  { name: 'A4_mixed', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b', ['a', 'b']] } },
  { name: 'A4_null_merge', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b', null] } },
  { name: 'A4_triple', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: [['a', 'b', 'c']] } },
  { name: 'A4_empty_merges', model: { type: 'BPE', vocab: { a: 0, b: 1 }, merges: [] }, words: ['ab'] },
  { name: 'A4_duplicate_merge', model: { type: 'BPE', vocab: abc, merges: ['a b', 'b c', 'a b'] }, words: ['abc'] },
  // A.5: merges out of vocabulary.
  { name: 'A5_part_oov', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b', 'a x'] } },
  { name: 'A5_first_part_oov', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: [['y', 'x']] } },
  { name: 'A5_concat_oov', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['b a'] } },
  { name: 'A5_prefix_concat', model: { type: 'BPE', vocab: { a: 0, '##b': 1, ab: 2, '##c': 3, abc: 4 }, merges: [['a', '##b'], ['ab', '##c']], continuing_subword_prefix: '##' }, words: ['ab', 'abc', 'ac', 'b'] },
  { name: 'A5_prefix_concat_oov', model: { type: 'BPE', vocab: { a: 0, '##b': 1, 'a##b': 2 }, merges: [['a', '##b']], continuing_subword_prefix: '##' } },
  // A.6
  { name: 'A6_no_space', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['ab'] } },
  // Other load errors and defaults.
  { name: 'missing_merges', model: { type: 'BPE', vocab: { a: 0 } } },
  { name: 'missing_vocab', model: { type: 'BPE', merges: [] } },
  { name: 'null_vocab', model: { type: 'BPE', vocab: null, merges: [] } },
  { name: 'negative_id', model: { type: 'BPE', vocab: { a: -1 }, merges: [] } },
  { name: 'bad_dropout', model: { type: 'BPE', vocab: { a: 0 }, merges: [], dropout: 1.5 } },
  { name: 'bad_fuse_unk', model: { type: 'BPE', vocab: { a: 0 }, merges: [], fuse_unk: 1 } },
  { name: 'nulls', model: { type: 'BPE', vocab: { a: 0 }, merges: [], fuse_unk: null, byte_fallback: null, ignore_merges: null, unk_token: null, dropout: null, continuing_subword_prefix: null, end_of_word_suffix: null }, words: ['a'] },
  { name: 'untyped', model: { vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'], extra: 1 }, words: ['ab'] },
  { name: 'holes_and_dropout_save', model: { type: 'BPE', vocab: { Hi: 0, There: 2, 'a"\\\n\u0001\u2028é': 5 }, merges: [], dropout: 0.1, continuing_subword_prefix: '', end_of_word_suffix: '' }, words: ['Hi'] },
  { name: 'dropout_small', model: { type: 'BPE', vocab: { a: 0 }, merges: [], dropout: 0.000001 } },
  { name: 'dropout_tiny', model: { type: 'BPE', vocab: { a: 0 }, merges: [], dropout: 1.5e-7 } },
  { name: 'dropout_one', model: { type: 'BPE', vocab: { a: 0 }, merges: [], dropout: 1 } },
  { name: 'dropout_zero', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'], dropout: 0 }, words: ['ab'] },
  // G.76: lowest rank first, ties by position.
  { name: 'G76_rank', model: { type: 'BPE', vocab: abc, merges: ['b c', 'a b'] }, words: ['abc', 'abcabc', 'cba'] },
  { name: 'G76_position', model: { type: 'BPE', vocab: { a: 0, aa: 1, aaaa: 2 }, merges: ['a a', 'aa aa'] }, words: ['a', 'aa', 'aaa', 'aaaaa', 'aaaaaaa', 'aaaaaaaaaaaaaaaaaaaaaaaaa'] },
  { name: 'G76_unrelated', model: { type: 'BPE', vocab: { u: 0, n: 1, r: 2, e: 3, l: 4, a: 5, t: 6, d: 7, re: 8, at: 9, ed: 10, un: 11, ated: 12, rel: 13, related: 14, unrelated: 15 },
    merges: ['r e', 'a t', 'e d', 'u n', 'at ed', 're l', 'rel ated', 'un related'] }, words: ['unrelated', 'related', 'relate', 'ed'] },
  // G.77: unknown characters without unk_token are dropped.
  { name: 'G77_drop', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] }, words: ['axb', 'xx', 'axé€b', 'éab'] },
  // G.78: fuse_unk.
  { name: 'G78_fused', model: { type: 'BPE', vocab: { '[UNK]': 0, a: 1, c: 2 }, merges: [], unk_token: '[UNK]', fuse_unk: true }, words: ['axxyc', 'x', 'xé€', 'ax', 'xa'] },
  { name: 'G78_not_fused', model: { type: 'BPE', vocab: { '[UNK]': 0, a: 1, c: 2 }, merges: [], unk_token: '[UNK]', fuse_unk: false }, words: ['axxyc', 'x', 'xé€'] },
  { name: 'G78_unk_missing', model: { type: 'BPE', vocab: { a: 1 }, merges: [], unk_token: '[UNK]' }, words: ['a', 'ab'] },
  // G.79: byte fallback.
  { name: 'G79_byte_fallback', model: { type: 'BPE', vocab: { '<unk>': 0, a: 1, '<0xC3>': 2, '<0xA9>': 3, '<0xE2>': 4, '<0x62>': 5, '<0x0A>': 6 }, merges: [], unk_token: '<unk>', byte_fallback: true },
    words: ['aé', '€', 'a€é', 'b', '\n', 'x', '€b', '€€'] },
  { name: 'G79_byte_fallback_fused', model: { type: 'BPE', vocab: { '<unk>': 0, a: 1, '<0xC3>': 2, '<0xA9>': 3, '<0x62>': 5 }, merges: [], unk_token: '<unk>', byte_fallback: true, fuse_unk: true },
    words: ['€b€', 'x€éa', 'xbx'] },
  { name: 'G79_byte_fallback_no_unk', model: { type: 'BPE', vocab: { a: 1, '<0xC3>': 2, '<0xA9>': 3 }, merges: [], byte_fallback: true }, words: ['aéx€a'] },
  { name: 'G79_byte_fallback_merges', model: { type: 'BPE', vocab: { '<0xC3>': 0, '<0xA9>': 1, '<0xC3><0xA9>': 2, a: 3 }, merges: [['<0xC3>', '<0xA9>']], byte_fallback: true }, words: ['aé'] },
  // G.80: ignore_merges.
  { name: 'G80_ignore', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2, abab: 3, ba: 4 }, merges: ['a b'], ignore_merges: true }, words: ['abab', 'aba', 'ba'] },
  { name: 'G80_no_ignore', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2, abab: 3, ba: 4 }, merges: ['a b'], ignore_merges: false }, words: ['abab', 'ba'] },
  { name: 'G80_ignore_dropout_one', model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2, abab: 3 }, merges: ['a b'], ignore_merges: true, dropout: 1 }, words: ['abab'] },
  { name: 'G80_ignore_suffix', model: { type: 'BPE', vocab: { a: 0, 'b</w>': 1, 'ab</w>': 2, ab: 3 }, merges: [['a', 'b</w>']], ignore_merges: true, end_of_word_suffix: '</w>' }, words: ['ab', 'aab'] },
  // G.81: prefix and suffix.
  { name: 'G81_prefix', model: { type: 'BPE', vocab: { a: 0, '##b': 1, '##c': 2, ab: 3, abc: 4, b: 5, '##a': 6 }, merges: [['a', '##b'], ['ab', '##c']], unk_token: '[UNK]', continuing_subword_prefix: '##' }, words: ['ab', 'abc', 'ba', 'bab'] },
  { name: 'G81_suffix', model: { type: 'BPE', vocab: { h: 0, e: 1, 'y</w>': 2, he: 3, 'hey</w>': 4, 'e</w>': 5, 'h</w>': 6 }, merges: [['h', 'e'], ['he', 'y</w>']], end_of_word_suffix: '</w>' }, words: ['hey', 'he', 'h', 'hh', 'y'] },
  { name: 'G81_prefix_suffix', model: { type: 'BPE', vocab: { a: 0, '##b': 1, '##b</w>': 2, 'a</w>': 3, 'ab</w>': 4, ab: 5, '<unk>': 6 }, merges: [['a', '##b</w>'], ['a', '##b']], continuing_subword_prefix: '##', end_of_word_suffix: '</w>', unk_token: '<unk>' }, words: ['a', 'ab', 'abb', 'ba', 'é'] },
  { name: 'G81_prefix_byte_fallback', model: { type: 'BPE', vocab: { a: 0, '<0x23>': 1, '<0x62>': 2, '<0xC3>': 3, '<0xA9>': 4 }, merges: [], continuing_subword_prefix: '#', byte_fallback: true }, words: ['ab', 'aé', 'b'], idsOnly: true },
  // A pair that changed but makes the same id as the queued one (here through ids shared by two
  // tokens) is merged when the queued entry pops: the reference compares new ids only.
  { name: 'stale_same_id', model: { type: 'BPE', vocab: { a: 0, b: 1, c: 2, d: 3, ab: 5, abc: 5, bc: 6, bcd: 7 },
    merges: ['b c', 'a b', 'bc d', 'a bc'] }, words: ['abcd', 'abc', 'bcd'], idsOnly: true, noSave: true },
  { name: 'G81_empty_prefix_suffix', model: { type: 'BPE', vocab: abc, merges: ['a b', 'b c'], continuing_subword_prefix: '', end_of_word_suffix: '' }, words: ['abc'] },
];

const out = [];
for (const c of cases) {
  const rec = { name: c.name, model: c.model };
  if (c.idsOnly) rec.idsOnly = true;
  if (c.noSave) rec.noSave = true;
  let tok;
  try {
    tok = Tokenizer.fromString(wrap(c.model));
  } catch (e) {
    rec.loadError = String(e.message || e);
    out.push(rec);
    continue;
  }
  const tmp = path.join(os.tmpdir(), 'bpe-save-' + process.pid + '.json');
  tok.save(tmp, false);
  const saved = fs.readFileSync(tmp, 'utf8');
  fs.unlinkSync(tmp);
  const i = saved.indexOf('"model":');
  rec.saved = saved.slice(i + 8, saved.length - 1);
  rec.results = [];
  out.push({ rec, tok, words: c.words || [] });
}

(async () => {
  const final = [];
  for (const o of out) {
    if (!o.rec) { final.push(o); continue; }
    for (const w of o.words) {
      try {
        const e = await o.tok.encode(w, null, { addSpecialTokens: false });
        const r = { word: w, ids: e.getIds(), tokens: e.getTokens(), offsets: e.getOffsets() };
        if (o.rec.noSave) delete r.tokens; // shared ids: the reference's token strings are arbitrary
        o.rec.results.push(r);
      } catch (err) {
        o.rec.results.push({ word: w, error: String(err.message || err) });
      }
    }
    final.push(o.rec);
  }
  process.stdout.write('[\n' + final.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n');
})();
