// Generates cases.jsonl: for each kind of field and raw JSON value, the reference's
// (tokenizers 0.23.2, through its Node binding) message when it loads a tokenizer.json
// whose component has that value in a field of that kind, or null when it accepts it.
// Run: FASTTOK_REF_DIR=/root/.cache/fasttok-ref node gen.js > cases.jsonl
const ref = (process.env.FASTTOK_REF_DIR || '/root/.cache/fasttok-ref') + '/node_modules/tokenizers';
const { Tokenizer } = require(ref);
// kind: [slot, component JSON with V where the value goes]
const kinds = {
  bool: ['normalizer', '{"type":"Strip","strip_left":V,"strip_right":true}'],
  string: ['normalizer', '{"type":"Prepend","prepend":V}'],
  sequence: ['normalizer', '{"type":"Sequence","normalizers":V}'],
  option_bool: ['decoder', '{"type":"Metaspace","replacement":"▁","split":V}'],
  char: ['decoder', '{"type":"Metaspace","replacement":V}'],
  usize: ['decoder', '{"type":"Strip","content":" ","start":V,"stop":0}'],
  // Split, not Punctuation: Punctuation's behavior also takes {"Isolated": {}} (serde's
  // ContentDeserializer reads an empty map as unit), Split's and Metaspace's do not.
  // Replace's and Split's patterns: the reference reads them alike.
  pattern: ['normalizer', '{"type":"Replace","pattern":V,"content":"b"}'],
  behavior: ['pre_tokenizer', '{"type":"Split","pattern":{"String":"a"},"behavior":V,"invert":false}'],
};
const values = {
  bool: ['true', 'false', '5', '-5', '0', '1.5', '1e20', '1E1', '100e-2', '-0', '-0.0', '0.1', '1e-7',
    '123456789.125', '18446744073709551615', '18446744073709551616', '-9223372036854775808', '-9223372036854775809',
    '"yes"', '""', '"a\\u0001é\\n\\t\\r\\"\\\\\\u007f\\u00a0\\u200b\\ud7ff\\u0000"', '"e\\u0301x"', '"\\u00ad\\ufeff\\ue000\\u3000 \\u0085😀"',
    '[]', '[1]', '{}', '{"a":1}', 'null'],
  string: ['"x"', '3', '[]', '{}', 'null', 'true'],
  sequence: ['[]', '{}', '"x"', '5', 'null'],
  option_bool: ['true', 'null', '5', '"x"', '[]', '{}', '1.5'],
  char: ['"▁"', '"a"', '"😀"', '"ab"', '""', '"e\\u0301"', '5', 'null', '[]', '{}', 'true'],
  usize: ['0', '1', '2.0', '1e0', '2.5', '0.0', '-0', '-0.0', '1E1', '100e-2', '-1', '"1"', 'null', 'true', '[]', '{}',
    '9223372036854775808', '18446744073709551615', '18446744073709551616', '-9223372036854775809', '1e20'],
  pattern: ['{"String":"a"}', '{"Regex":"a+"}', '{"String":""}', '"String"', '"Regex"', '"x"', '5', 'null', '[]', '["String","a"]',
    '{}', '{"String":"a","Regex":"b"}', '{"Str":"a"}', '{"String":null}', '{"String":5}', '{"Regex":[]}', '{"Regex":{}}', 'true', '1.5'],
  behavior: ['"Isolated"', '"Removed"', '"isolated"', '{"Isolated":null}', '{"Contiguous":null}', '{"Isolated":5}', '{"Isolated":{}}', '{"Isolated":[]}', '{"Isolated":false}',
    '{"x":null}', '{}', '{"Isolated":null,"Removed":null}', '5', '[]', 'null', 'true'],
};
for (const [kind, [slot, tmpl]] of Object.entries(kinds)) {
  for (const v of values[kind]) {
    const comp = tmpl.replace('V', v);
    const sec = (s) => (s === slot ? comp : 'null');
    const tj = `{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":${sec('normalizer')},` +
      `"pre_tokenizer":${sec('pre_tokenizer')},"post_processor":null,"decoder":${sec('decoder')},` +
      '"model":{"type":"WordLevel","vocab":{"[UNK]":0},"unk_token":"[UNK]"}}';
    let error = null;
    try { Tokenizer.fromString(tj); } catch (e) { error = e.message.replace(/ at line \d+ column \d+$/, ''); }
    console.log(JSON.stringify({ kind, value: v, error }));
  }
}
