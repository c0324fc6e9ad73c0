#!/usr/bin/env python3
"""Generates the truncation/padding golden files of truncation_test.go with the reference.

    FASTTOK_REF_DIR=/root/.cache/fasttok-ref FASTTOK_SHARED=/work/shared python3 make.py [NAME...]
    FASTTOK_REF_DIR=/root/.cache/fasttok-ref FASTTOK_SHARED=/work/shared python3 make.py with_truncation

writes cases.json (the grid: truncation x padding x batch x special tokens) and, for each
tokenizer, NAME.golden.jsonl.gz: one line per case and record of texts.jsonl,
{"case": K, "record": I, "want": RECORD}. RECORD comes from
/work/shared/reference/golden.js (the reference tokenizers 0.23.2) only, never by hand:

    node golden.js encode --tokenizer T --input texts.jsonl --truncation J --padding P \
        [--batch N] [--no-special]                                                  (A)
    node golden.js encode ... the same ... --overflow-v022                          (B)

The main fields are A's (0.23 semantics: each sequence is tokenized only up to
max_length tokens) and "overflowing" is B's (every window of the fully encoded
sequences, the 0.22 semantics fasttok keeps; huggingface/tokenizers issue 2091). A record
that A rejects is {"error": ...}; one that only B rejects (the full sequences cannot be
truncated, e.g. OnlyFirst with an empty first text) is A's whole record (with --batch,
where B then fails the whole batch, A's main fields and "overflow_unchecked": true). B cannot emulate a pair without a post-processor;
such records keep A's main fields and get "overflow_unchecked": true (their overflowing
is not compared). When the reference panics (a stride not below the room left), the
Node process aborts: the generator then runs the records one at a time (a batch at a
time with --batch) and writes {"error": "panic: ..."} for those that abort.

texts.jsonl: 12 single texts and 5 pairs of /work/shared/assets/texts/smoke.jsonl and 8
short pairs of corpus.jsonl.
"""
import gzip
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("FASTTOK_SHARED", "/work/shared")
GOLDEN = os.path.join(SHARED, "reference", "golden.js")
TEXTS = os.path.join(HERE, "texts.jsonl")
SCENARIOS = os.path.join(HERE, "..", "scenarios")

# Tokenizers of /work/shared/assets/tokenizers (one per model family), then the scenario
# tokenizers of ../scenarios (WordLevel, no post-processor), which need no FASTTOK_SHARED.
SHARED_TOKENIZERS = ["gpt2", "llama2", "bert-base-uncased", "t5-small"]
SCENARIO_TOKENIZERS = ["added-strip"]


def trunc(strategy, direction, max_length, stride):
    return {"max_length": max_length, "stride": stride, "strategy": strategy, "direction": direction}


def cases():
    out = []
    # Every strategy x direction x (max_length, stride), without padding. max_length 1 is
    # below the special tokens of the post-processors (the reference, built without
    # overflow checks, then skips post_process's truncation), stride 4 at max_length 6
    # is not below the room left of most inputs (the reference panics).
    for strategy in ["LongestFirst", "OnlyFirst", "OnlySecond"]:
        for direction in ["Right", "Left"]:
            for ml, stride in [(1, 0), (5, 0), (5, 1), (6, 4), (9, 2), (16, 0), (16, 3)]:
                out.append({"truncation": trunc(strategy, direction, ml, stride)})
    # Only some fields given: golden.js fills the reference's defaults.
    out.append({"truncation": {"max_length": 7}})
    out.append({"truncation": trunc("LongestFirst", "Right", 6, 1), "special": False})
    out.append({"truncation": trunc("LongestFirst", "Left", 6, 1), "special": False})
    paddings = [
        {"strategy": {"Fixed": 24}},
        {"strategy": "BatchLongest"},
        {"strategy": "BatchLongest", "pad_to_multiple_of": 8},
        {"strategy": {"Fixed": 10}, "direction": "Left", "pad_id": 7, "pad_type_id": 3, "pad_token": "<p>"},
        {"strategy": "BatchLongest", "direction": "Left", "pad_to_multiple_of": 5},
    ]
    truncs = [None, trunc("LongestFirst", "Right", 12, 2), trunc("OnlyFirst", "Left", 9, 1)]
    for p in paddings:
        for t in truncs:
            for batch in [0, 4]:
                out.append({"truncation": t, "padding": p, "batch": batch})
    out.append({"padding": None, "truncation": None, "batch": 3})
    return out


