# tests/extract/common.sh - sourced by the cmd scripts of tests/extract/*/.
# Starts the fixture vendor server (killed on exit), makes runs deterministic
# and fast, and offers helpers that compare output with the served data.
MOPS_RETRY_SCALE=0.01
MOPS_NOW=2026-11-23T00:00:00Z
export MOPS_RETRY_SCALE MOPS_NOW
DATA=$MOPS_TOP/fixtures/data/small
. "$MOPS_TOP/fixtures/server/lib.sh"
trap fixture_stop EXIT
trap 'exit 1' INT TERM

# exact DATAFILE OUTPUT KEY: "N records, N exact, N missing" - byte-for-byte
# comparison of each output line (minus _stream/_extracted_at) with the record
# as stored in the data file (one record per line).
exact() {
	python3 - "$@" <<'PY'
import json, sys
src, out, key = sys.argv[1], sys.argv[2], sys.argv[3]
recs = {}
for l in open(src, encoding="utf-8"):
    l = l.rstrip("\n").rstrip(",")
    if l.startswith("{"):
        recs[str(json.loads(l)[key])] = l
n = ok = 0
seen = set()
for l in open(out, encoding="utf-8"):
    l = l.rstrip("\n")
    i = l.index(',"_stream"')
    body = l[:i] + "}"
    k = str(json.loads(body)[key])
    seen.add(k)
    n += 1
    ok += recs.get(k) == body
print("%d records, %d exact, %d missing" % (n, ok, len(set(recs) - seen)))
PY
}

# ids OUTPUT KEY: the sorted, unique ids of an output file, one per line
# (KEY is the record's first member, as the vendors send it; no python start-up)
ids() {
	sed -n "s/^{\"$2\":\"\{0,1\}\([^\",]*\).*/\1/p" "$1" | sort -u
}

# faults SPEC: replace the server's fault list
faults() {
	curl -s -X POST "$FIXTURE_URL/__faults" -d "{\"spec\":\"$1\"}" >/dev/null
}

# routes: count requests per route seen by the server since the last reset
routes() {
	curl -s "$FIXTURE_URL/__log" | grep -o '"route":"[^"]*"' | sed 's/"route":"//; s/"$//' |
		sort | uniq -c | awk '{ printf "%s%s=%d", n++ ? " " : "", $2, $1 } END { print "" }'
}

reset_server() {
	curl -s -X POST "$FIXTURE_URL/__reset" >/dev/null
}

# status CMD...: runs CMD and prints "status N"
status() {
	"$@"
	echo "status $?"
}
