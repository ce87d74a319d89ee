#!/bin/sh
# bench/dedupe.sh [N] - mops-dedupe on N synthetic B2B persons (default 1,000,000):
# wall and CPU seconds, peak memory, bytes per record, and the pairwise F1
# against the generator's truth.  The goal: 1M records under 60 s on one core,
# under 2 GB.  Run from the repository root after `make`.
set -eu
n=${1:-1000000}
bin=${MOPS_BUILD:-build}/bin/mops-dedupe
tmp=${TMPDIR:-/tmp}/mops-dedupe-bench.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 bench/dedupe-gen.py "$n" 1 >"$tmp/in.ndjson"
if command -v /usr/bin/time >/dev/null 2>&1; then
	/usr/bin/time -f '%e %U %M' -o "$tmp/time" "$bin" --stats -m tag "$tmp/in.ndjson" \
	    >"$tmp/out.ndjson" 2>"$tmp/stats"
	read -r wall user kb <"$tmp/time"
	bytes=$(wc -c <"$tmp/in.ndjson")
	echo "mops-dedupe: $n records ($bytes bytes): ${wall}s wall, ${user}s user, peak ${kb} KiB," \
	    "$((kb * 1024 / n)) bytes/record"
else
	time "$bin" --stats -m tag "$tmp/in.ndjson" >"$tmp/out.ndjson" 2>"$tmp/stats"
fi
cat "$tmp/stats"
python3 tests/dedupe-eval/eval.py <"$tmp/out.ndjson"
