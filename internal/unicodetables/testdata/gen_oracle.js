// Sweeps every code point through the reference (tokenizers 0.23.2 Node binding) and
// writes the sets that internal/unicodetables must reproduce, as [lo, hi] ranges.
// Run: node gen_oracle.js > oracle_sets.json   (FASTTOK_REF_DIR=/root/.cache/fasttok-ref)
const ref = (process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref') + '/node_modules/tokenizers';
const t = require(ref);
const CH = 8192;
function chunks(skip) {
  const out = [];
  for (let base = 0; base < 0x110000; base += CH) {
    const cps = [];
    for (let c = base; c < base + CH && c < 0x110000; c++) {
      if ((c >= 0xD800 && c <= 0xDFFF) || skip(c)) continue;
      cps.push(c);
    }
    out.push(cps);
  }
  return out;
}
function ranges(list) {
  list.sort((a, b) => a - b);
  const r = [];
  for (const c of list) {
    if (r.length && r[r.length - 1][1] + 1 === c) r[r.length - 1][1] = c;
    else r.push([c, c]);
  }
  return r;
}
// BertPreTokenizer: "a" between chars; a punctuation char becomes its own piece,
// whitespace disappears.
const punct = [], ws = [];
const bpt = t.bertPreTokenizer();
for (const cps of chunks(c => c === 0x61)) {
  const s = 'a' + cps.map(c => String.fromCodePoint(c)).join('a') + 'a';
  const arr = [...s];
  const covered = new Uint8Array(arr.length);
  for (const [piece, [st, en]] of bpt.preTokenizeString(s)) {
    for (let i = st; i < en; i++) covered[i] = 1;
    const p = [...piece];
    if (p.length === 1 && p[0] !== 'a') punct.push(p[0].codePointAt(0));
  }
  for (let i = 0; i < arr.length; i++) if (!covered[i]) ws.push(arr[i].codePointAt(0));
}
// Digits pre-tokenizer with individual digits: each char::is_numeric char is a piece.
const numeric = [];
const dpt = t.digitsPreTokenizer(true);
for (const cps of chunks(c => c === 0x61)) {
  const s = 'a' + cps.map(c => String.fromCodePoint(c)).join('a') + 'a';
  for (const [piece] of dpt.preTokenizeString(s)) {
    const p = [...piece];
    if (p.length === 1 && p[0] !== 'a') numeric.push(p[0].codePointAt(0));
  }
}
// Per-character normalizers: chars separated by "a"; record removed and mapped-to-space.
function sweep(n) {
  const removed = [], space = [];
  for (const cps of chunks(c => c === 0x61)) {
    const s = 'a' + cps.map(c => String.fromCodePoint(c)).join('a') + 'a';
    const parts = n.normalizeString(s).slice(1, -1).split('a');
    if (parts.length !== cps.length) throw new Error('length mismatch');
    for (let i = 0; i < cps.length; i++) {
      if (parts[i] === '') removed.push(cps[i]);
      else if (parts[i] === ' ' && cps[i] !== 0x20) space.push(cps[i]);
    }
  }
  return { removed, space };
}
const clean = sweep(t.bertNormalizer({ cleanText: true, handleChineseChars: false, stripAccents: false, lowercase: false }));
const strip = sweep(t.stripAccentsNormalizer());
console.log(JSON.stringify({
  bert_punctuation: ranges(punct),
  bert_pretok_whitespace: ranges(ws),
  rust_numeric: ranges(numeric),
  bert_clean_removed: ranges(clean.removed),
  bert_clean_space: ranges(clean.space),
  strip_accents_removed: ranges(strip.removed),
}));
