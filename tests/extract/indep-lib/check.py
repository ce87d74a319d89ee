# check.py EXPECTED OUTPUT STREAM KEY [FIELD OP TIME]
# EXPECTED: one record per line, exactly as the server served it (compact JSON,
# UTF-8).  OUTPUT: mops-extract's NDJSON.  Each output line minus its trailing
# "_stream" and "_extracted_at" members must equal its expected line byte for byte.
# KEY: a "/"-separated path to the record's id (several joined by "+").
# FIELD OP TIME: only expected records whose FIELD (a path, or several separated by |
# for the first present; a time in any of the
# vendors' formats) compares OP (>=, <) with TIME must come out; others may (overlap)
# and are counted apart.  Prints one line of counts.
import json, sys, datetime

def get(o, path):
    if "|" in path:  # the first of several that is there
        for alt in path.split("|"):
            try:
                return get(o, alt)
            except (KeyError, IndexError):
                pass
        raise KeyError(path)
    for p in path.split("/"):
        o = o[p] if isinstance(o, dict) else o[int(p)]
    return o

def key(o, spec):
    return "+".join(str(get(o, k)) for k in spec.split("+"))

def when(s):
    if isinstance(s, (int, float)):
        return s / 1000.0
    s = s.strip().replace("Z", "+00:00")
    if len(s) == 8 and s.isdigit():
        s = s[:4] + "-" + s[4:6] + "-" + s[6:] + "T00:00:00+00:00"
    if len(s) == 10:
        s += "T00:00:00+00:00"
    if s[-5] in "+-" and s[-3] != ":":
        s = s[:-2] + ":" + s[-2:]
    return datetime.datetime.fromisoformat(s).timestamp()

exp_file, out_file, stream, keyspec = sys.argv[1:5]
cond = sys.argv[5:8]
want = {}
for l in open(exp_file, encoding="utf-8"):
    l = l.rstrip("\n")
    if l:
        want[key(json.loads(l), keyspec)] = l
inside = set(want)
if cond:
    f, op, t = cond
    t = when(t)
    inside = set(k for k, l in want.items()
                 if (when(get(json.loads(l), f)) >= t) == (op == ">="))
n = exact = dup = bad_meta = unexpected = outside = 0
seen = set()
for l in open(out_file, encoding="utf-8"):
    l = l.rstrip("\n")
    n += 1
    i = l.rfind(',"_stream":')
    tail = json.loads("{" + l[i + 1:]) if i > 0 else {}
    body = l[:i] + "}" if i > 0 else l
    if list(tail) != ["_stream", "_extracted_at"] or tail["_stream"] != stream:
        bad_meta += 1
    k = key(json.loads(body), keyspec)
    if k in seen:
        dup += 1
    seen.add(k)
    if k not in want:
        unexpected += 1
        if unexpected <= 3:
            print("unexpected:", body[:300])
        continue
    if k not in inside:
        outside += 1
    if want[k] == body:
        exact += 1
    elif n - exact - dup <= 3:
        print("differs:\n  served: %s\n  out:    %s" % (want[k][:400], body[:400]))
missing = inside - seen
for k in sorted(missing)[:3]:
    print("missing:", want[k][:300])
print("%d out, %d expected, %d exact, %d missing, %d duplicated, %d unexpected, %d outside the window, %d bad _stream"
      % (n, len(inside), exact, len(missing), dup, unexpected, outside, bad_meta))
