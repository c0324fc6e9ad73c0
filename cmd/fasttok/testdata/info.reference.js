// Writes, for each tokenizer given as NAME=PATH (a tokenizer.json, plain or .gz), what
// `fasttok info --json` must say of it, from the reference (tokenizers' Node binding):
// its vocabulary sizes, and the sections of its re-serialization (Tokenizer.save) with
// each value longer than 1024 bytes (compact JSON) left out and its size (entries of an
// array or object, characters of a string) put in "omitted".
//
//   node testdata/info.reference.js embedded=gpt2.json.gz \
//     NAME=$FASTTOK_SHARED/assets/tokenizers/NAME.json.gz ... > testdata/info.reference.json
const fs = require('fs'), os = require('os'), path = require('path'), zlib = require('zlib');
const { Tokenizer } = require(path.join(process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref', 'node_modules/tokenizers'));

function size(v) {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  return -1;
}

const childKeys = ['normalizers', 'pretokenizers', 'processors', 'decoders'];

function component(c) {
  if (c === null || c === undefined) return null;
  const out = {}, omitted = {};
  let n = 0;
  for (const [k, v] of Object.entries(c)) {
    if (childKeys.includes(k) && Array.isArray(v)) {
      out[k] = v.map(component);
    } else if (Buffer.byteLength(JSON.stringify(v)) > 1024) {
      omitted[k] = size(v);
      n++;
    } else {
      out[k] = v;
    }
  }
  if (n > 0) out.omitted = omitted;
  return out;
}

const result = {};
const tmp = path.join(os.tmpdir(), `info-reference-${process.pid}.json`);
for (const arg of process.argv.slice(2)) {
  const [name, file] = arg.split('=');
  let data = fs.readFileSync(file);
  if (file.endsWith('.gz')) data = zlib.gunzipSync(data);
  const t = Tokenizer.fromString(data.toString('utf8'));
  t.save(tmp, false);
  const saved = JSON.parse(fs.readFileSync(tmp, 'utf8'));
  const added = saved.added_tokens || [];
  result[name] = {
    model: component(saved.model),
    vocab_size: t.getVocabSize(false),
    vocab_size_with_added: t.getVocabSize(true),
    normalizer: component(saved.normalizer),
    pre_tokenizer: component(saved.pre_tokenizer),
    post_processor: component(saved.post_processor),
    decoder: component(saved.decoder),
    added_tokens: { count: added.length, special: added.filter(a => a.special).length, tokens: added },
    truncation: saved.truncation,
    padding: saved.padding,
  };
}
fs.unlinkSync(tmp);
// One line per tokenizer.
console.log('{\n' + Object.entries(result).map(([k, v]) => JSON.stringify(k) + ': ' + JSON.stringify(v)).join(',\n') + '\n}');
