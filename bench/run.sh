#!/bin/sh
# bench/run.sh - what `make bench` runs: a reproducible lead file, each mops program
# timed on it, and jq 1.6 and Miller 6 doing the nearest equivalent job, into
# bench/results.md.
#
#   MOPS_BENCH_N     records (default 1000000: about 360 MB of CSV, like a HubSpot
#                    contact export)
#   MOPS_BENCH_SEED  generator seed (default 1)
#   MOPS_BENCH_TOOLS which comparisons to run: "jq mlr" by default; "" for mops only
#   MOPS_BIN         the mops-* programs (default build/bin)
#   MOPS_BENCH_RESULTS  where to write the table (default bench/results.md)
#   MOPS_BENCH_REPORT_RECORDS  records of the report target (default 10000000)
#
# Records/s and MB/s are the job's input records and bytes over its wall time; peak
# RSS comes from GNU time (/usr/bin/time, Debian package "time").  Files go to
# bench/out/ (gitignored).  Other benchmark scripts, bench/normalize-*.sh, bench/dedupe-*.sh,
# bench/attribute-*.sh and bench/score-*.sh, are run after these with the same environment plus
# BENCH_OUT (attribute-bench.sh with 10 x N touches and N opportunities); what they
# print, on stdout or stderr, is added to the results.  bench/targets.sh comes last:
# issue 9's targets, each with its goal, from the runs above (bench/out/runs.txt,
# bench/out/attribute-targets.txt) and its own (report over 10M records, extract
# against the fixture server, peak memory at N/10).
set -eu
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
n=${MOPS_BENCH_N:-1000000}
seed=${MOPS_BENCH_SEED:-1}
tools=${MOPS_BENCH_TOOLS-jq mlr}
MOPS_BIN=${MOPS_BIN:-$top/build/bin}
results=${MOPS_BENCH_RESULTS:-$top/bench/results.md}
out=$top/bench/out
BENCH_OUT=$out
PATH=$MOPS_BIN:$PATH
MOPS_BENCH_N=$n MOPS_BENCH_SEED=$seed	# the other scripts run at the same size
export MOPS_BIN BENCH_OUT PATH MOPS_BENCH_N MOPS_BENCH_SEED
mkdir -p "$out"

case $n in '' | *[!0-9]*) echo "bench: MOPS_BENCH_N=$n: not a number" >&2; exit 64 ;; esac

