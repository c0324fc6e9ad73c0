#!/usr/bin/env bash
# Regenerates the expected outputs of testdata/scenarios with the reference
# (../shared/reference/golden.js): for each NAME.json and NAME.input.jsonl, NAME.golden.jsonl
# (encode, with special tokens) and NAME.nospecial.golden.jsonl (without), and
# NAME.decode.golden.jsonl (the golden ids decoded, then with skip_special).
# Usage: testdata/make-scenarios.sh [SHARED_DIR]   (default ../shared)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${1:-${FASTTOK_SHARED:-$here/../../shared}}"
export FASTTOK_REF_DIR="${FASTTOK_REF_DIR:-$(bash "$shared/reference/setup.sh")}"
g="node $shared/reference/golden.js"
for t in "$here"/scenarios/*.json; do
  n="${t%.json}"
  in="$n.input.jsonl"
  [ -f "$in" ] || continue
  extra=()
  [ -f "$n.flags" ] && read -r -a extra < "$n.flags"
  $g encode --tokenizer "$t" --input "$in" "${extra[@]}" > "$n.golden.jsonl"
  $g encode --tokenizer "$t" --input "$in" --no-special "${extra[@]}" > "$n.nospecial.golden.jsonl"
  node -e '
    const fs = require("fs");
    for (const l of fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) {
      const o = JSON.parse(l); if (o.ids) console.log(JSON.stringify({ ids: o.ids }));
    }' "$n.golden.jsonl" > "$n.ids.tmp"
  $g decode --tokenizer "$t" --input "$n.ids.tmp" > "$n.text.tmp"
  $g decode --tokenizer "$t" --input "$n.ids.tmp" --skip-special > "$n.skip.tmp"
  paste -d '\t' "$n.ids.tmp" "$n.text.tmp" "$n.skip.tmp" | node -e '
    const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
    for (const l of lines) { const [a, b, c] = l.split("\t").map((x) => JSON.parse(x));
      console.log(JSON.stringify({ ids: a.ids, text: b.text, text_skip_special: c.text })); }' > "$n.decode.golden.jsonl"
  rm -f "$n.ids.tmp" "$n.text.tmp" "$n.skip.tmp"
  echo "$(basename "$n")" >&2
done
