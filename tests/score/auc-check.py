#!/usr/bin/env python3
"""auc-check.py TRUTH SCORED - AUC of mops-score's `score` on the held-out
persons against the true model's AUC (both against the drawn outcomes).
Prints "ok" when ours is at least 95% of the truth's, else both figures."""
import json, sys


def auc(pairs):
    pairs = sorted(pairs)
    npos = sum(y for _, y in pairs)
    nneg = len(pairs) - npos
    rank, i, rs = 0, 0, 0.0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mean = (i + 1 + j) / 2
        rs += mean * sum(y for _, y in pairs[i:j])
        i = j
    return (rs - npos * (npos + 1) / 2) / (npos * nneg)


truth = {}
for line in open(sys.argv[1]):
    pid, p, y = line.strip().split(",")
    truth[pid] = (float(p), int(y))
ours = []
for line in open(sys.argv[2]):
    r = json.loads(line)
    if r.get("type") == "person" and r["id"] in truth:
        ours.append((r["score"], truth[r["id"]][1]))
true_auc = auc([(p, y) for p, y in truth.values()])
our_auc = auc(ours)
if len(ours) == len(truth) and our_auc >= 0.95 * true_auc:
    print("ok")
else:
    print("persons %d of %d, AUC %.4f, true model %.4f" % (len(ours), len(truth), our_auc, true_auc))
