#!/usr/bin/env python3
"""markov_ref.py FILE ORDER [nonulls] [ca] - independent reference for mops-attribute's
Markov removal effects: builds the same absorbing chain from a ChannelAttribution
paths file and solves (I - Q) x = r by dense Gaussian elimination with partial
pivoting (no iteration), once per removed channel.  Prints "channel re re_value"
lines.  Slow for big state counts: meant for orders 1 and 2 of the reference data.
With "ca", the chain is ChannelAttribution's graph (--markov-graph channelattribution),
as its C++ source builds it: the windows of ORDER consecutive channels of the raw
path, a path shorter than ORDER one state, a window equal to the one before it not
a new step, conversions and nulls read as integers (truncated)."""
import sys
from collections import defaultdict

def main():
    path, order = sys.argv[1], int(sys.argv[2])
    nulls = "nonulls" not in sys.argv[3:]
    ca = "ca" in sys.argv[3:]
    # ChannelAttribution reads each row's counts as integers (truncated), and a
    # value only with a whole conversion
    num = (lambda x: float(int(float(x)))) if ca else float
    agg = defaultdict(lambda: [0.0, 0.0, 0.0])
    with open(path) as f:
        hdr = f.readline().rstrip("\n").split(";")
        ix = {h: i for i, h in enumerate(hdr)}
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            c = line.split(";")
            chans = tuple(x.strip() for x in c[ix["path"]].split(">"))
            a = agg[chans]
            cv = num(c[ix["total_conversions"]])
            a[0] += cv
            if "total_conversion_value" in ix and (cv > 0 or not ca):
                a[1] += float(c[ix["total_conversion_value"]])
            a[2] += num(c[ix["total_null"]]) if nulls and "total_null" in ix else 0
    states = {(): 0}
    edges = defaultdict(lambda: defaultdict(float))
    out = defaultdict(float); convw = defaultdict(float); val = defaultdict(float)
    for chans, (cv, vv, nl) in agg.items():
        w = cv + nl
        if w <= 0:
            continue
        if ca:
            if len(chans) <= order:
                wins = [chans]
            else:
                wins = [chans[i:i + order] for i in range(len(chans) - order + 1)]
        else:
            seq = []
            for ch in chans:
                if seq and seq[-1] == ch:
                    continue
                seq.append(ch)
            wins = [tuple(seq[max(0, i + 1 - order):i + 1]) for i in range(len(seq))]
        cur = 0
        for win in wins:
            if win not in states:
                states[win] = len(states)
            nxt = states[win]
            if nxt == cur:
                continue
            edges[cur][nxt] += w; out[cur] += w
            cur = nxt
        if cv > 0:
            out[cur] += cv; convw[cur] += cv; val[cur] += vv
        if nl > 0:
            out[cur] += nl
    n = len(states)
    names = {s: i for s, i in states.items()}
    chans = sorted({c for s in states for c in s})

    def solve(removed):
        keep = [i for i in range(n) if i not in removed and out[i] > 0]
        pos = {s: k for k, s in enumerate(keep)}
        m = len(keep)
        A = [[0.0] * (m + 2) for _ in range(m)]
        for k, s in enumerate(keep):
            A[k][k] = 1.0
            for t, w in edges[s].items():
                if t in pos:
                    A[k][pos[t]] -= w / out[s]
            A[k][m] = convw[s] / out[s]
            A[k][m + 1] = val[s] / out[s]
        for col in range(m):
            piv = max(range(col, m), key=lambda r: abs(A[r][col]))
            A[col], A[piv] = A[piv], A[col]
            p = A[col][col]
            row = A[col]
            for r in range(col + 1, m):
                f = A[r][col] / p
                if f:
                    rr = A[r]
                    for c2 in range(col, m + 2):
                        rr[c2] -= f * row[c2]
        x = [0.0] * m; y = [0.0] * m
        for k in range(m - 1, -1, -1):
            sx = A[k][m]; sy = A[k][m + 1]
            for c2 in range(k + 1, m):
                sx -= A[k][c2] * x[c2]; sy -= A[k][c2] * y[c2]
            x[k] = sx / A[k][k]; y[k] = sy / A[k][k]
        return (x[pos[0]], y[pos[0]]) if 0 in pos else (0.0, 0.0)

    p, v = solve(set())
    for c in chans:
        removed = {i for s, i in states.items() if c in s}
        pc, vc = solve(removed)
        print(c, repr(1 - pc / p), repr(1 - vc / v if v > 0 else 0.0))

main()
