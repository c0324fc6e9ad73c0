// Composition/reordering stress test: every combining mark (\p{M} of node's Unicode
// data), Hangul vowel/trailing jamo and starter that composes with a preceding starter,
// after each base of a list, in three patterns (B+M, B+M+U+0301, B+U+0316+M). Writes
// pairs.json: the bases, the marks, and for each normalization form the SHA-256 of each
// chunk of the reference's normalized output (strings of a chunk joined by U+0001).
// Run: node gen_pairs.js > pairs.json   (FASTTOK_REF_DIR=/root/.cache/fasttok-ref)
const ref = (process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref') + '/node_modules/tokenizers';
const t = require(ref);
const crypto = require('crypto');
const bases = [...'aAeEoOuUiInNcCsSwWyYzZ', 'Å', 'ü', 'ǖ', 'ᄀ', '가', '각', 'ﬁ', 'Ω', 'α', 'ι', 'ω', 'и', 'ק', 'ا',
  'क', 'ক', 'க', 'ତ', 'ಕ', 'ക', 'ක', 'ཀ', 'က', 'ᬅ', 'か', 'カ', '\u0b47', '\u0bc6', '\u0cc6', '\u0d46', '\u0dd9',
  '\u1025', '\u1b05', '\u{11099}', '\u{11131}', '\u{11347}', '\u{114b9}', '\u{115b8}', '\u{1d157}', '\u{1d1b9}',
  '\u{1fbf0}', '\u0000', ' '];
const marks = [];
for (let c = 0; c < 0x110000; c++) {
  if (c >= 0xD800 && c <= 0xDFFF) continue;
  const s = String.fromCodePoint(c);
  if (/\p{M}/u.test(s) || (c >= 0x1161 && c <= 0x1175) || (c >= 0x11A7 && c <= 0x11C2)) marks.push(c);
}
const strings = [];
for (const b of bases) for (const m of marks) {
  const M = String.fromCodePoint(m);
  strings.push(b + M, b + M + '\u0301', b + '\u0316' + M);
}
const CH = 4096;
const forms = { nfc: t.nfcNormalizer(), nfd: t.nfdNormalizer(), nfkc: t.nfkcNormalizer(), nfkd: t.nfkdNormalizer() };
const hashes = {};
for (const [k, n] of Object.entries(forms)) {
  hashes[k] = [];
  for (let i = 0; i < strings.length; i += CH) {
    const out = n.normalizeString(strings.slice(i, i + CH).join('\u0001'));
    hashes[k].push(crypto.createHash('sha256').update(out, 'utf8').digest('hex').slice(0, 16));
  }
}
console.log(JSON.stringify({ bases, marks, chunk: CH, hashes }));
