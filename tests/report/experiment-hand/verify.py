# Recomputes every figure of mops-report's experiment CSV from the counts with
# Python's math.erfc and statistics.NormalDist, independently of mops, and
# checks the hand figures: relative lift 30%, p-value 0.0355 (pooled
# z-test), SRM p-value 1.  usage: verify.py READOUT.csv SRM.csv
import csv, math, sys
from statistics import NormalDist

rows = {r["variant"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
srm = {r["variant"]: r for r in csv.DictReader(open(sys.argv[2], newline=""))}
alpha = 0.05
za = NormalDist().inv_cdf(1 - alpha / 2)
zb = NormalDist().inv_cdf(0.8)

def check(name, got, want):
    ok = abs(float(got) - want) <= 0.00005 + 1e-9
    print("%s %s: mops %s, python %.4f" % ("ok" if ok else "FAIL", name, got, want))

c, b = rows["A"], rows["B"]
nc, xc, nv, xv = int(c["people"]), int(c["converted"]), int(b["people"]), int(b["converted"])
pc, pv = xc / nc, xv / nv
d = pv - pc
check("rate A", c["rate"], pc)
check("rate B", b["rate"], pv)
check("abs_lift", b["abs_lift"], d)
check("rel_lift", b["rel_lift"], d / pc)
se = math.sqrt(pc * (1 - pc) / nc + pv * (1 - pv) / nv)
check("ci_low", b["ci_low"], d - za * se)
check("ci_high", b["ci_high"], d + za * se)
pool = (xc + xv) / (nc + nv)
z = d / math.sqrt(pool * (1 - pool) * (1 / nc + 1 / nv))
check("p_value", b["p_value"], math.erfc(abs(z) / math.sqrt(2)))
check("mde", b["mde"], (za + zb) * math.sqrt(pc * (1 - pc) * (1 / nc + 1 / nv)))
n = nc + nv
chi = sum((k - n / 2) ** 2 / (n / 2) for k in (nc, nv))
check("srm p_value", srm["(all)"]["p_value"], math.erfc(math.sqrt(chi / 2)))
# the figures, by hand
check("hand rel_lift", b["rel_lift"], 0.30)
check("hand p_value", b["p_value"], 0.0355)
check("hand srm p_value", srm["(all)"]["p_value"], 1.0)
print("significant:", b["significant"])
