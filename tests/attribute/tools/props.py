#!/usr/bin/env python3
"""props.py SEED - property test of mops-attribute on random journeys: for every
opportunity and model, the credited amounts add up to the amount exactly (in
cents), the weights sum to 1 (participation: 1 and the whole amount per
channel), every row's amount is within a cent of weight x amount, a single-touch
path gets everything, and shuffling the input changes nothing.  Prints one line."""
import json, random, subprocess, sys
from collections import defaultdict

def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rnd = random.Random(seed)
    chans = ["Email", "Direct", "Paid Search", "Organic Search", "Referral", "Display"]
    recs = []
    for i in range(1500):
        p = rnd.randrange(200)
        recs.append({"type": "touch", "id": "t%d" % i, "person_id": "p%d" % p,
                     "account_id": "a%d" % (p % 60),
                     "occurred_at": "2026-%02d-%02dT%02d:00:00Z" % (rnd.randint(1, 6), rnd.randint(1, 28), rnd.randrange(24)),
                     "touch_type": rnd.choice(["page_view", "form_submit", "email_click"]),
                     "channel": rnd.choice(chans), "campaign_id": "c%d" % rnd.randrange(5)})
    opps = {}
    for i in range(300):
        a = rnd.randrange(70)
        cents = rnd.randrange(-5000, 10000000)
        recs.append({"type": "opportunity", "id": "o%03d" % i, "account_id": "a%d" % a,
                     "person_ids": ["p%d" % (a + 60 * rnd.randrange(4))],
                     "amount": "%s%d.%02d" % ("-" if cents < 0 else "", abs(cents) // 100, abs(cents) % 100),
                     "created_at": "2026-%02d-%02dT12:00:00Z" % (rnd.randint(2, 7), rnd.randint(1, 28))})
        opps["o%03d" % i] = cents
    for i in range(30):
        recs.append({"type": "person", "id": "p%d" % rnd.randrange(200),
                     "stage_dates": {"lead": "2026-03-01T00:00:00Z"}})
    opts = [["--join", rnd.choice(["person", "account", "both"])],
            ["--lookback", rnd.choice(["30d", "60d", "none"])],
            ["--short-paths", rnd.choice(["split", "renormalise"])]]
    if rnd.random() < .5:
        opts.append(["--drop-repeats"])
    if rnd.random() < .5:
        opts.append(["--drop-direct"])
    args = ["mops-attribute", "-m", "all"] + [x for o in opts for x in o]

    def run(rs):
        data = "".join(json.dumps(r) + "\n" for r in rs)
        return subprocess.run(args, input=data, capture_output=True, text=True, check=True).stdout

    out = run(recs)
    shuffled = recs[:]
    rnd.shuffle(shuffled)
    bad = []
    if run(shuffled) != out:
        bad.append("output depends on input order")
    rows = defaultdict(list)
    for line in out.splitlines():
        r = json.loads(line)
        rows[(r["opportunity_id"], r["model"])].append(r)
    def cents(x):
        return int(round(float(x) * 100))
    for (oid, model), rs in rows.items():
        total = opps[oid]
        if model == "participation":
            if any(cents(r["amount"]) != total for r in rs) or any(r["weight"] != 1 for r in rs):
                bad.append("%s %s: participation" % (oid, model))
            continue
        if sum(cents(r["amount"]) for r in rs) != total:
            bad.append("%s %s: amounts add up to %d, not %d" % (oid, model, sum(cents(r["amount"]) for r in rs), total))
        if abs(sum(r["weight"] for r in rs) - 1) > 1e-9:
            bad.append("%s %s: weights sum to %r" % (oid, model, sum(r["weight"] for r in rs)))
        for r in rs:
            if abs(cents(r["amount"]) - r["weight"] * total) > 1 + 1e-6:
                bad.append("%s %s: %s off by more than a cent" % (oid, model, r["touch_id"]))
        if len(rs) == 1 and rs[0]["weight"] != 1:
            bad.append("%s %s: single touch weight %r" % (oid, model, rs[0]["weight"]))
    if len({k[0] for k in rows}) != len(opps):
        bad.append("missing opportunities")
    if bad:
        print("seed %d %s: %d failures, first: %s" % (seed, " ".join(args[3:]), len(bad), bad[0]))
    else:
        print("seed %d: ok" % seed)

main()
