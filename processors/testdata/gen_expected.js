#!/usr/bin/env node
// Runs each case line of stdin through the reference (Hugging Face tokenizers 0.23.2,
// Node binding) and prints it extended with the reference's results. A case is
//   {"post_processor": <json>, "pre_tokenizer": <json, default WhitespaceSplit>,
//    "text": "...", "pair": "..." (optional), "special": bool (default true),
//    "truncate": [maxLen, stride] (optional, applied to each sequence's encoding)}
// Each sequence is encoded alone, without post-processor nor special tokens, by a tokenizer
// whose WordLevel vocabulary holds its pre-tokens (ids in order of appearance), then
// truncated with Encoding.truncate if asked: these are "input_a"/"input_b". A tokenizer with
// the post-processor then runs postProcess(a, b, special): its result is "output", and its
// save gives "saved". A load or processing error gives "error". Encodings are dumped with
// ids, type_ids, tokens, offsets (characters), word_ids, special_tokens_mask,
// attention_mask, sequence_ids and overflowing. Usage (see README.md):
//   FASTTOK_REF_DIR=/root/.cache/fasttok-ref node gen_expected.js < process_cases.in.jsonl > process_cases.jsonl
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const {Tokenizer} = require(path.join(process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref', 'node_modules', 'tokenizers'));
const tmp = path.join(os.tmpdir(), `gen_expected_pp_${process.pid}.json`);

function tokenizerJSON(vocab, preTokenizer, postProcessor) {
  return JSON.stringify({version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: preTokenizer, post_processor: postProcessor, decoder: null,
    model: {type: 'WordLevel', vocab, unk_token: '<unk>'}});
}

function dump(e) {
  return {ids: e.getIds(), type_ids: e.getTypeIds(), tokens: e.getTokens(), offsets: e.getOffsets(),
    word_ids: e.getWordIds(), special_tokens_mask: e.getSpecialTokensMask(),
    attention_mask: e.getAttentionMask(), sequence_ids: e.getSequenceIds(),
    overflowing: e.getOverflowing().map(dump)};
}

(async () => {
  const lines = fs.readFileSync(0, 'utf8').split('\n').filter(l => l.trim());
  for (const l of lines) {
    const rec = JSON.parse(l);
    const pre = rec.pre_tokenizer || {type: 'WhitespaceSplit'};
    try {
      const probe = Tokenizer.fromString(tokenizerJSON({'<unk>': 0}, pre, null));
      const vocab = {'<unk>': 0};
      for (const s of [rec.text, rec.pair]) {
        if (s === undefined) continue;
        for (const [piece] of probe.getPreTokenizer().preTokenizeString(s)) {
          if (!(piece in vocab)) vocab[piece] = Object.keys(vocab).length;
        }
      }
      const plain = Tokenizer.fromString(tokenizerJSON(vocab, pre, null));
      const encode = async s => {
        const e = await plain.encode(s, null, {addSpecialTokens: false});
        if (rec.truncate) e.truncate(rec.truncate[0], rec.truncate[1]);
        return e;
      };
      const tok = Tokenizer.fromString(tokenizerJSON(vocab, pre, rec.post_processor));
      tok.save(tmp);
      rec.saved = JSON.parse(fs.readFileSync(tmp, 'utf8')).post_processor;
      if (rec.text !== undefined) {
        const a = await encode(rec.text);
        const b = rec.pair === undefined ? null : await encode(rec.pair);
        rec.input_a = dump(a);
        if (b) rec.input_b = dump(b);
        rec.output = dump(tok.postProcess(a, b, rec.special !== false));
      }
    } catch (e) {
      rec.error = String(e.message || e).replace(/ at line \d+ column \d+$/, '');
    }
    console.log(JSON.stringify(rec));
  }
  try { fs.unlinkSync(tmp); } catch (_) { /* none */ }
})();
