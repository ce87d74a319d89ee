#!/bin/sh
# bench/dedupe-bench.sh - mops-dedupe on synthetic B2B persons with known truth
# (bench/dedupe-gen.py: HubSpot/Salesforce/Marketo copies with nicknames, typos,
# swapped names, gmail variants, legal-suffix variants, role inboxes).  Prints a
# Markdown section: wall and CPU seconds, peak memory, bytes per record, and the
# pairwise precision/recall/F1 against the generator's truth.  bench/run.sh runs
# it after its own table (make bench); alone: sh bench/dedupe-bench.sh.
#   MOPS_BENCH_N (default 1000000), MOPS_BIN (default build/bin),
#   BENCH_OUT (default bench/out).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
n=${MOPS_BENCH_N:-1000000}
bin=${MOPS_BIN:-$top/build/bin}/mops-dedupe
out=${BENCH_OUT:-$top/bench/out}
mkdir -p "$out"
in=$out/dedupe-persons-$n.ndjson
[ -f "$in" ] || python3 "$top/bench/dedupe-gen.py" "$n" 1 >"$in"
/usr/bin/time -f '%e %U %S %M' -o "$out/dedupe-time.txt" "$bin" --stats -m tag "$in" \
    >"$out/dedupe-tagged.ndjson" 2>"$out/dedupe-stats.txt"
read -r wall user sys kb <"$out/dedupe-time.txt"
bytes=$(wc -c <"$in")
echo "### mops-dedupe on $n synthetic B2B persons with truth"
echo
echo "| records | input MB | wall s | CPU s (user+sys) | peak RSS MB | bytes/record |"
echo "|---:|---:|---:|---:|---:|---:|"
awk -v n="$n" -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" -v k="$kb" 'BEGIN {
	printf "| %d | %.0f | %.1f | %.1f | %.0f | %.0f |\n", n, b / 1e6, w, u + s, k / 1024, k * 1024 / n }'
echo
echo '```'
cat "$out/dedupe-stats.txt"
python3 "$top/tests/dedupe-eval/eval.py" <"$out/dedupe-tagged.ndjson"
echo '```'
