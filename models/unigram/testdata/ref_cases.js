const { Tokenizer } = require('/root/.cache/fasttok-ref/node_modules/tokenizers');
function mk(model){ return JSON.stringify({version:"1.0",truncation:null,padding:null,added_tokens:[],normalizer:null,pre_tokenizer:{type:"WhitespaceSplit"},post_processor:null,decoder:null,model}); }
(async()=>{
const cases = [
 [{type:"Unigram",unk_id:0,vocab:[["<unk>",0],["a",-1],["b",-1],["ab",-1.5]],byte_fallback:false}, "abxxa"],
 [{type:"Unigram",unk_id:0,vocab:[["<unk>",0],["a",-1],["<0x78>",-1]],byte_fallback:true}, "axy axa"],
 [{type:"Unigram",unk_id:null,vocab:[["a",-1]],byte_fallback:false}, "aa"],
 [{type:"Unigram",unk_id:null,vocab:[["a",-1]],byte_fallback:false}, "ab"],
 [{type:"Unigram",unk_id:0,vocab:[["<unk>",0],["a",-1],["<unk>",-2]],byte_fallback:false}, "a<unk>x"],
 [{type:"Unigram",unk_id:0,vocab:[["<unk>",30],["xy",30],["z",30]],byte_fallback:false}, "xy x yz"],
];
for (const [m, text] of cases) {
  try { const t = Tokenizer.fromString(mk(m)); const e = await t.encode(text);
   console.log(JSON.stringify(text), JSON.stringify(e.getTokens()), JSON.stringify(e.getIds()), JSON.stringify(e.getOffsets()));
  } catch(e) { console.log(JSON.stringify(text), "ERR", e.message); }
}
const t = Tokenizer.fromString(mk({"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["a",-0.5],["b\"\u2028\n\u0001",-1.2345678901234567e-7],["c",1e16],["d",123456789012345.6],["e",-3.0],["f",0.00001],["g",0.000001],["h",-1e-5],["i",1.5e300],["j",-0]],"byte_fallback":true}));
console.log(JSON.stringify(JSON.parse(t.toString()).model));
})();
