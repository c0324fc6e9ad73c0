#!/usr/bin/env python3
"""Writes decode_cases.in.jsonl: decoder configs and token lists to run through the reference
(see README.md). Cases come from the reference's unit tests, PARITY-CHECKLIST K, and edges."""
import json

def bytes_char():
    bs = list(range(ord('!'), ord('~') + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256 + n); n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}

BC = bytes_char()
def bl(bs):  # bytes -> byte-level token
    return ''.join(BC[b] for b in bs)

BL = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
cases = []
def add(dec, toks):
    cases.append({"decoder": dec, "tokens": toks})

# ByteLevel
add(BL, ["Ġh", "Ã©", "ðŁĺ", "Ģ", "xx\u00ff"])
add(BL, ["Ã"])
add(BL, ["Hello", "Ġthere", "Ġdear", "Ġfriend!", "Ġ", "[PA D]"])
add(BL, ["Hello", "Ġmy", "Ġfriend", ",", "Ġhow", "Ġis", "Ġyour", "Ġday", "Ġgoing", "?"])
for seq in [[0xE2, 0x82, 0x41], [0xE2, 0x41], [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x98, 0x41], [0xC3],
            [0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0x80], [0xC0, 0xAF],
            [0xF5, 0x41], [0xFF, 0xFE], [0xF0, 0x90, 0x41], [0xE1, 0x80], [0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62],
            [0xEF, 0xBF, 0xBD], [0xF4, 0x8F, 0xBF, 0xBF], [0xED, 0x9F, 0xBF], [0x00, 0x0A, 0x7F]]:
    add(BL, [bl(seq)])
