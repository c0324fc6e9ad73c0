#!/usr/bin/env python3
"""Writes en.jsonl and multi.jsonl, documents that are not in ../shared, to check the
speed ratios on text the project was not tuned on (README, "Speed"). The texts come from
this machine: books in the test data of Go modules in the module cache, README files of
/usr/share/doc, Go's own sources, the CJK and French samples of golang.org/x/text, and
Unicode's data files (/usr/share/unicode, Debian's unicode-data). The split into
documents is seeded: the same machine gives the same files.

Usage: python3 bench/heldout/make.py OUTDIR   (after `go mod download`, which brings the
modules whose test data it reads: they are dependencies of this one)
"""
import glob, json, os, random, subprocess, sys

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)
random.seed(7)
M = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip() + "/"
GOROOT = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()


def docs_from(text, lo=500, hi=30000):
    """Cuts text at blank lines into documents of lo to hi characters (a text without
    blank lines stays whole)."""
    paras = text.replace("\r\n", "\n").split("\n\n")
    out, cur = [], ""
    target = random.randint(lo, hi)
    for p in paras:
        cur += p + "\n\n"
        if len(cur) >= target:
            out.append(cur)
            cur = ""
            target = random.randint(lo, hi)
    if cur.strip():
        out.append(cur)
    return out


def rd(p):
    return open(p, encoding="utf-8", errors="strict").read()


en = []
for p in [M + "github.com/pierrec/lz4/v4@v4.1.21/testdata/pg1661.txt",
          M + "github.com/pierrec/lz4/v4@v4.1.21/testdata/Mark.Twain-Tom.Sawyer.txt",
          M + "github.com/andybalholm/brotli@v1.1.1/testdata/Isaac.Newton-Opticks.txt"]:
    en += docs_from(rd(p))
for p in sorted(glob.glob(GOROOT + "/doc/*.html")) + sorted(glob.glob("/usr/share/doc/*/README*"))[:200]:
    try:
        en += docs_from(rd(p))
    except Exception:
        pass  # not text, or not UTF-8
src = [rd(p) for p in sorted(glob.glob(GOROOT + "/src/net/http/*.go"))[:60]]
random.shuffle(en)
n, docs = 0, []
for d in en:
    docs.append(d)
    n += len(d.encode())
    if n > 4_200_000:
        break
docs += src[:20]
with open(os.path.join(out_dir, "en.jsonl"), "w") as f:
    for d in docs:
        f.write(json.dumps({"text": d}, ensure_ascii=False) + "\n")

T = M + "golang.org/x/text@v0.44.0/encoding/testdata/"
multi = []
for p in ["candide-utf-8.txt", "rashomon-utf-8.txt", "sunzi-bingfa-simplified-utf-8.txt",
          "sunzi-bingfa-traditional-utf-8.txt", "unsu-joh-eun-nal-utf-8.txt"]:
    multi += docs_from(rd(T + p), 200, 8000)
multi += docs_from(rd("/usr/share/unicode/emoji/emoji-test.txt"), 2000, 20000)[:20]
# NamesList.txt has no blank line: one document of 1.7 MB, most of the file's bytes.
multi += docs_from(rd("/usr/share/unicode/NamesList.txt"), 2000, 20000)[:30]
multi += src[20:60]
random.shuffle(multi)
n = 0
with open(os.path.join(out_dir, "multi.jsonl"), "w") as f:
    for d in multi:
        f.write(json.dumps({"text": d}, ensure_ascii=False) + "\n")
        n += len(d.encode())
        if n > 2_300_000:
            break
