#!/bin/sh
# bench/attribute-bench.sh [TOUCHES [OPPS]] - time mops-attribute on synthetic
# data (default 10,000,000 touches and 1,000,000 opportunities, the issue's
# target: under a minute on one core).  The data (about 3 GB) is generated in
# ${TMPDIR:-/tmp} and removed afterwards; it is never committed.
# Prints one line per run: model(s), wall and CPU seconds, peak memory.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
touches=${1:-10000000}
opps=${2:-1000000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mops-attr-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
${CC:-cc} -O2 -o "$tmp/gen" "$top/bench/attribute-gen.c"
"$tmp/gen" "$touches" "$opps" >"$tmp/data.ndjson"
echo "mops-attribute: $touches touches, $opps opportunities ($(wc -c <"$tmp/data.ndjson") bytes)"
for models in linear first,last,linear,position,w_shaped "all"; do
	if command -v /usr/bin/time >/dev/null 2>&1; then
		/usr/bin/time -f "  -m $models: %e s wall, %U s user, %S s sys, %M KB" \
		    "$top/build/bin/mops-attribute" -m "$models" "$tmp/data.ndjson" >/dev/null
	else
		start=$(date +%s)
		"$top/build/bin/mops-attribute" -m "$models" "$tmp/data.ndjson" >/dev/null
		echo "  -m $models: $(($(date +%s) - start)) s wall"
	fi
done