add(BL, [bl([0xE2]), "x y", bl([0x82, 0xAC])])
add(BL, [bl([0xE2]), bl([0x82, 0xAC])])
add(BL, [])
add(BL, [""])
add({"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}, ["Ġa", "Ġ", "Ċ"])
add({"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False}, ["ĠaĠb"])

# BPEDecoder
BPE = {"type": "BPEDecoder", "suffix": "</w>"}
add(BPE, ["hel", "lo</w>", "wor", "ld</w>"])
add(BPE, ["a</w>b</w>", "c</w>"])
add(BPE, [])
add({"type": "BPEDecoder", "suffix": ""}, ["ab", "cd"])
add({"suffix": "</w>"}, ["a</w>", "b</w>"])

# WordPiece
WP = {"type": "WordPiece", "prefix": "##", "cleanup": True}
add(WP, ["hello", "##world", ",", "do", "n't", ".", "i", "'m"])
add({"type": "WordPiece", "prefix": "##", "cleanup": False}, ["##uelo", "Ara", "##új", "##o", "No", "##guera"])
add(WP, ["##uelo", "Ara", "##új", "##o", "No", "##guera"])
add(WP, ["i", "do", "not", "know", "it", "'", "s", "?", "you", "'", "ve", "they", "'", "re", "!", "a", "' ", "b"])
add(WP, ["x do not", " .", "a ?b"])
add({"type": "WordPiece", "prefix": "", "cleanup": False}, ["ab", "cd"])

# Metaspace
MS = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}
add(MS, ["▁Hey", "▁", "▁friend"])
add({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never", "split": True}, ["▁Hey", "▁", "▁friend"])
add({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False}, ["▁a▁b", "▁c", "d▁"])
add(MS, ["▁a▁b", "▁c"])
add({"type": "Metaspace", "replacement": "_", "prepend_scheme": "always", "split": True}, ["_a", "▁b", "_c"])
add({"type": "Metaspace", "replacement": "▁", "str_rep": "▁", "add_prefix_space": True}, ["▁a", "▁b"])
add({"type": "Metaspace", "replacement": "▁", "add_prefix_space": False, "prepend_scheme": "never"}, ["▁a", "▁b"])

# CTC
CTC = {"type": "CTC", "pad_token": "<pad>", "word_delimiter_token": "|", "cleanup": True}
add(CTC, "<pad> <pad> h e e l l <pad> l o o o <pad>".split(' '))
add(CTC, "<pad> <pad> h e e l l <pad> l o o o <pad> <pad> | <pad> w o o o r <pad> <pad> l l d <pad> <pad> <pad> <pad>".split(' '))
add({"type": "CTC", "pad_token": "<pad>", "word_delimiter_token": "|", "cleanup": False}, ["a", "a", "|", "<pad>", "b", "|"])
add(CTC, ["a<pad>b", "x|y", "'", " 's", "|"])

# ByteFallback
BF = {"type": "ByteFallback"}
add(BF, ["Hey", "friend!"])
add(BF, ["<0x61>"])
add(BF, ["<0xE5>"])
add(BF, ["<0xE5>", "<0x8f>"])
add(BF, ["<0xE5>", "<0x8f>", "<0xab>"])
add(BF, ["<0xE5>", "<0x8f>", "<0xab>", "a"])
add(BF, ["<0xE5>", "<0x8f>", "a"])
add(BF, ["<0x61>", "<0xC3>", "<0xA9>", "<0xE2>", "x", "<0xFF>"])
add(BF, ["<0x+A>", "<0x-1>", "<0xGG>", "<0x0A", "<0x0a>", "<0x0A>x", "<0X41>", "<0x 1>"])

# Fuse, Strip
add({"type": "Fuse"}, ["Hey", " friend!"])
add({"type": "Fuse"}, [])
add({"type": "Strip", "content": "H", "start": 1, "stop": 0}, ["Hey", " friend!", "HHH"])
add({"type": "Strip", "content": "y", "start": 0, "stop": 1}, ["Hey", " friend!"])
add({"type": "Strip", "content": "▁", "start": 1, "stop": 0}, ["▁▁a", "▁b"])
add({"type": "Strip", "content": "▁", "start": 5, "stop": 2}, ["▁▁a▁▁▁", "b"])
add({"type": "Strip", "content": " ", "start": 2.0, "stop": 0}, ["  a"])

# Replace
add({"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, ["▁Hey", "▁▁you"])
add({"type": "Replace", "pattern": {"String": ""}, "content": "_"}, ["ab", "", "é"])
add({"type": "Replace", "pattern": {"String": "aa"}, "content": "_"}, ["aaa", "aaaa"])
add({"type": "Replace", "pattern": {"String": "a.b"}, "content": "-"}, ["a.b axb"])

add({"type": "Replace", "pattern": {"Regex": "a*"}, "content": "_"}, ["baac", "", "x"])
add({"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "}, ["a \t b", "c\u3000\u3000d"])
add({"type": "Replace", "pattern": {"Regex": "(?i)é|▁"}, "content": "<$0>"}, ["É▁x", "é"])
add({"type": "Replace", "pattern": {"Regex": "^▁"}, "content": ""}, ["▁▁a", "b▁"])
add({"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"Regex": "▁+"}, "content": " "}, {"type": "Fuse"}]}, ["▁▁a", "▁b"])

# Sequence
LLAMA = {"type": "Sequence", "decoders": [
    {"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"},
    {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}
add(LLAMA, ["▁Hey", "<0x21>", "▁", "▁you"])
add(LLAMA, ["▁", "▁", "<0xE5>", "<0x8f>", "<0xab>", "<0xE5>"])
add({"type": "Sequence", "decoders": [CTC, MS]}, ["▁", "▁", "H", "H", "i", "i", "▁", "y", "o", "u"])
add({"type": "Sequence", "decoders": [{"type": "ByteFallback"}, {"type": "Metaspace", "replacement": "▁", "add_prefix_space": True, "prepend_scheme": "always"}]}, ["▁a", "<0x62>"])
add({"type": "Sequence", "decoders": []}, ["a", "b"])

# Load errors
for dec in [
    {"type": "ByteLevel", "add_prefix_space": True},
    {"type": "ByteLevel", "add_prefix_space": None, "trim_offsets": True},
    {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": None},
    {"add_prefix_space": True, "trim_offsets": True},
    {},
    {"replacement": "▁", "prepend_scheme": "always"},
    {"type": "Sequence", "prepend_scheme": "always"},
    {"type": "Sequence", "decoders": [{}, MS]},
    {"type": "Sequence", "decoders": [None]},
    {"type": "Sequence", "decoders": None},
    {"type": "Sequence", "decoders": [{"type": "Strip", "content": "ab", "start": 1, "stop": 0}]},
    {"type": "Metaspace", "replacement": "▁", "add_prefix_space": False},
    {"type": "Metaspace", "replacement": "▁", "add_prefix_space": False, "prepend_scheme": "always"},
    {"type": "Metaspace", "replacement": "ab"},
    {"type": "Metaspace", "replacement": ""},
    {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "Always"},
    {"type": "Metaspace"},
    {"type": "Strip", "content": " ", "start": -1, "stop": 0},
    {"type": "Strip", "content": " ", "start": 1.5, "stop": 0},
    {"type": "Strip", "content": " ", "start": "1", "stop": 0},
    {"type": "Strip", "content": " ", "start": 1},
    {"type": "Replace", "pattern": {"String": "a", "Regex": "b"}, "content": "_"},
    {"type": "Replace", "pattern": {"Foo": "a"}, "content": "_"},
    {"type": "Replace", "pattern": {"String": "a"}},
    {"type": "Replace", "pattern": {"Regex": "(a"}, "content": "_"},
    {"type": "Replace", "pattern": {"Regex": "[b-a]"}, "content": "_"},
    {"type": "Replace", "pattern": "a", "content": "_"},
    {"type": "WordPiece", "prefix": "##"},
    {"type": "CTC"},
    {"type": "BPEDecoder"},
    {"type": "BPEDecoder", "suffix": 1},
    {"type": "Fuse", "x": 1},
    {"type": "ByteFallback", "x": 1},
]:
    cases.append({"decoder": dec, "tokens": ["a"]})

with open('decode_cases.in.jsonl', 'w') as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + '\n')
