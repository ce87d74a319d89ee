#!/bin/sh
# bench/normalize-cpu.sh - mops-normalize's CPU cost, for a shared machine where wall
# time says little: user+system CPU seconds of one filter on the bench leads (raw
# NDJSON, as bench/run.sh makes it), with -j 1 and -j 2, next to jq 1.6 doing the
# bench's much simpler job (lowercase and trim the email).  Prints Markdown.
#
#   MOPS_BENCH_N     records (default 100000)
#   MOPS_BENCH_SEED  generator seed (default 1)
#   MOPS_BIN         the mops-* programs (default build/bin)
#   BENCH_OUT        scratch folder (default bench/out)
#
# "CPU records/s" is records over CPU seconds: what one core does alone.  "-j 2
# efficiency" is CPU(-j 1) / CPU(-j 2): near 1 means the two workers add no work,
# so with two free cores the wall time halves.  Output of -j 2 is compared to -j 1.
set -eu
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
n=${MOPS_BENCH_N:-100000}
seed=${MOPS_BENCH_SEED:-1}
bin=${MOPS_BIN:-$top/build/bin}
out=${BENCH_OUT:-$top/bench/out}
mkdir -p "$out"
case $n in '' | *[!0-9]*) echo "normalize-cpu: MOPS_BENCH_N=$n: not a number" >&2; exit 64 ;; esac
[ -x "$bin/mops-normalize" ] && [ -x "$bin/mops-extract" ] || {
	echo "normalize-cpu: build mops-normalize and mops-extract first (make)" >&2
	exit 69
}

raw=$out/normalize-cpu.$n.$seed.ndjson
if [ ! -s "$raw" ]; then
	cc -std=c11 -O2 -o "$out/gen-leads" "$top/bench/gen-leads.c"
	"$out/gen-leads" "$n" "$seed" >"$out/normalize-cpu.csv"
	"$bin/mops-extract" -q file "$out/normalize-cpu.csv" >"$raw"
	rm -f "$out/normalize-cpu.csv"
fi
bytes=$(wc -c <"$raw")

# cpu CMD: CPU seconds (user+sys) of sh -c CMD, stdout to $out/cpu.out
cpu() {
	/usr/bin/time -f '%U %S %e' -o "$out/cpu.time" sh -c "$1" >"$out/cpu.out"
	awk '{ printf "%.2f %.2f", $1 + $2, $3 }' "$out/cpu.time"
}

set -- $(cpu "'$bin/mops-normalize' -q '$raw'")
c1=$1 w1=$2
cp "$out/cpu.out" "$out/normalize-cpu.j1"
set -- $(cpu "'$bin/mops-normalize' -q -j 2 '$raw'")
c2=$1 w2=$2
same=yes
cmp -s "$out/cpu.out" "$out/normalize-cpu.j1" || same=NO
cj=
if command -v jq >/dev/null 2>&1; then
	set -- $(cpu "jq -c '.Email |= (ascii_downcase | ltrimstr(\" \") | rtrimstr(\" \"))' '$raw'")
	cj=$1
fi
rm -f "$out/cpu.out" "$out/cpu.time" "$out/normalize-cpu.j1"

echo "### mops-normalize CPU time ($n leads, $bytes bytes of raw NDJSON)"
echo
echo "| run | CPU s | wall s | CPU records/s | CPU MB/s | note |"
echo "|---|---:|---:|---:|---:|---|"
awk -v n="$n" -v b="$bytes" -v c1="$c1" -v w1="$w1" -v c2="$c2" -v w2="$w2" \
    -v cj="$cj" -v same="$same" 'BEGIN {
	if (c1 <= 0) c1 = 0.01; if (c2 <= 0) c2 = 0.01
	printf "| mops-normalize | %.2f | %.2f | %.0f | %.1f | full normalization |\n", c1, w1, n / c1, b / c1 / 1e6
	printf "| mops-normalize -j 2 | %.2f | %.2f | %.0f | %.1f | -j 2 efficiency %.2f, output identical: %s |\n", c2, w2, n / c2, b / c2 / 1e6, c1 / c2, same
	if (cj != "") {
		if (cj <= 0) cj = 0.01
		printf "| jq 1.6 | %.2f | | %.0f | %.1f | lowercase+trim email only; %.1fx mops CPU |\n", cj, n / cj, b / cj / 1e6, cj / c1
	}
}'
