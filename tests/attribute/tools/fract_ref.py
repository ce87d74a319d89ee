#!/usr/bin/env python3
"""fract_ref.py PATHS.csv TRANSFORM - data-driven attribution (Fractribution)
computed independently of mops, straight from the definition in issue 23 and
mops-attribute(1): per channel, the conversions and value credited.

Paths come as ChannelAttribution writes them: a header naming path,
total_conversions, total_conversion_value, total_null; rows separated by ';';
channels by '>'.

  transform  unique (as is), exposure (consecutive repeats collapse), first
             (each channel once, at its first occurrence), frequency (each
             channel once, tagged with its count)
  p(path)    conversions / (conversions + non-conversions) over every path with
             the same transformed steps; 0 for a path never seen
  step i     max(0, p(path) - p(path without step i)), normalised to 1; all 0:
             the last step gets 1; a one-step path gets 1
Prints "channel conversions value" lines, channels sorted, %.17g.
"""
import sys
from collections import OrderedDict


def transform(chs, how):
    if how == "unique":
        return tuple(chs)
    if how == "exposure":
        out = []
        for c in chs:
            if not out or out[-1] != c:
                out.append(c)
        return tuple(out)
    counts = OrderedDict()
    for c in chs:
        counts[c] = counts.get(c, 0) + 1
    if how == "first":
        return tuple(counts.keys())
    if how == "frequency":
        return tuple("%s(%d)" % (c, n) for c, n in counts.items())
    raise SystemExit("unknown transform " + how)


def channel_of(step, how):
    return step.rsplit("(", 1)[0] if how == "frequency" else step


def main():
    fname, how = sys.argv[1], sys.argv[2]
    with open(fname) as f:
        rows = [line.rstrip("\n").split(";") for line in f if line.strip()]
    head = [h.strip() for h in rows[0]]
    ip, ic = head.index("path"), head.index("total_conversions")
    iv = head.index("total_conversion_value") if "total_conversion_value" in head else None
    inull = head.index("total_null") if "total_null" in head else None
    conv, nonconv, value = {}, {}, {}
    for r in rows[1:]:
        chs = [c.strip() for c in r[ip].split(">")]
        key = transform(chs, how)
        conv[key] = conv.get(key, 0.0) + float(r[ic])
        nonconv[key] = nonconv.get(key, 0.0) + (float(r[inull]) if inull is not None else 0.0)
        value[key] = value.get(key, 0.0) + (float(r[iv]) if iv is not None else 0.0)

    def p(key):
        if key not in conv:
            return 0.0
        tot = conv[key] + nonconv[key]
        return conv[key] / tot if tot > 0 else 0.0

    credit_c, credit_v = {}, {}
    for key in conv:
        for s in key:
            credit_c.setdefault(channel_of(s, how), 0.0)
            credit_v.setdefault(channel_of(s, how), 0.0)
        if conv[key] <= 0 and value[key] == 0:
            continue
        if len(key) == 1:
            shares = [1.0]
        else:
            base = p(key)
            marg = [max(0.0, base - p(key[:i] + key[i + 1:])) for i in range(len(key))]
            tot = sum(marg)
            if tot > 0:
                shares = [m / tot for m in marg]
            else:
                shares = [0.0] * (len(key) - 1) + [1.0]
        for s, sh in zip(key, shares):
            credit_c[channel_of(s, how)] += sh * conv[key]
            credit_v[channel_of(s, how)] += sh * value[key]
    for ch in sorted(credit_c):
        print("%s %.17g %.17g" % (ch, credit_c[ch], credit_v[ch]))


main()