def golden_args(tok, case, v022):
    args = ["node", GOLDEN, "encode", "--tokenizer", tok]
    if "truncation" in case:
        args += ["--truncation", json.dumps(case["truncation"])]
    if "padding" in case:
        args += ["--padding", json.dumps(case["padding"])]
    if case.get("batch"):
        args += ["--batch", str(case["batch"])]
    if case.get("special") is False:
        args.append("--no-special")
    if v022:
        args.append("--overflow-v022")
    return args


def run(args, lines):
    """Returns the records golden.js prints for lines, or None when it aborts."""
    p = subprocess.run(args + ["--input", "-"], input="".join(lines), capture_output=True, text=True)
    if p.returncode != 0:
        if "panicked" in p.stderr:
            return None
        sys.exit("golden.js failed: %s\n%s" % (" ".join(args), p.stderr))
    out = [json.loads(l) for l in p.stdout.splitlines()]
    assert len(out) == len(lines), (args, len(out), len(lines))
    return out


def run_all(args, lines, batch):
    out = run(args, lines)
    if out is not None:
        return out
    # A panic aborts the whole run: run the records (the batches) one at a time.
    step = batch or 1
    out = []
    for i in range(0, len(lines), step):
        part = run(args, lines[i:i + step])
        if part is None:
            part = [{"error": "panic: stride not below the room left"}] * len(lines[i:i + step])
        out += part
    return out


# with_truncation.json: whether the reference's with_truncation (the Node binding's
# setTruncation, which aborts the process on an error) accepts (max_length, stride) for
# bert-base-uncased (2 special tokens for a single sequence).
SET_TRUNCATION = """
const { Tokenizer } = require(process.env.FASTTOK_REF_DIR + '/node_modules/tokenizers');
const tok = Tokenizer.fromString(require('zlib').gunzipSync(require('fs').readFileSync(process.argv[1])).toString());
tok.setTruncation(+process.argv[2], { stride: +process.argv[3] });
console.log('ok');
"""


def with_truncation():
    tok = os.path.join(SHARED, "assets", "tokenizers", "bert-base-uncased.json.gz")
    out = []
    for ml, stride in [(5, 2), (5, 3), (5, 4), (2, 0), (2, 1), (1, 0), (1, 5), (0, 0), (512, 510), (512, 511)]:
        p = subprocess.run(["node", "-e", SET_TRUNCATION, tok, str(ml), str(stride)], capture_output=True, text=True)
        out.append({"tokenizer": "bert-base-uncased", "max_length": ml, "stride": stride, "ok": p.stdout.strip() == "ok"})
    with open(os.path.join(HERE, "with_truncation.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


def main():
    if sys.argv[1:] == ["with_truncation"]:
        with_truncation()
        return
    names = sys.argv[1:] or SHARED_TOKENIZERS + SCENARIO_TOKENIZERS
    grid = cases()
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(grid, f, indent=1)
        f.write("\n")
    with open(TEXTS) as f:
        lines = [l for l in f if l.strip()]
    for name in names:
        if name in SCENARIO_TOKENIZERS:
            tok = os.path.join(SCENARIOS, name + ".json")
        else:
            tok = os.path.join(SHARED, "assets", "tokenizers", name + ".json.gz")
        rows = []
        for k, case in enumerate(grid):
            a = run_all(golden_args(tok, case, False), lines, case.get("batch", 0))
            b = None
            if case.get("truncation") is not None:
                b = run_all(golden_args(tok, case, True), lines, case.get("batch", 0))
            for i, want in enumerate(a):
                if b is not None and "error" not in want:
                    if "error" in b[i]:
                        if "cannot emulate" in b[i]["error"]:
                            want.pop("overflowing", None)
                            want["overflow_unchecked"] = True
                        else:
                            # The full sequences cannot be truncated while the limited
                            # ones can: fasttok gives the reference's 0.23 record whole.
                            # With --batch, B fails the whole batch: the overflowing of
                            # its other records is unknown.
                            print("%s case %d record %d: only the v022 run fails: %s" % (name, k, i, b[i]["error"]), file=sys.stderr)
                            if case.get("batch"):
                                want.pop("overflowing", None)
                                want["overflow_unchecked"] = True
                    else:
                        want.pop("overflowing", None)
                        if "overflowing" in b[i]:
                            want["overflowing"] = b[i]["overflowing"]
                rows.append(json.dumps({"case": k, "record": i, "want": want}, ensure_ascii=False, separators=(",", ":")))
        with gzip.open(os.path.join(HERE, name + ".golden.jsonl.gz"), "wt", compresslevel=9) as f:
            f.write("\n".join(rows) + "\n")
        print(name, len(rows), "records", file=sys.stderr)


if __name__ == "__main__":
    main()
