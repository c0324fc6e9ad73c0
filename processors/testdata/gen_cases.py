#!/usr/bin/env python3
"""Writes process_cases.in.jsonl: post-processor configs and inputs to run through the
reference with gen_expected.js (see README.md). Cases come from the reference's unit tests,
PARITY-CHECKLIST H, the real tokenizers' configurations, and edges."""
import json

BERT = {"type": "BertProcessing", "sep": ["[SEP]", 102], "cls": ["[CLS]", 101]}
def roberta(trim, aps):
    return {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0], "trim_offsets": trim, "add_prefix_space": aps}
def bl(aps, trim, **kw):
    d = {"type": "ByteLevel", "add_prefix_space": aps, "trim_offsets": trim}
    d.update(kw)
    return d
def st(name, ids=None, tokens=None):
    return {"id": name, "ids": ids if ids is not None else [1000 + len(name)], "tokens": tokens if tokens is not None else [name]}
def sp(name, t=0):
    return {"SpecialToken": {"id": name, "type_id": t}}
def sq(s, t=0):
    return {"Sequence": {"id": s, "type_id": t}}
BERT_TEMPLATE = {"type": "TemplateProcessing",
                 "single": [sp("[CLS]"), sq("A"), sp("[SEP]")],
                 "pair": [sp("[CLS]"), sq("A"), sp("[SEP]"), sq("B", 1), sp("[SEP]", 1)],
                 "special_tokens": {"[CLS]": st("[CLS]", [101]), "[SEP]": st("[SEP]", [102])}}
BLPRE = lambda aps: {"type": "ByteLevel", "add_prefix_space": aps, "trim_offsets": True, "use_regex": True}
BARPRE = {"type": "Split", "pattern": {"String": "|"}, "behavior": "Removed", "invert": False}

cases = []
def add(pp, text=None, pair=None, special=True, pre=None, truncate=None):
    c = {"post_processor": pp}
    if pre is not None: c["pre_tokenizer"] = pre
    if text is not None: c["text"] = text
    if pair is not None: c["pair"] = pair
    if not special: c["special"] = False
    if truncate is not None: c["truncate"] = truncate
    cases.append(c)

def matrix(pp, pre=None, texts=(("hello there", None), ("hello there", "pair")), trunc=True):
    for text, pair in texts:
        for special in (True, False):
            add(pp, text, pair, special, pre)
    if trunc:
        add(pp, "hello there you all", None, True, pre, [2, 1])
        add(pp, "hello there you", "pair with info", True, pre, [2, 1])
        add(pp, "hello there you", "pair with info", False, pre, [2, 0])

# BertProcessing
matrix(BERT)
add(BERT, "", None)
add(BERT, "", "")

# RobertaProcessing (PARITY 94)
BLTEXTS = (("a b  c   ", None), (" a  b", "c d  "), ("hello  there", "  pair "))
for trim in (True, False):
    for aps in (True, False):
        matrix(roberta(trim, aps), BLPRE(aps), BLTEXTS)
        matrix(roberta(trim, aps), BARPRE, (("a|  b |c\t|\t| ", None), (" x| |y ", " z |  ")), trunc=False)

# ByteLevel (PARITY 95)
for trim in (True, False):
    for aps in (True, False):
        matrix(bl(aps, trim), BLPRE(aps), BLTEXTS)
        matrix(bl(aps, trim, use_regex=False), BARPRE, (("a|  b |c\t|\t| ", None), (" x| |y ", " z |  ")), trunc=False)

# TemplateProcessing (PARITY 92, 93)
matrix(BERT_TEMPLATE)
T2 = {"type": "TemplateProcessing",
      "single": [sq("A", 3), sp("<cls>", 2), sq("A", 1)],
      "pair": [sp("X", 5), sq("B", 7), sq("A", 9), sp("X"), sq("B", 2)],
      "special_tokens": {"<cls>": st("<cls>", [7]), "X": st("X", [1, 2, 3], ["x1", "x2", "x3"]), "unused": st("unused", [])}}
matrix(T2)
T3 = {"type": "TemplateProcessing", "single": [sq("A")], "pair": [sq("A"), sq("B", 1)], "special_tokens": {}}
matrix(T3)
T4 = {"type": "TemplateProcessing", "single": [sp("E", 1), sq("A", 4)], "pair": [sq("A")], "special_tokens": {"E": st("E", [], [])}}
matrix(T4)
# ids and tokens of different lengths: the reference builds misaligned encodings (fasttok fails).
T6 = {"type": "TemplateProcessing", "single": [sp("E", 1), sq("A", 4)], "pair": [sq("A")], "special_tokens": {"E": st("E", [], ["E"])}}
add(T6, "hello there", None, True)
add(T6, "hello there", None, False)
# Missing special tokens load; with special=false they are never needed.
T5 = {"type": "TemplateProcessing", "single": [sp("[CLS]"), sq("A")], "pair": [sq("A"), sq("B", 1)], "special_tokens": {}}
add(T5, "hello there", None, False)
add(T5, "hello there", "pair", True)
add(T5)

