const { Tokenizer } = require('/root/.cache/fasttok-ref/node_modules/tokenizers');
const model = require('fs').readFileSync(0, 'utf8');
const t = Tokenizer.fromString('{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":' + model + '}');
const fs=require('fs'); t.save('/tmp/_ser.json', false);
const s = fs.readFileSync('/tmp/_ser.json','utf8');
const i = s.indexOf('"model":'); console.log(s.slice(i+8, -1));
