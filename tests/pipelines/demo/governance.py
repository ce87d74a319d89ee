# The demo company's A/B test and lifecycle problems against their truth
# (fixtures/gen: governance()), independently of mops-report's arithmetic.
# usage: governance.py TRUTH GOLDEN READOUT.csv RECORDS.csv
# Golden people are matched to truth clusters through their ids and
# _merged_from; a person converted when it reached mql (a stage_dates entry
# for mql or later, or a current stage at or past mql).
import csv, json, sys

STAGES = ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist"]
truth = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
cluster = {t["id"]: t["cluster"] for t in truth if t["kind"] == "person"}
arm, finding = {}, {}
for t in truth:
    if "variant" in t:
        arm[t["cluster"]] = t["variant"]
    for f in t.get("lifecycle", []):
        finding[t["cluster"]] = f

want = {}
golden_of = {}
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    if r.get("type", "person") != "person":
        continue
    ids = [r["id"]] + list(r.get("_merged_from") or [])
    cs = {cluster[i] for i in ids if i in cluster}
    for c in cs:
        golden_of.setdefault(c, r["id"])
    if "nurtureVariant" not in r:
        continue
    # the arm of the Marketo leads merged into it (a wrong merge of two
    # people in different arms leaves mops-dedupe's pick)
    vs = {arm[cluster[i]] for i in ids if i.startswith("marketo:lead:") and i in cluster}
    v = vs.pop() if len(vs) == 1 else r["nurtureVariant"]
    sd = r.get("stage_dates") or {}
    st = (r.get("lifecycle_stage") or "").lower()
    conv = any(s in sd for s in STAGES[2:]) or (st in STAGES and STAGES.index(st) >= 2)
    n, x = want.get(v, (0, 0))
    want[v] = (n + 1, x + conv)

got = {r["variant"]: (int(r["people"]), int(r["converted"]))
       for r in csv.DictReader(open(sys.argv[3], newline=""))}
for v in sorted(set(want) | set(got)):
    if got.get(v) == want.get(v):
        print("ok variant %s: people and converted as in the truth" % v)
    else:
        print("FAIL variant %s: people, converted %s, truth %s" % (v, got.get(v), want.get(v)))

found = {(r["id"], r["issue"]) for r in csv.DictReader(open(sys.argv[4], newline=""))}
for c in sorted(finding):
    g = golden_of.get(c)
    print("%s %s %s" % ("ok" if (g, finding[c]) in found else "FAIL", finding[c], c))
for f in ("regression", "out_of_order"):
    n = sum(1 for _, i in found if i == f)
    planted = sum(1 for c in finding if finding[c] == f)
    if planted and n >= planted:
        print("ok %s: every planted one found" % f)
    else:
        print("FAIL %s: %d found, %d planted" % (f, n, planted))
