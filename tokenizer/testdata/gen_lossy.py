# Makes lossy.jsonl: random byte strings (hex) and Python's decode("utf-8", errors="replace")
# of each, re-encoded as UTF-8 (hex). Run: python3 gen_lossy.py > lossy.jsonl
import json, random, sys
random.seed(7)
pieces = [b'\x80', b'\xbf', b'\xc0', b'\xc1', b'\xc2', b'\xdf', b'\xe0', b'\xe0\xa0', b'\xe0\x80', b'\xed\xa0\x80',
          b'\xed\x9f', b'\xe2\x82', b'\xe2\x82\xac', b'\xf0', b'\xf0\x90', b'\xf0\x90\x80', b'\xf0\x80\x80',
          b'\xf4\x8f\xbf', b'\xf4\x90\x80\x80', b'\xf5', b'\xff', b'\xfe', b'a', b' ', b'\xc3\xa9',
          b'\xf0\x9f\x98\x80', b'\xe4\xb8\x96']
for i in range(400):
    b = b''.join(random.choice(pieces) for _ in range(random.randint(0, 8)))
    if i < len(pieces):
        b = pieces[i]
    sys.stdout.write(json.dumps({"in": b.hex(), "out": b.decode('utf-8', errors='replace').encode().hex()}) + "\n")
