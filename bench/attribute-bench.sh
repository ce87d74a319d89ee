#!/bin/sh
# bench/attribute-bench.sh [TOUCHES [OPPS]] - time mops-attribute on synthetic
# journeys: by default 10,000,000 touches and 1,000,000 opportunities, the
# issue's target (under a minute on one core).  bench/run.sh runs it after its
# own jobs with BENCH_OUT (the scratch folder) and MOPS_BIN set, and adds what
# it prints (Markdown) to bench/results.md; it also runs alone.
#   MOPS_ATTR_BENCH_TOUCHES, MOPS_ATTR_BENCH_OPPS override the sizes.
# The data (about 3 GB for the default) is generated from bench/attribute-gen.c
# into BENCH_OUT (else a temporary folder) and removed afterwards; never commit it.
# "CPU s" is user + system time: on a shared machine it is the fair figure for
# "one core"; wall time includes waiting for the CPU.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
touches=${1:-${MOPS_ATTR_BENCH_TOUCHES:-10000000}}
opps=${2:-${MOPS_ATTR_BENCH_OPPS:-1000000}}
bin=${MOPS_BIN:-$top/build/bin}
if [ -n "${BENCH_OUT:-}" ]; then
	mkdir -p "$BENCH_OUT"
	tmp=$(mktemp -d "$BENCH_OUT/attribute.XXXXXX")
else
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mops-attr-bench.XXXXXX")
fi
trap 'rm -rf "$tmp"' EXIT INT TERM
${CC:-cc} -std=c11 -O2 -o "$tmp/gen" "$top/bench/attribute-gen.c"
"$tmp/gen" "$touches" "$opps" >"$tmp/data.ndjson"
bytes=$(wc -c <"$tmp/data.ndjson")
echo "### mops-attribute: $touches touches, $opps opportunities ($((bytes / 1000000)) MB of NDJSON)"
echo
echo "| models | output | wall s | CPU s | peak RSS MB |"
echo "|---|---|---:|---:|---:|"
run() {	# label, output kind, options...
	label=$1 kind=$2
	shift 2
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$bin/mops-attribute" "$@" \
		    "$tmp/data.ndjson" >/dev/null
		awk -v l="$label" -v k="$kind" '{ printf "| %s | %s | %.1f | %.1f | %d |\n",
		    l, k, $1, $2 + $3, $4 / 1024 }' "$tmp/time"
		# for bench/targets.sh: label|kind|touches|opps|wall|CPU|peak RSS MB
		[ -n "${BENCH_OUT:-}" ] && awk -v l="$label" -v k="$kind" -v t="$touches" \
		    -v o="$opps" '{ printf "%s|%s|%s|%s|%.2f|%.2f|%d\n", l, k, t, o, $1,
		    $2 + $3, $4 / 1024 }' "$tmp/time" >>"$BENCH_OUT/attribute-targets.txt"
	else
		t0=$(date +%s)
		"$bin/mops-attribute" "$@" "$tmp/data.ndjson" >/dev/null
		echo "| $label | $kind | $(($(date +%s) - t0)) | | |"
	fi
}
[ -n "${BENCH_OUT:-}" ] && : >"$BENCH_OUT/attribute-targets.txt"
# the issue's target: every heuristic model (all but markov and shapley)
heuristic=first,last,last_non_direct,linear,position,w_shaped,z_shaped,time_decay
heuristic=$heuristic,j_shaped,inverse_j,participation
run linear "credit rows" -m linear
run heuristic "credit rows" -m "$heuristic"
run all "credit rows" -m all
run all "roll-ups by channel" -m all --by channel
