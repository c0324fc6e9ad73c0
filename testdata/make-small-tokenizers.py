#!/usr/bin/env python3
"""Makes testdata/tokenizers/*.json.gz: small but complete tokenizers, one per model family
that the repository has no small file of, for the fuzz targets (fuzz_test.go) and the
bad-input table (badinput_test.go). They are NOT the real tokenizers they start from (their
vocabularies are cut), so no parity claim is made on them: the fuzz targets only check
properties that hold for any tokenizer (ids agree across the APIs, offsets in range,
round trips...). Every file loads in the reference (checked by the command below).

    python3 testdata/make-small-tokenizers.py /work/shared/assets/tokenizers
    # check: node -e 'for (const f of ["wordpiece","unigram"]) require("/root/.cache/fasttok-ref/node_modules/tokenizers").Tokenizer.fromString(require("zlib").gunzipSync(require("fs").readFileSync("testdata/tokenizers/"+f+"-small.json.gz")).toString())'

- wordpiece-small: bert-base-uncased's pipeline (BertNormalizer, BertPreTokenizer, [CLS]/[SEP]
  template, WordPiece decoder) with its first 3000 vocabulary entries (specials, single
  characters, frequent words) and every "##" + one character entry, renumbered.
- unigram-small: a Llama-style pipeline (Prepend + Replace normalizer, ByteFallback decoder,
  <s> template) around a Unigram model with byte_fallback: <unk>, <s>, </s>, the 256 byte
  pieces <0x00>..<0xFF>, and t5-small's 2000 best-scored pieces.
"""
import gzip, json, os, sys

src = sys.argv[1]
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tokenizers")


def load(name):
    with gzip.open(os.path.join(src, name + ".json.gz"), "rt", encoding="utf-8") as f:
        return json.load(f)


def save(name, d):
    data = json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0: the same input gives the same bytes.
    with open(os.path.join(out, name + ".json.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(data)


# WordPiece
bert = load("bert-base-uncased")
vocab = bert["model"]["vocab"]
keep = [t for t, i in sorted(vocab.items(), key=lambda kv: kv[1])
        if i < 3000 or (t.startswith("##") and len(t) == 3)]
newid = {t: i for i, t in enumerate(keep)}
bert["model"]["vocab"] = newid
for a in bert["added_tokens"]:
    a["id"] = newid[a["content"]]
for st in bert["post_processor"]["special_tokens"].values():
    st["ids"] = [newid[t] for t in st["tokens"]]
save("wordpiece-small", bert)

# Unigram
t5 = load("t5-small")
pieces = [p for p in t5["model"]["vocab"] if p[0] not in ("<pad>", "</s>", "<unk>")]
pieces.sort(key=lambda p: -p[1])
vocab = [["<unk>", 0.0], ["<s>", 0.0], ["</s>", 0.0]]
vocab += [["<0x%02X>" % b, 0.0] for b in range(256)]
vocab += pieces[:2000]
special = lambda i, c: {"id": i, "content": c, "single_word": False, "lstrip": False,
                        "rstrip": False, "normalized": False, "special": True}
uni = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")],
    "normalizer": {"type": "Sequence", "normalizers": [
        {"type": "NFKC"},
        {"type": "Prepend", "prepend": "\u2581"},
        {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
    "pre_tokenizer": None,
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"SpecialToken": {"id": "<s>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
        "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
    "decoder": {"type": "Sequence", "decoders": [
        {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
        {"type": "ByteFallback"}, {"type": "Fuse"},
        {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
    "model": {"type": "Unigram", "unk_id": 0, "vocab": vocab, "byte_fallback": True},
}
save("unigram-small", uni)
