#!/usr/bin/env node
// Prints, for each tokenizer.json given, the SHA-256 of the reference's compact save
// (Tokenizer.fromString(file).save(tmp, false)) as JSON Lines {"name", "sha256", "bytes"}.
// Used to make testdata/save/reference-save.jsonl:
//   FASTTOK_REF_DIR=... node testdata/save-hashes.js ../shared/assets/tokenizers/*.json.gz > testdata/save/reference-save.jsonl
'use strict';
const fs = require('fs'), zlib = require('zlib'), crypto = require('crypto'), path = require('path'), os = require('os');
const dir = process.env.FASTTOK_REF_DIR || path.join(os.homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(dir, 'node_modules', 'tokenizers'));
const tmp = path.join(os.tmpdir(), 'fasttok-save-' + process.pid + '.json');
for (const f of process.argv.slice(2)) {
  let b = fs.readFileSync(f);
  if (f.endsWith('.gz')) b = zlib.gunzipSync(b);
  Tokenizer.fromString(b.toString('utf8')).save(tmp, false);
  const out = fs.readFileSync(tmp);
  console.log(JSON.stringify({ name: path.basename(f).replace(/\.json(\.gz)?$/, ''), sha256: crypto.createHash('sha256').update(out).digest('hex'), bytes: out.length }));
}
fs.rmSync(tmp, { force: true });
