# The chi-square p-values of the SRM tables, independently: df 2 has the closed
# form exp(-x/2), df 1 is erfc(sqrt(x/2)).  usage: verify.py SRM.csv SHARE...
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
shares = [float(s) for s in sys.argv[2:]]
people = [int(r["people"]) for r in rows[:-1]]
n = sum(people)
chi = sum((o - s * n) ** 2 / (s * n) for o, s in zip(people, shares))
df = len(shares) - 1
p = math.exp(-chi / 2) if df == 2 else math.erfc(math.sqrt(chi / 2))
got = rows[-1]
ok = abs(float(got["chi_square"]) - chi) <= 0.00005 and abs(float(got["p_value"]) - p) <= 0.00005
print("%s chi_square %.4f df %d p_value %.4f srm %s" % ("ok" if ok else "FAIL", chi, df, p, got["srm"]))
