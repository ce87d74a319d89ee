#!/usr/bin/env python3
"""gen_paths.py N SEED - N random aggregated paths in ChannelAttribution's
format, with non-conversions: six channels, sticky (repeats are common, so
the transforms matter), 1-7 steps, each channel with its own pull towards a
conversion, and duplicate paths among the rows.  Deterministic for a seed."""
import random
import sys

n, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
chans = ["Display", "Email", "Organic", "Paid Search", "Referral", "Social"]
pull = {"Display": 0.05, "Email": 0.3, "Organic": 0.15, "Paid Search": 0.25,
        "Referral": 0.1, "Social": 0.02}
print("path;total_conversions;total_conversion_value;total_null")
for _ in range(n):
    length = 1 + min(6, int(rng.expovariate(0.6)))
    path = [rng.choice(chans)]
    while len(path) < length:
        path.append(path[-1] if rng.random() < 0.35 else rng.choice(chans))
    p = min(0.9, sum(pull[c] for c in set(path)) / 2)
    people = 1 + int(rng.expovariate(0.3))
    conv = sum(rng.random() < p for _ in range(people))
    nulls = people - conv
    value = round(conv * rng.uniform(10, 200), 2)
    print("%s;%d;%s;%d" % (" > ".join(path), conv, repr(value), nulls))
