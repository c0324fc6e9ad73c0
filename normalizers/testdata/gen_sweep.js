// Sweeps every Unicode scalar value through the reference's NFC, NFD, NFKC and NFKD
// (tokenizers 0.23.2 Node binding), 8192 code points per call separated by U+0001,
// and writes the code points whose normalization differs from themselves:
// {"nfc": [[cp, normalized], ...], "nfd": ..., "nfkc": ..., "nfkd": ...}.
// Run: node gen_sweep.js | gzip -9 > sweep.json.gz   (FASTTOK_REF_DIR=/root/.cache/fasttok-ref)
const ref = (process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref') + '/node_modules/tokenizers';
const t = require(ref);
const forms = { nfc: t.nfcNormalizer(), nfd: t.nfdNormalizer(), nfkc: t.nfkcNormalizer(), nfkd: t.nfkdNormalizer() };
const CH = 8192;
const out = {};
for (const [k, n] of Object.entries(forms)) {
  const res = [];
  for (let base = 0; base < 0x110000; base += CH) {
    const cps = [];
    for (let c = base; c < base + CH && c < 0x110000; c++) {
      if ((c >= 0xD800 && c <= 0xDFFF) || c === 1) continue;
      cps.push(c);
    }
    const parts = n.normalizeString(cps.map(c => String.fromCodePoint(c)).join('\u0001')).split('\u0001');
    if (parts.length !== cps.length) throw new Error('length mismatch at ' + base);
    for (let i = 0; i < cps.length; i++) if (parts[i] !== String.fromCodePoint(cps[i])) res.push([cps[i], parts[i]]);
  }
  out[k] = res;
}
console.log(JSON.stringify(out));
