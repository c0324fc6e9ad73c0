// Generates rust_lowercase.json: for every Unicode scalar value c (but U+0001, used
// as a separator) whose lowercase by the reference's Lowercase normalizer (Rust's
// char::to_lowercase) differs from c, the pair [code point, lowercase string].
// Run: node gen_lowercase.js > rust_lowercase.json   (FASTTOK_REF_DIR=/root/.cache/fasttok-ref)
const dir = process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref';
const { lowercase } = require(dir + '/node_modules/tokenizers');
const n = lowercase();
const sep = '\u0001';
const diffs = [];
for (let lo = 0; lo < 0x110000; lo += 0x10000) {
  const chars = [];
  for (let cp = lo; cp < lo + 0x10000; cp++) {
    if ((cp >= 0xd800 && cp < 0xe000) || cp === 1) continue;
    chars.push(String.fromCodePoint(cp));
  }
  const res = n.normalizeString(chars.join(sep)).split(sep);
  if (res.length !== chars.length) throw new Error('misaligned');
  for (let i = 0; i < chars.length; i++) {
    if (res[i] !== chars[i]) diffs.push([chars[i].codePointAt(0), res[i]]);
  }
}
console.log(JSON.stringify(diffs));
