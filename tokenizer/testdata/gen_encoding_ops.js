// Generates encoding_ops.json: Encoding.truncate / mergeEncodings / pad results of the
// reference (Node binding) on encodings of a WordLevel tokenizer (one token per
// letter, WhitespaceSplit). Run: node gen_encoding_ops.js > encoding_ops.json
const dir = process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref';
const { Tokenizer, mergeEncodings } = require(dir + '/node_modules/tokenizers');
const vocab = {};
'abcdefghijklmnopqrstuvwxyz'.split('').forEach((c, i) => { vocab[c] = i; });
const tok = Tokenizer.fromString(JSON.stringify({
  version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
  pre_tokenizer: { type: 'WhitespaceSplit' }, post_processor: null, decoder: null,
  model: { type: 'WordLevel', vocab, unk_token: 'a' },
}));
const dump = (e) => ({
  ids: e.getIds(), type_ids: e.getTypeIds(), tokens: e.getTokens(), offsets: e.getOffsets(),
  word_ids: e.getWordIds().map((w) => (w === null || w === undefined ? -1 : w)),
  special_tokens_mask: e.getSpecialTokensMask(), attention_mask: e.getAttentionMask(),
  sequence_ids: e.getSequenceIds().map((w) => (w === null || w === undefined ? -1 : w)),
  overflowing: e.getOverflowing().map(dump),
});
const enc = async (s) => tok.encode(s);
(async () => {
  const out = { truncate: [], merge: [] };
  const A = 'a b c d e f g';
  for (let max = 0; max <= 8; max++) {
    for (let stride = 0; stride < Math.max(max, 1); stride++) {
      for (const dir of ['right', 'left']) {
        const e = await enc(A);
        e.truncate(max, stride, dir);
        out.truncate.push({ text: A, max, stride, dir, got: dump(e) });
      }
    }
  }
  const cases = [
    { a: 'a b c', at: [2, 0, 'right'], b: 'd e', bt: [1, 0, 'right'], grow: false },
    { a: 'a b c d e', at: [3, 1, 'right'], b: 'f g h', bt: [2, 1, 'left'], grow: true },
    { a: 'a b c d', at: [2, 0, 'left'], b: 'e f g', bt: null, grow: true },
    { a: 'a b', at: null, b: 'c d e', bt: [2, 0, 'right'], grow: true },
  ];
  for (const c of cases) {
    const a = await enc(c.a), b = await enc(c.b);
    if (c.at) a.truncate(...c.at);
    if (c.bt) b.truncate(...c.bt);
    const m = mergeEncodings([a, b], c.grow);
    const merged = dump(m);
    m.pad(7, { direction: 'left', padId: 9, padTypeId: 2, padToken: '<p>' });
    const paddedLeft = dump(m);
    m.pad(9, { direction: 'right', padId: 8, padTypeId: 3, padToken: '<q>' });
    out.merge.push({ ...c, merged, padded_left: paddedLeft, padded_right: dump(m) });
  }
  console.log(JSON.stringify(out));
})();
