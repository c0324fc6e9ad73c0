#!/usr/bin/env node
// Generates edge_cases.jsonl: Oniguruma translation edge cases run through the REFERENCE
// (npm tokenizers@0.23.2, Split pre-tokenizer) with behaviors Isolated and Removed.
// Usage (from this directory):
//   FASTTOK_REF_DIR=/root/.cache/fasttok-ref node gen_edge.js > edge_cases.jsonl
// Each line: {"pattern", "input", "isolated": [[start,end],...], "removed": [[start,end],...]}
// with UTF-8 byte offsets, or {"pattern", "error"} when the reference rejects the pattern.
const path = require('path');
const dir = process.env.FASTTOK_REF_DIR || path.join(require('os').homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(dir, 'node_modules', 'tokenizers'));
function mk(p, behavior) {
  return Tokenizer.fromString(JSON.stringify({version:'1.0',truncation:null,padding:null,added_tokens:[],normalizer:null,
    pre_tokenizer:{type:'Split',pattern:{Regex:p},behavior,invert:false},post_processor:null,decoder:null,
    model:{type:'WordLevel',vocab:{'[UNK]':0},unk_token:'[UNK]'}})).getPreTokenizer();
}
const R = String.raw;
const INPUTS = [
  "aaa bab  a", "Hello World foo_bar 123 x", "s S ſ k K K ss ß ẞ", "ab\ncd\r\nef\n", "\nx\n\n",
  "0xDEADbeef g12", "a-b~c#d&e", "ééé e\u0301 \u{1F600}\u{1F44D}\u{1F3FD} 🇫🇷 \u{1F468}\u200d\u{1F469}", "aaaa", "abcabc", "", "(a)[b]{c}",
  "\u0661\u0662 ١٢ ²³ Ⅻ", "\t \u00a0\u3000\u200b", "AbC aBc", "x{2} x{,2} xx", "A\u00c0\u0391\u0410", "ﬁ fi FI ﬀ ﬆ st ST ßs sß SSS", "漢字かなカナ한국어 😀❤️ ÿé",
  "Unicode 16: \u{2EBF0}\u1C89\u1C8A\u0897 \u{1FAE9}\u{1FAF8} \u{10D50}\u{10D70}",
  "क्षत्रिय नमस्ते \u{1F468}\u200d\u{1F469}\u200d\u{1F467} 🇫🇷🇩 e\u0301\u0308 각 \u1100각 \r\n a\u200d",
];
const CASES = [
  // quantifiers
  [R`a*+`], [R`a++b`], [R`a?+a`], [R`a{,2}`], [R`a{2}?`], [R`a{1,2}+`], [R`a**`], [R`a{2,}`], [R`a{,}`], [R`x{`], [R`x{a}`],
  [R`a*?`], [R`a+?b`], [R`(?>a+)a`], [R`(?>a*)b|a`], [R`\w{2,3}?`], [R`x{2}`], [R`x{,2}`], [R`[a-c]{1}+`],
  // case folding
  [R`(?i)s`], [R`(?i)k`], [R`(?i:[a-c])+`], [R`(?i)[^s]+`], [R`a(?i)b|c`], [R`(?i:ss)`], [R`(?i)\p{Lu}+`], [R`(?-i:a)(?i)A`],
  [R`(?i)[\p{Lu}]+`], [R`(?i)[^\p{Lu}]+`], [R`(?i)\P{Lu}+`], [R`(?i)[[:upper:]]+`], [R`(?i)[ß]`], [R`(?i)ß`], [R`(?i)sss`],
  [R`(?i)ﬁ`], [R`(?i)fi`], [R`(?i)s+`], [R`(?i)st`], [R`(?i)ss+`], [R`(?i)(?:ss)+`], [R`(?i)\w+`], [R`(?i)[k-l]+`], [R`(?i)[^k]+`],
  // classes
  [R`[a-z&&[^aeiou]]+`], [R`[\w&&\D]+`], [R`[a[b-c]]+`], [R`[^[^a]]+`], [R`[[:alpha:]]+`], [R`[[:^alpha:]]+`], [R`[[:punct:]]+`],
  [R`[[:word:][:digit:]]+`], [R`[[:upper:][:space:]]+`], [R`[]a]+`], [R`[a-]+`], [R`[-a]+`], [R`[\-~]+`], [R`[\x41-\x43]+`],
  [R`[\u0041-\u0043\x{1F600}]+`], [R`\p{^L}+`], [R`\P{L}+`], [R`[\P{L}a]+`], [R`\p{Lu}+`], [R`\p{Letter}+`], [R`\p{Greek}+`],
  [R`\p{Emoji}+`], [R`\p{Alnum}+`], [R`\p{Punct}+`], [R`\p{Word}+`], [R`\p{ASCII}+`], [R`\p{Any}`], [R`\h+`], [R`\H+`],
  [R`\d+`], [R`\D+`], [R`\s+`], [R`\S+`], [R`\w+`], [R`\W+`], [R`[\s\d]+`], [R`[^\s\d]+`], [R`[\b]`],
  // anchors and boundaries
  [R`^.`], [R`.$`], [R`\A.`], [R`.\z`], [R`.\Z`], [R`\b`], [R`\B`], [R`\b\w`], [R`$`], [R`^`], [R`(?m).+`], [R`.+`], [R`\N+`], [R`\R`],
  [R`(?<=a)b`], [R`(?<!a)b`], [R`(?<=ab|c)\w`], [R`\w(?=\s)`], [R`\w(?!\w)`], [R`\G\w`],
  // groups and backrefs
  [R`(a)\1`], [R`(?<x>a)\k<x>`], [R`(?<x>\w)(?<y>\w)\k<y>`], [R`(a)(b)\k<-1>`], [R`(?:ab)+`], [R`(?#comment)a`], [R`(?x) a b # c`],
  // escapes and literals
  [R`\x61`], [R`\141`], [R`\u0061`], [R`\x{1F600}`], [R`\t`], [R`\-\~\#\&`], [R`\e|\a|\v`], [R`\cA`], [R`\/\'\"`], ["\n"], ["\r\n"],
  [R`\X`], [R`a|`], [R`|a`], [R`()`], [R`a{0}`],
  // errors
  [R`(`], [R`)`], [R`a)`], [R`*a`], [R`a|*`], [R`[a`], [R`[b-a]`], [R`\p{Foo}`], [R`(?z)`], ["\\"], [R`a{3,2}`], [R`(?<n>a)\1`], [R`\2(a)`],
  [R`[[:foo:]]`], [R`a{100001}`], [R`\xff`], [R`(?<=a+)b`],
  // found by TestReferenceDiff
  [R`(?<=(?=a)a)b`], [R`(?<!(a))b`], [R`(?<=\R)`], [R`(?i:[\p{L}&&[^a-z]])`], [R`(?i:[[:alpha:]] )`], [R`(?i:[[:alpha:]])`],
  [R`\303\251|\xc3\xa9`], [R`\xc3`], [R`\W^`], [R`(?<=\s)+`], [R`(?=a){2}`], [R`a{3,2}`], [R`\p{Word}+|[\p{Word}]+`],
  [R`\p{In_Basic_Latin}+`], [R`\p{InLatin1Supplement}+`], [R`[\p{In_CJK_Unified_Ideographs}\p{Hiragana}]+`], [R`\p{Hani}+`],
  [R`(?:a|^)*`], [R`(?:ab|^a)*`], [R`(\G)*`], [R`(?i:\Z)?`], [R`(?<n>b)\303\251`], [R`(?<n>b)\1`],
];
for (const [pattern] of CASES) {
  let iso, rem;
  try { iso = mk(pattern, 'Isolated'); rem = mk(pattern, 'Removed'); } catch (e) {
    process.stdout.write(JSON.stringify({ pattern, error: String(e.message || e) }) + '\n');
    continue;
  }
  for (const input of INPUTS) {
    const cps = Array.from(input);
    const map = [0];
    let b = 0;
    for (const c of cps) { b += Buffer.byteLength(c, 'utf8'); map.push(b); }
    const conv = (res) => res.map(([, [a, z]]) => [map[a], map[z]]);
    process.stdout.write(JSON.stringify({ pattern, input,
      isolated: conv(iso.preTokenizeString(input)), removed: conv(rem.preTokenizeString(input)) }) + '\n');
  }
}
