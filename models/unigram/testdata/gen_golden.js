// Generates the golden hashes that the fasttok model and Precompiled tests compare with:
// one line per input text (smoke.jsonl then corpus.jsonl, text then pair), the first 16
// hex digits of the SHA-256 of the reference's output in a canonical form.
//
//   FASTTOK_SHARED=/work/shared node gen_golden.js model NAME VARIANT > NAME.VARIANT.golden
//   FASTTOK_SHARED=/work/shared node gen_golden.js precompiled NAME > NAME.golden
//   FASTTOK_SHARED=/work/shared node gen_golden.js save NAME > NAME.save.golden
//
// model: the model section of tokenizers/NAME.json.gz alone behind a WhitespaceSplit
// pre-tokenizer (no normalizer, no post-processor), on the text transformed by VARIANT
// (raw: as is; lower: A-Z lowercased; meta: "▁" prepended and every " " replaced by
// " ▁"); canonical form: "id\ttoken\tstart\tend\n" per token, offsets in characters.
// precompiled: the Precompiled normalizer of NAME alone; canonical form: the normalized
// text, "\0", then "start,end;" per normalized character (its original character range,
// from a Split on every character and a WordLevel model that makes each one [UNK]).
// save: one line, the hash of the model section as the reference saves it (compact).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const ref = process.env.FASTTOK_REF_DIR || path.join(require('os').homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'));

const shared = process.env.FASTTOK_SHARED;
const [mode, name, variant] = process.argv.slice(2);
const tj = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(shared, 'assets/tokenizers', name + '.json.gz'))).toString('utf8'));

function texts() {
  const out = [];
  for (const f of ['smoke.jsonl', 'corpus.jsonl']) {
    for (const line of fs.readFileSync(path.join(shared, 'assets/texts', f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line);
      out.push(r.text);
      if (r.pair != null) out.push(r.pair);
    }
  }
  return out;
}

function transform(s) {
  if (variant === 'lower') return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (variant === 'meta') return '\u2581' + s.split(' ').join(' \u2581');
  return s;
}

function findPrecompiled(n) {
  if (!n) return null;
  if (n.type === 'Precompiled') return n;
  for (const c of n.normalizers || []) { const p = findPrecompiled(c); if (p) return p; }
  return null;
}

function build(normalizer, preTokenizer, model) {
  return Tokenizer.fromString(JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [],
    normalizer, pre_tokenizer: preTokenizer, post_processor: null, decoder: null, model }));
}

const hash = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 16);

(async () => {
  if (mode === 'save') {
    const tmp = path.join(require('os').tmpdir(), `gen_golden_${process.pid}.json`);
    build(null, null, tj.model).save(tmp, false);
    const saved = fs.readFileSync(tmp, 'utf8');
    fs.unlinkSync(tmp);
    const prefix = '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,' +
      '"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":';
    if (!saved.startsWith(prefix) || !saved.endsWith('}')) throw new Error('unexpected save layout');
    process.stdout.write(hash(saved.slice(prefix.length, -1)) + '\n');
    return;
  }
  let tok;
  if (mode === 'model') {
    tok = build(null, { type: 'WhitespaceSplit' }, tj.model);
  } else {
    tok = build(findPrecompiled(tj.normalizer), { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false },
      { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' });
  }
  const norm = tok.getNormalizer();
  const lines = [];
  for (const t of texts()) {
    let canon = '';
    try {
      if (mode === 'model') {
        const text = transform(t);
        const e = await tok.encode(text, null, { addSpecialTokens: false });
        const ids = e.getIds(), toks = e.getTokens(), offs = e.getOffsets();
        for (let i = 0; i < ids.length; i++) canon += `${ids[i]}\t${toks[i]}\t${offs[i][0]}\t${offs[i][1]}\n`;
      } else {
        canon = norm.normalizeString(t) + '\0';
        const e = await tok.encode(t, null, { addSpecialTokens: false });
        for (const o of e.getOffsets()) canon += `${o[0]},${o[1]};`;
      }
      lines.push(hash(canon));
    } catch (err) {
      lines.push('error ' + String(err.message || err).split('\n')[0]);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
})();