# 1. the input: gen-leads.c, compiled here (no other build dependency)
cc -std=c11 -O2 -o "$out/gen-leads" "$top/bench/gen-leads.c"
stamp="$n $seed $(cksum <"$top/bench/gen-leads.c")"
if [ ! -f "$out/leads.csv" ] || [ "$(cat "$out/leads.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "bench: generating $n leads" >&2
	t0=$(date +%s)
	"$out/gen-leads" "$n" "$seed" >"$out/leads.csv"
	echo "$stamp" >"$out/leads.stamp"
	echo "bench: generated $(wc -c <"$out/leads.csv") bytes in $(($(date +%s) - t0)) s" >&2
fi

gnutime=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true 2>/dev/null; then
	gnutime=/usr/bin/time
else
	echo "bench: GNU time (/usr/bin/time) missing: no peak RSS (apt-get install time)" >&2
fi

rows="$out/rows.tmp"
: >"$rows"
: >"$out/runs.txt"
mops_secs=

# run JOB TOOL INPUT OUTPUT COMMAND: time COMMAND (sh -c, stdout to OUTPUT), add a row.
run() {
	job=$1 tool=$2 input=$3 output=$4 cmd=$5
	recs=$(wc -l <"$input")
	case $input in *.csv) recs=$((recs - 1)) ;; esac
	bytes=$(wc -c <"$input")
	echo "bench: $job: $tool" >&2
	st=0
	if [ -n "$gnutime" ]; then
		$gnutime -f '%e %M %U %S' -o "$out/time.txt" sh -c "$cmd" >"$output" 2>"$out/stderr.txt" || st=$?
		secs=$(tail -n 1 "$out/time.txt" | cut -d' ' -f1)
		rss=$(tail -n 1 "$out/time.txt" | awk '{ printf "%.0f", $2 / 1024 }')
		cpusecs=$(tail -n 1 "$out/time.txt" | awk '{ printf "%.2f", $3 + $4 }')
	else
		t0=$(date +%s.%N)
		sh -c "$cmd" >"$output" 2>"$out/stderr.txt" || st=$?
		secs=$(echo "$t0 $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }')
		rss=n/a cpusecs=
	fi
	if [ "$st" -ne 0 ]; then
		echo "bench: $job: $tool failed with status $st:" >&2
		tail -n 5 "$out/stderr.txt" >&2
		printf '| %s | %s | failed (status %s) | | | | |\n' "$job" "$tool" "$st" >>"$rows"
		[ "$tool" = mops ] && mops_secs=
		return 0
	fi
	[ "$tool" = mops ] && mops_secs=$secs
	# for bench/targets.sh: job|tool|records|bytes|wall s|peak RSS MB|CPU s
	echo "$job|$tool|$recs|$bytes|$secs|$rss|$cpusecs" >>"$out/runs.txt"
	echo "$job|$tool|$recs|$bytes|$secs|$rss|$mops_secs" | awk -F'|' '{
		s = $5 > 0 ? $5 : 0.01
		ratio = ($2 == "mops") ? "1" : ($7 != "" ? sprintf("%.1fx", s / ($7 > 0 ? $7 : 0.01)) : "")
		printf "| %s | %s | %.0f | %.1f | %s | %.2f | %s |\n", $1, $2, $3 / s, $4 / s / 1e6, $6, $5, ratio
	}' >>"$rows"
}

have() { case " $tools " in *" $1 "*) command -v "$1" >/dev/null 2>&1 ;; *) return 1 ;; esac; }
mops() { command -v "mops-$1" >/dev/null 2>&1 || { echo "bench: mops-$1 not built; skipped" >&2; return 1; }; }

csv=$out/leads.csv raw=$out/raw.ndjson canon=$out/canonical.ndjson

mops_secs=
# extract: the CSV export to raw records (Miller: CSV to JSON lines)
if mops extract; then
	run "extract (CSV export to NDJSON)" mops "$csv" "$raw" "mops-extract -q file '$csv'"
fi
have mlr && run "extract (CSV export to NDJSON)" "mlr 6" "$csv" "$out/mlr.out" \
	"mlr --icsv --ojsonl cat '$csv'"
[ -s "$raw" ] || { have mlr && cp "$out/mlr.out" "$raw"; } || true

mops_secs=
# normalize: every field cleaned; jq and Miller only lowercase and trim the email
if [ -s "$raw" ]; then
	mops normalize && run "normalize (jq/mlr: lowercase+trim email)" mops "$raw" "$canon" \
		"mops-normalize -q '$raw'"
	jobs=$(nproc 2>/dev/null || echo 1)
	[ "$jobs" -gt 1 ] && mops normalize && run "normalize (jq/mlr: lowercase+trim email)" \
		"mops -j $jobs" "$raw" "$out/canonical-j.ndjson" "mops-normalize -q -j $jobs '$raw'"
	have jq && run "normalize (jq/mlr: lowercase+trim email)" "jq 1.6" "$raw" "$out/jq.out" \
		"jq -c '.Email |= (ascii_downcase | ltrimstr(\" \") | rtrimstr(\" \"))' '$raw'"
	have mlr && run "normalize (jq/mlr: lowercase+trim email)" "mlr 6" "$raw" "$out/mlr.out" \
		"mlr --ijsonl --ojsonl put '\$Email = strip(tolower(\$Email))' '$raw'"
fi

