#!/bin/sh
# bench/score-bench.sh - mops-score on N persons with 10 x N touches (issue #20:
# 1M persons and 10M touches scored in under 30 s of CPU).  bench/score-gen.c
# writes N/10 accounts, then each person followed by its touches; scored by
# pipelines/demo-score-rules.json (fit, pricing-page, webinar, form and click
# rules, 30-day half-life) twice: as read in any order (spooled) and with
# --grouped (streamed).  Prints a Markdown section: wall and CPU seconds, peak
# memory, whether the target is met (by CPU time).  bench/run.sh runs it after
# its own table (make bench); alone: sh bench/score-bench.sh.
#   MOPS_BENCH_N (default 1000000), MOPS_BENCH_SEED (1), MOPS_BIN (build/bin),
#   BENCH_OUT (bench/out).
set -eu
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
n=${MOPS_BENCH_N:-1000000}
seed=${MOPS_BENCH_SEED:-1}
bin=${MOPS_BIN:-$top/build/bin}/mops-score
out=${BENCH_OUT:-$top/bench/out}
mkdir -p "$out"
cc -std=c11 -O2 -o "$out/score-gen" "$top/bench/score-gen.c"
in=$out/score-people-$n-$seed.ndjson
[ -f "$in" ] || "$out/score-gen" "$n" "$seed" >"$in"
rules=$top/pipelines/demo-score-rules.json
touches=$(grep -c '"type":"touch"' "$in" || true)
echo "### mops-score: $n persons, $touches touches (issue #20 target: < 30 s CPU)"
echo
echo "| mode | records | input MB | wall s | CPU s (user+sys) | peak RSS MB | met |"
echo "|---|---:|---:|---:|---:|---:|---|"
for mode in spooled grouped; do
	g=
	[ "$mode" = grouped ] && g=--grouped
	/usr/bin/time -f '%e %U %S %M' -o "$out/score-time.txt" "$bin" $g --rules "$rules" \
	    --now 2026-12-01T00:00:00Z --stats "$in" >"$out/score-out.ndjson" 2>"$out/score-stats.txt"
	read -r wall user sys kb <"$out/score-time.txt"
	awk -v m="$mode" -v r="$(wc -l <"$in")" -v b="$(wc -c <"$in")" -v w="$wall" \
	    -v u="$user" -v s="$sys" -v k="$kb" 'BEGIN {
		printf "| %s | %d | %.0f | %.1f | %.1f | %.0f | %s |\n", m, r, b / 1e6, w, u + s,
		    k / 1024, (u + s < 30 ? "yes" : "**no**") }'
done
echo
echo '```'
cat "$out/score-stats.txt"
echo '```'
rm -f "$out/score-out.ndjson"