# Sequence (PARITY 97)
LLAMA3 = {"type": "Sequence", "processors": [
    bl(True, False, use_regex=True),
    {"type": "TemplateProcessing", "single": [sp("<|begin_of_text|>"), sq("A")],
     "pair": [sp("<|begin_of_text|>"), sq("A"), sp("<|begin_of_text|>", 1), sq("B", 1)],
     "special_tokens": {"<|begin_of_text|>": st("<|begin_of_text|>", [128000])}}]}
matrix(LLAMA3, BLPRE(True), BLTEXTS)
matrix({"type": "Sequence", "processors": [bl(True, True), BERT]}, BLPRE(True), BLTEXTS)
matrix({"type": "Sequence", "processors": [BERT, bl(False, True)]}, BLPRE(False), BLTEXTS)
matrix({"type": "Sequence", "processors": []})

# Untagged dispatch and load errors (the reference ignores "type" but for ByteLevel and Sequence).
for pp in [
    {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0]},
    {"type": "TemplateProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0], "single": [], "pair": [], "special_tokens": {}},
    {"type": "ByteLevel", "sep": ["a", 1], "cls": ["b", 2], "trim_offsets": False, "add_prefix_space": False},
    {"sep": ["[SEP]", 102], "cls": ["[CLS]", 101]},
    {"sep": ["</s>", 2], "cls": ["<s>", 0], "trim_offsets": True, "add_prefix_space": True},
    {"add_prefix_space": True, "trim_offsets": False, "use_regex": True, "type": "TemplateProcessing",
     "single": [sp("<BOS_TOKEN>"), sq("A")], "pair": [sq("A"), sq("B", 1)], "special_tokens": {"<BOS_TOKEN>": st("<BOS_TOKEN>", [5])}},
    {"type": "BertProcessing", "sep": ["[SEP]", 102.0], "cls": ["[CLS]", 1e2]},
    {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": False, "extra": 1},
    {"type": "TemplateProcessing", "single": [sq("A", 2.0)], "pair": [sq("A"), sq("B")], "special_tokens": {"k": {"id": "other", "ids": [1, 2], "tokens": ["a"]}}},
    # errors
    {"type": "RobertaProcessing", "sep": ["</s>", 2]},
    {"add_prefix_space": True, "trim_offsets": False, "use_regex": False},
    {"type": "ByteLevel", "add_prefix_space": True},
    {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": None},
    {"type": "BertProcessing", "sep": ["[SEP]"], "cls": ["[CLS]", 101]},
    {"type": "BertProcessing", "sep": ["[SEP]", 102, 3], "cls": ["[CLS]", 101]},
    {"type": "BertProcessing", "sep": ["[SEP]", -1], "cls": ["[CLS]", 101]},
    {"type": "BertProcessing", "sep": ["[SEP]", 4294967296], "cls": ["[CLS]", 101]},
    {"type": "BertProcessing", "sep": [102, "[SEP]"], "cls": ["[CLS]", 101]},
    {"type": "BertProcessing", "sep": ["[SEP]", 1.5], "cls": ["[CLS]", 101]},
    {"type": "TemplateProcessing", "single": "[CLS] $A", "pair": "$A $B", "special_tokens": {}},
    {"type": "TemplateProcessing", "single": ["$A"], "pair": [], "special_tokens": {}},
    {"type": "TemplateProcessing", "single": [sq("C")], "pair": [], "special_tokens": {}},
    {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A"}}], "pair": [], "special_tokens": {}},
    {"type": "TemplateProcessing", "single": [{"Foo": {"id": "A", "type_id": 0}}], "pair": [], "special_tokens": {}},
    {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 0}, "SpecialToken": {"id": "A", "type_id": 0}}], "pair": [], "special_tokens": {}},
    {"type": "TemplateProcessing", "single": [], "pair": []},
    {"type": "TemplateProcessing", "single": [], "pair": [], "special_tokens": {"a": {"id": "a", "ids": [1]}}},
    {"type": "TemplateProcessing", "single": [], "pair": [], "special_tokens": {"a": {"id": "a", "ids": [-1], "tokens": ["a"]}}},
    {"type": "TemplateProcessing", "single": [], "pair": [], "special_tokens": []},
    {"type": "TemplateProcessing", "single": [sq("A", -1)], "pair": [], "special_tokens": {}},
    {"type": "Sequence"},
    {"type": "Sequence", "processors": [None]},
    {"type": "Sequence", "processors": [{"type": "ByteLevel"}]},
    {"processors": []},
    {},
]:
    add(pp, "hello there", "pair")

with open('process_cases.in.jsonl', 'w') as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + '\n')
print(len(cases))
