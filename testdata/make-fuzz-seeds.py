#!/usr/bin/env python3
"""Makes testdata/fuzz/FuzzLoad/real-*: FuzzLoad seeds from the 29 shared tokenizer.json files
(../shared/assets/tokenizers), each cut to a few KB: every section as in the real file but the
model's vocabulary (BPE: the first 256 ids and what the first 100 merges need, original ids
kept; WordPiece/WordLevel: the first 200 ids; Unigram: the first 200 pieces), added_tokens
(first 40) and Precompiled charsmaps (dropped: they are 300 KB). Plus, for a few files, the
seed truncated in the middle, one with flipped bytes and one gzip-compressed.

    python3 testdata/make-fuzz-seeds.py /work/shared/assets/tokenizers
"""
import gzip, json, os, sys

src = sys.argv[1]
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz", "FuzzLoad")
os.makedirs(out, exist_ok=True)


def go_bytes(b):
    """The Go fuzz corpus file (go test fuzz v1) of one []byte argument: a Go string
    literal, with printable non-ASCII characters kept as UTF-8 (strconv.Unquote reads them)."""
    s = []
    text = b.decode("utf-8", errors="surrogateescape")
    for ch in text:
        c = ord(ch)
        if ch == '"':
            s.append('\\"')
        elif ch == "\\":
            s.append("\\\\")
        elif 0x20 <= c < 0x7F or (c >= 0xA0 and ch.isprintable() and not 0xDC80 <= c <= 0xDCFF):
            s.append(ch)
        else:
            s.append("".join("\\x%02x" % x for x in ch.encode("utf-8", errors="surrogateescape")))
    return "go test fuzz v1\n[]byte(\"" + "".join(s) + "\")\n"


def write(name, data):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(go_bytes(data))


def drop_precompiled(n):
    if not isinstance(n, dict):
        return n
    if n.get("type") == "Precompiled":
        return None
    if n.get("type") == "Sequence":
        n["normalizers"] = [x for x in (drop_precompiled(c) for c in n["normalizers"]) if x is not None]
    return n


def cut(d):
    m = d["model"]
    typ = m.get("type") or ("BPE" if "merges" in m else "Unigram" if isinstance(m.get("vocab"), list)
                            else "WordPiece" if "continuing_subword_prefix" in m else "WordLevel")
    if typ == "BPE":
        merges = m["merges"][:100]
        pairs = [x if isinstance(x, list) else x.split(" ", 1) for x in merges]
        need = {t for p in pairs for t in (p[0], p[1], p[0] + p[1])}
        v = m["vocab"]
        keep = {t: i for t, i in v.items() if i < 256 or t in need}
        for tok in (m.get("unk_token"),):
            if tok in v:
                keep[tok] = v[tok]
        m["vocab"] = keep
        m["merges"] = merges
    elif typ == "Unigram":
        m["vocab"] = m["vocab"][:200]
        if m.get("unk_id") is not None and m["unk_id"] >= 200:
            m["unk_id"] = 0
    else:
        v = m["vocab"]
        keep = {t: i for t, i in v.items() if i < 200}
        unk = m.get("unk_token")
        if unk in v:
            keep[unk] = v[unk]
        m["vocab"] = keep
    d["added_tokens"] = d.get("added_tokens", [])[:40]
    d["normalizer"] = drop_precompiled(d.get("normalizer"))
    return d


names = sorted(f[: -len(".json.gz")] for f in os.listdir(src) if f.endswith(".json.gz"))
for i, name in enumerate(names):
    with gzip.open(os.path.join(src, name + ".json.gz"), "rt", encoding="utf-8") as f:
        d = json.load(f)
    data = json.dumps(cut(d), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write("real-" + name, data)
    if i % 5 == 0:
        write("real-" + name + "-truncated", data[: len(data) * 3 // 5])
    if i % 5 == 1:
        flipped = bytearray(data)
        for k in range(7, len(flipped), 997):
            flipped[k] ^= 0x20
        write("real-" + name + "-flipped", bytes(flipped))
    if i % 5 == 2:
        write("real-" + name + "-gzip", gzip.compress(data, mtime=0))
