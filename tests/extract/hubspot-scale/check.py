#!/usr/bin/env python3
"""check.py DATA OUT [SINCE_MS [UNTIL_MS]] - compare mops-extract output with the served records.

Prints "N lines, U ids, E exact, M missing, X extra, checksum ok|differs": every output
line minus _stream/_extracted_at must be byte for byte the served record; the expected
set is every record (SINCE absent) or the unarchived ones whose last-modified property
is in [SINCE, UNTIL); the checksum is SHA-256 over the sorted expected lines against
the sorted unique output lines.
"""
import calendar
import hashlib
import re
import sys

src, out = sys.argv[1], sys.argv[2]
since = int(sys.argv[3]) if len(sys.argv) > 3 else None
until = int(sys.argv[4]) if len(sys.argv) > 4 else 1 << 62


def ms(s):
    t = calendar.timegm(time_tuple(s))
    return t * 1000 + int(s[20:23])


def time_tuple(s):
    return (int(s[0:4]), int(s[5:7]), int(s[8:10]), int(s[11:13]), int(s[14:16]), int(s[17:19]))


ID = re.compile(r'^\{"id":"([^"]*)"')
MOD = re.compile(r'"(?:hs_)?lastmodifieddate":"([^"]*)"')
want = {}
for line in open(src, encoding="utf-8"):
    line = line.rstrip("\n").rstrip(",")
    m = ID.match(line)
    if not m:
        continue
    if since is not None:
        if '"archived":true' in line or not (since <= ms(MOD.search(line).group(1)) < until):
            continue
    want[m.group(1)] = line
n = exact = partial = 0
got = {}
for line in open(out, encoding="utf-8"):
    if not line.endswith("}\n"):
        partial += 1  # a run killed while writing
        continue
    body = line[:line.index(',"_stream"')] + "}"
    k = ID.match(body).group(1)
    n += 1
    exact += want.get(k) == body
    got[k] = body
h1 = hashlib.sha256("\n".join(sorted(want.values())).encode()).hexdigest()
h2 = hashlib.sha256("\n".join(sorted(got.values())).encode()).hexdigest()
print("%d lines, %d ids, %d exact, %d missing, %d extra, checksum %s%s" % (
    n, len(got), exact, len(set(want) - set(got)), len(set(got) - set(want)), "ok" if h1 == h2 else "differs",
    ", %d partial line" % partial if partial else ""))
