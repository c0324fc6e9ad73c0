// For every tokenizer of $FASTTOK_SHARED/assets/tokenizers with a normalizer, runs that
// normalizer (alone, before a BPE model whose vocab is only [UNK], so each normalized
// character is one token) on every text and pair of assets/texts/{smoke,corpus,
// speed-multi}.jsonl and records, per text, the first 8 hex digits of the SHA-256 of
// `normalized + "\0" + "s,e;" for each character's offsets` (character offsets).
// Run: FASTTOK_SHARED=/work/shared node gen_assets.js | gzip -9 > assets.json.gz
const ref = (process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref') + '/node_modules/tokenizers';
const { Tokenizer } = require(ref);
const fs = require('fs'), zlib = require('zlib'), crypto = require('crypto'), path = require('path');
const shared = process.env.FASTTOK_SHARED || '/work/shared';
const dir = path.join(shared, 'assets/tokenizers');
const texts = [];
for (const f of ['smoke', 'corpus', 'speed-multi']) {
  for (const line of fs.readFileSync(path.join(shared, 'assets/texts', f + '.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    texts.push(r.text);
    if (typeof r.pair === 'string') texts.push(r.pair);
  }
}
(async () => {
  const out = { texts: texts.length, tokenizers: {} };
  for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.json.gz')).sort()) {
    const nj = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8')).normalizer;
    if (!nj) continue;
    const tok = Tokenizer.fromString(JSON.stringify({
      version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: nj, pre_tokenizer: null,
      post_processor: null, decoder: null,
      model: { type: 'BPE', dropout: null, unk_token: '[UNK]', continuing_subword_prefix: null, end_of_word_suffix: null,
        fuse_unk: false, byte_fallback: false, vocab: { '[UNK]': 0 }, merges: [] },
    }));
    const norm = tok.getNormalizer();
    const hashes = [];
    for (const t of texts) {
      const enc = await tok.encode(t);
      const s = norm.normalizeString(t) + '\0' + enc.getOffsets().map(([a, b]) => a + ',' + b + ';').join('');
      hashes.push(crypto.createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 8));
    }
    out.tokenizers[f.replace(/\.json\.gz$/, '')] = hashes;
  }
  console.log(JSON.stringify(out));
})();
