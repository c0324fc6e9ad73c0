#!/usr/bin/env node
// Reads JSON lines {"pattern", "input"} on stdin and prints, for each, the REFERENCE's
// (npm tokenizers@0.23.2) Split pieces as UTF-8 byte offsets: {"isolated": [...], "removed": [...]}
// or {"error": "..."}. Used by TestReferenceDiff (FASTTOK_REF_DIFF=1).
const path = require('path');
const dir = process.env.FASTTOK_REF_DIR || path.join(require('os').homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(dir, 'node_modules', 'tokenizers'));
function mk(p, behavior) {
  return Tokenizer.fromString(JSON.stringify({version:'1.0',truncation:null,padding:null,added_tokens:[],normalizer:null,
    pre_tokenizer:{type:'Split',pattern:{Regex:p},behavior,invert:false},post_processor:null,decoder:null,
    model:{type:'WordLevel',vocab:{'[UNK]':0},unk_token:'[UNK]'}})).getPreTokenizer();
}
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(Boolean);
const out = [];
for (const l of lines) {
  const { pattern, input } = JSON.parse(l);
  let iso, rem;
  try { iso = mk(pattern, 'Isolated'); rem = mk(pattern, 'Removed'); } catch (e) {
    out.push(JSON.stringify({ error: String(e.message || e) })); continue;
  }
  const map = [0];
  let b = 0;
  for (const c of Array.from(input)) { b += Buffer.byteLength(c, 'utf8'); map.push(b); }
  const conv = (res) => res.map(([, [a, z]]) => [map[a], map[z]]);
  out.push(JSON.stringify({ isolated: conv(iso.preTokenizeString(input)), removed: conv(rem.preTokenizeString(input)) }));
}
process.stdout.write(out.join('\n') + '\n');
