#!/usr/bin/env python3
"""rehash.py - records shuffled and their ids rehashed, so an evaluation cannot
profit from ids that sort by truth or from the input order.

    rehash.py [SEED] < in.ndjson > out.ndjson

Each "id" keeps its "system:object:" prefix and gets the hex of a keyed hash of
the old id in place of the rest (the same old id gives the same new id, so a
record delivered twice still shares its id); the lines come out in a shuffled
order.  Deterministic for a seed.
"""
import hashlib
import json
import random
import sys

seed = sys.argv[1] if len(sys.argv) > 1 else "1"
lines = sys.stdin.readlines()
out = []
for line in lines:
    r = json.loads(line)
    i = r.get("id")
    if isinstance(i, str) and i:
        pre = i[:i.rfind(":") + 1]
        h = hashlib.sha1((seed + "\0" + i).encode()).hexdigest()[:16]
        r["id"] = pre + h
        if "source_id" in r:
            r["source_id"] = h
    out.append(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
random.Random(seed).shuffle(out)
sys.stdout.writelines(out)