if [ -s "$canon" ]; then
	mops_secs=
	# dedupe: fuzzy matching and merging; the others keep the first record per exact email
	mops dedupe && run "dedupe (jq/mlr: first per exact email)" mops "$canon" "$out/golden.ndjson" \
		"mops-dedupe -q '$canon'"
	have jq && run "dedupe (jq/mlr: first per exact email)" "jq 1.6" "$canon" "$out/jq.out" \
		"jq -s -c 'unique_by(.email) | .[]' '$canon'"
	have mlr && run "dedupe (jq/mlr: first per exact email)" "mlr 6" "$canon" "$out/mlr.out" \
		"mlr --ijsonl --ojsonl head -n 1 -g email '$canon'"

	mops_secs=
	# report: count by email domain (mops: the funnel by domain, counts per stage)
	mops report && run "report: count by email domain" mops "$canon" "$out/report.out" \
		"mops-report funnel -q --by email_domain --format csv '$canon'"
	have jq && run "report: count by email domain" "jq 1.6 + sort + uniq -c" "$canon" "$out/jq.out" \
		"jq -r '.email_domain // \"\"' '$canon' | sort | uniq -c"
	have mlr && run "report: count by email domain" "mlr 6" "$canon" "$out/mlr.out" \
		"mlr --ijsonl --ocsv count -g email_domain '$canon'"

	mops_secs=
	# report: funnel counts by channel and lifecycle stage
	mops report && run "report: funnel by channel" mops "$canon" "$out/report.out" \
		"mops-report funnel -q --by channel --format csv '$canon'"
	have jq && run "report: funnel by channel" "jq 1.6 + sort + uniq -c" "$canon" "$out/jq.out" \
		"jq -r '[.channel // \"\", .lifecycle_stage // \"\"] | @tsv' '$canon' | sort | uniq -c"
	have mlr && run "report: funnel by channel" "mlr 6" "$canon" "$out/mlr.out" \
		"mlr --ijsonl --ocsv count -g channel,lifecycle_stage '$canon'"
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
{
	echo "# mops benchmarks"
	echo
	echo "Written by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d): $n synthetic"
	echo "HubSpot-export leads (bench/gen-leads.c, seed $seed), $(wc -c <"$csv") bytes of CSV."
	echo
	echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}, ${mem:-unknown} memory; $(uname -sr)."
	echo "Tools: $(jq --version 2>/dev/null || echo 'jq missing'), $(mlr --version 2>/dev/null || echo 'Miller missing'), mops $( ("$MOPS_BIN/mops-normalize" --version 2>/dev/null || echo '?') | head -n 1 | awk '{ print $NF }')."
	echo
	echo "Load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) at the end (other work on the machine skews the times)."
	echo
	echo "Records/s and MB/s: the job's input over wall time.  \"time vs mops\": the tool's"
	echo "wall time over mops' on the same job (2.0x = mops is twice as fast).  jq and"
	echo "Miller do a smaller job (named in brackets) than mops, which cleans every field,"
	echo "matches fuzzily, and so on: the ratios flatter them.  jq 1.6's reduce into an"
	echo "object is quadratic in the number of keys, so the counts use the usual idiom"
	echo "(jq | sort | uniq -c) and the exact-email dedupe slurps (jq -s unique_by)."
	echo
	echo "| job | tool | records/s | MB/s | peak RSS MB | time s | time vs mops |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	cat "$rows"
	# the other benchmarks print their lines on stdout or stderr; attribute-bench.sh
	# takes TOUCHES OPPS: 10 touches per record, as many opportunities as records
	for s in "$top"/bench/normalize-*.sh "$top"/bench/dedupe-*.sh "$top"/bench/attribute-*.sh \
	    "$top"/bench/score-*.sh "$top"/bench/targets.sh; do
		[ -f "$s" ] || continue
		echo
		echo '```'
		case ${s##*/} in
		attribute-bench.sh) sh "$s" "$((n * 10))" "$n" 2>&1 || echo "(${s##*/} failed with status $?)" ;;
		*) sh "$s" 2>&1 || echo "(${s##*/} failed with status $?)" ;;
		esac
		echo '```'
	done
} >"$results.tmp"
mv "$results.tmp" "$results"
rm -f "$rows"
cat "$results"
