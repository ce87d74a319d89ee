#!/usr/bin/env python3
"""gen-history.py SEED N OUTDIR - synthetic lead history whose conversions follow
a known logistic model, for testing mops-score --fit / --model.

Writes OUTDIR/train.ndjson and OUTDIR/test.ndjson (accounts, persons, touches,
shuffled: any order) and OUTDIR/truth.csv (test person id, true probability,
outcome).  The true model (logit):
  -4.0 + 1.5 [title has vp|chief] + 0.6 ln(employees / 100)
  + 0.5 [country US or CA] - 0.8 [email_free] + 0.4 [industry Software]
  + 0.7 pricing page views + 0.9 webinars attended + 0.1 email clicks
Converted persons get stage_dates.sql (after their touches) and a
lifecycle_stage of sql or customer; the others stay leads.  Standard library
only; the same seed gives the same files.
"""
import json, math, random, sys

seed, n, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(seed)
TITLES = ["VP Marketing", "Chief Revenue Officer", "Marketing Manager", "Analyst",
          "Director of Sales", "Intern", "vp, demand gen", "Engineer"]
COUNTRIES = ["US", "CA", "GB", "DE", "FR"]
INDUSTRIES = ["Software", "Retail", "Finance", "Health"]
DAY = 86400
T0 = 1767225600  # 2026-01-01T00:00:00Z


def ts(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def poisson(lam):
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rnd.random()
        if p <= l:
            return k
        k += 1


def person(i, acc):
    title = rnd.choice(TITLES)
    country = rnd.choice(COUNTRIES)
    free = rnd.random() < 0.3
    emp = acc["employees"]
    pricing, webinars, clicks = poisson(1.0), poisson(0.6), poisson(2.5)
    blog = poisson(2.0)
    z = (-4.0 + 1.5 * (("vp" in title.lower().split()) or ("vp," in title.lower().split())
                       or "chief" in title.lower())
         + 0.6 * math.log(emp / 100) + 0.5 * (country in ("US", "CA"))
         - 0.8 * free + 0.4 * (acc["industry"] == "Software")
         + 0.7 * pricing + 0.9 * webinars + 0.1 * clicks)
    p = 1 / (1 + math.exp(-z))
    y = rnd.random() < p
    created = T0 + rnd.randrange(0, 200 * DAY)
    pid = "gen:contact:%d" % i
    rec = {"type": "person", "id": pid, "title": title, "country": country,
           "email": "p%d@%s" % (i, "gmail.com" if free else "corp%d.com" % i),
           "email_free": free, "account_id": acc["id"],
           "created_at": ts(created), "lifecycle_stage": "lead"}
    touches, t = [], created
    kinds = (["page_view:/pricing"] * pricing + ["page_view:/blog/post"] * blog +
             ["webinar_attended:"] * webinars + ["email_click:"] * clicks)
    rnd.shuffle(kinds)
    for j, k in enumerate(kinds):
        t += rnd.randrange(DAY // 2, 10 * DAY)
        tt, url = k.split(":", 1)
        tr = {"type": "touch", "id": "%s:t%d" % (pid, j), "person_id": pid,
              "touch_type": tt, "occurred_at": ts(t)}
        if url:
            tr["url"] = "https://www.example.com" + url
        touches.append(tr)
    if y:
        rec["lifecycle_stage"] = rnd.choice(["sql", "customer"])
        rec["stage_dates"] = {"lead": ts(created), "sql": ts(t + rnd.randrange(DAY, 20 * DAY))}
    return rec, touches, p, y


def write(name, lo, hi, truth=None):
    recs = []
    accs = {}
    for i in range(lo, hi):
        a = rnd.randrange(0, (hi - lo) // 3 + 1)
        aid = "gen:company:%d:%d" % (lo, a)
        if aid not in accs:
            accs[aid] = {"type": "account", "id": aid,
                         "employees": int(math.exp(rnd.uniform(math.log(10), math.log(20000)))),
                         "industry": rnd.choice(INDUSTRIES)}
            recs.append(accs[aid])
        p, ts_, prob, y = person(i, accs[aid])
        recs.append(p)
        recs.extend(ts_)
        if truth is not None:
            truth.append((p["id"], prob, int(y)))
    rnd.shuffle(recs)
    with open("%s/%s.ndjson" % (out, name), "w") as f:
        for r in recs:
            f.write(json.dumps(r, separators=(",", ":")) + "\n")


truth = []
write("train", 0, n * 2 // 3)
write("test", n * 2 // 3, n, truth)
with open(out + "/truth.csv", "w") as f:
    for pid, prob, y in truth:
        f.write("%s,%.10f,%d\n" % (pid, prob, y))
