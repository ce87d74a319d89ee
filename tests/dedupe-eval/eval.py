#!/usr/bin/env python3
"""eval.py - pairwise precision, recall and F1 of mops-dedupe --mode tag output.

    eval.py [--min-f1 F] [--min-precision P] < tagged.ndjson

Each record carries its truth in "_truth" and the prediction in "_cluster".
True pairs are the sum of n(n-1)/2 over truth clusters, predicted pairs the same
over predicted clusters, true positives over their intersections.  Prints one
line; exits 1 when F1 is below --min-f1 or precision below --min-precision.
"""
import collections
import json
import sys


def pairs(counter):
    return sum(n * (n - 1) // 2 for n in counter.values())


truth, pred, both = (collections.Counter() for _ in range(3))
for line in sys.stdin:
    r = json.loads(line)
    t, p = str(r["_truth"]), r["_cluster"]
    truth[t] += 1
    pred[p] += 1
    both[(t, p)] += 1
tp, tt, pp = pairs(both), pairs(truth), pairs(pred)
prec = tp / pp if pp else 1.0
rec = tp / tt if tt else 1.0
f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
print("records %d true_pairs %d predicted_pairs %d precision %.4f recall %.4f f1 %.4f"
      % (sum(truth.values()), tt, pp, prec, rec, f1))
lim = dict(zip(sys.argv[1::2], map(float, sys.argv[2::2])))
if f1 < lim.get("--min-f1", 0) or prec < lim.get("--min-precision", 0):
    sys.exit(1)
