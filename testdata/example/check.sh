#!/usr/bin/env bash
# Prints the reference's outputs (Hugging Face tokenizers 0.23.2, through golden.js) for
# the inputs of the package examples (../../example_test.go, ../../tokenizer/example_test.go)
# on tokenizer.json, to compare with their "// Output:" comments.
# Usage: testdata/example/check.sh [SHARED_DIR]   (default $FASTTOK_SHARED or ../shared)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${1:-${FASTTOK_SHARED:-$here/../../../shared}}"
export FASTTOK_REF_DIR="${FASTTOK_REF_DIR:-$(bash "$shared/reference/setup.sh")}"
g="node $shared/reference/golden.js"
T="$here/tokenizer.json"
echo '# encode (Example, ExampleLoadBytes, ExampleFromPretrained, ExamplePair, Encode, EncodePair, EncodeBatch,
# Count, EncodeBytes with Lossy: the text after U+FFFD replacement; ExampleWords: the same tokens as the
# joined words; golden.js cannot take pre-tokenized input, and the word ids follow the words by construction)'
printf '%s\n' '{"text":"Hello, world!"}' '{"text":"Tokenizers are fast."}' '{"text":"The cat sat on the mat."}' \
  '{"text":"How are you?"}' '{"text":"Where is Tokyo?","pair":"Tokyo is in Japan."}' \
  '{"text":"What is the capital of France?","pair":"Paris is the capital of France."}' \
  '{"text":"How are you?","pair":"I am fine."}' '{"text":"Café au lait"}' \
  '{"text":"caf\ufffd au lait"}' '{"text":"My name is Tokyo."}' | $g encode --tokenizer "$T"
echo '# encode without special tokens (EncodeInput with OffsetChars, AppendIDs); offsets are characters'
printf '%s\n' '{"text":"Café au lait"}' '{"text":"Hello, world!"}' '{"text":"I am fine."}' | $g encode --tokenizer "$T" --no-special
echo '# decode, then with skip_special (Example, Decode, DecodeBatch)'
ids="$(mktemp)"; trap 'rm -f "$ids"' EXIT
printf '%s\n' '{"ids":[2,18,6,19,5,3]}' '{"ids":[2,37,38,39,5,3]}' '{"ids":[2,29,30,31,21,28,7,3]}' > "$ids"
$g decode --tokenizer "$T" --input "$ids"
$g decode --tokenizer "$T" --input "$ids" --skip-special
echo '# decode of each prefix, skip_special (NewDecodeStream: each step prints what its prefix adds)'
printf '%s\n' '{"ids":[2]}' '{"ids":[2,29]}' '{"ids":[2,29,30]}' '{"ids":[2,29,30,31]}' '{"ids":[2,29,30,31,21]}' \
  '{"ids":[2,29,30,31,21,28]}' '{"ids":[2,29,30,31,21,28,7]}' '{"ids":[2,29,30,31,21,28,7,3]}' > "$ids"
$g decode --tokenizer "$T" --input "$ids" --skip-special
echo '# truncation max_length 6, stride 1 (WithTruncation)'
echo '{"text":"The cat sat on the mat."}' | $g encode --tokenizer "$T" --truncation '{"max_length":6,"stride":1}' --overflow-v022
echo '# padding BatchLongest, pad_to_multiple_of 4, one batch (WithPadding)'
printf '%s\n' '{"text":"Hello!"}' '{"text":"How are you?"}' |
  $g encode --tokenizer "$T" --padding '{"strategy":"BatchLongest","pad_to_multiple_of":4}' --batch 2
echo '# vocabulary size with added tokens (ExampleLoad)'
node -e 'const {Tokenizer} = require(process.env.FASTTOK_REF_DIR + "/node_modules/tokenizers");
  console.log(Tokenizer.fromString(require("fs").readFileSync(process.argv[1], "utf8")).getVocabSize(true))' "$T"
