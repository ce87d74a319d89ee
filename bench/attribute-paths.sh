#!/bin/sh
# bench/attribute-paths.sh [PATHS] - time mops-attribute --from paths on
# synthetic aggregated paths (bench/attribute-paths-gen.c; by default
# MOPS_BENCH_N, else 1,000,000 rows): ChannelAttribution's three heuristic
# models (first, last, linear), every heuristic model, markov and data_driven.
# When R and the ChannelAttribution package are installed (Debian r-base-core,
# r-cran-rcpp, r-cran-rcpparmadillo; the package built from its source with
# R CMD INSTALL), its heuristic_models() (and with MOPS_BENCH_CA_MARKOV=1 its
# markov_model(), a simulation: minutes) run on the same file, timed inside R
# around the call alone ("engine": R's CSV reading is left out, mops's parsing
# is not); the last line is the ratio of the two CPU times for
# first,last,linear (issue 23's target: at least 2x).  bench/run.sh runs it after its own jobs
# and adds what it prints (Markdown) to bench/results.md; it also runs alone.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-${MOPS_BENCH_N:-1000000}}
bin=${MOPS_BIN:-$top/build/bin}
if [ -n "${BENCH_OUT:-}" ]; then
	mkdir -p "$BENCH_OUT"
	tmp=$(mktemp -d "$BENCH_OUT/attribute-paths.XXXXXX")
else
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mops-attr-paths.XXXXXX")
fi
trap 'rm -rf "$tmp"' EXIT INT TERM
${CC:-cc} -std=c11 -O2 -o "$tmp/gen" "$top/bench/attribute-paths-gen.c"
"$tmp/gen" "$n" >"$tmp/paths.csv"
bytes=$(wc -c <"$tmp/paths.csv")
echo "### mops-attribute --from paths: $n paths ($((bytes / 1000000)) MB)"
echo
echo "| tool | models | wall s | CPU s | peak RSS MB |"
echo "|---|---|---:|---:|---:|"
run() {	# tool label, models label, command...
	tool=$1 label=$2
	shift 2
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" ||
		    { echo "| $tool | $label | failed | | |"; return 0; }
		awk -v t="$tool" -v l="$label" '{ printf "| %s | %s | %.2f | %.2f | %d |\n",
		    t, l, $1, $2 + $3, $4 / 1024 }' "$tmp/time"
		awk '{ printf "%.2f\n", $2 + $3 }' "$tmp/time" >"$tmp/cpu.last"
	else
		t0=$(date +%s)
		"$@" >"$tmp/out" 2>"$tmp/err" || { echo "| $tool | $label | failed | | |"; return 0; }
		echo "| $tool | $label | $(($(date +%s) - t0)) | | |"
	fi
}
heuristic=first,last,last_non_direct,linear,position,w_shaped,z_shaped,time_decay
heuristic=$heuristic,j_shaped,inverse_j,participation
run mops "first,last,linear" "$bin/mops-attribute" --from paths -m first,last,linear "$tmp/paths.csv"
mops_cpu=$(cat "$tmp/cpu.last" 2>/dev/null || echo)
run mops "11 heuristic models" "$bin/mops-attribute" --from paths -m "$heuristic" "$tmp/paths.csv"
run mops "markov (order 1)" "$bin/mops-attribute" --from paths -m markov "$tmp/paths.csv"
run mops "data_driven (exposure)" "$bin/mops-attribute" --from paths -m data_driven "$tmp/paths.csv"

if command -v Rscript >/dev/null 2>&1 &&
    Rscript -e 'quit(status = !requireNamespace("ChannelAttribution", quietly = TRUE))' \
    >/dev/null 2>&1; then
	cat >"$tmp/ca.R" <<'R'
invisible(capture.output(suppressMessages(library(ChannelAttribution))))
a <- commandArgs(TRUE)
d <- read.csv(a[1], sep = ";", stringsAsFactors = FALSE)
t <- system.time(invisible(heuristic_models(d, "path", "total_conversions",
    var_value = "total_conversion_value")))
cat(sprintf("| ChannelAttribution %s engine | first,last,linear | %.2f | %.2f | |\n",
    packageVersion("ChannelAttribution"), t[["elapsed"]], t[["user.self"]] + t[["sys.self"]]))
writeLines(sprintf("%.2f", t[["user.self"]] + t[["sys.self"]]), a[2])
if (Sys.getenv("MOPS_BENCH_CA_MARKOV") != "1") quit()
t <- system.time(invisible(markov_model(d, "path", "total_conversions",
    var_value = "total_conversion_value", var_null = "total_null", order = 1,
    verbose = 0, ncore = 1)))
cat(sprintf("| ChannelAttribution %s engine | markov (order 1, simulated) | %.2f | %.2f | |\n",
    packageVersion("ChannelAttribution"), t[["elapsed"]], t[["user.self"]] + t[["sys.self"]]))
R
	Rscript "$tmp/ca.R" "$tmp/paths.csv" "$tmp/ca.cpu" 2>"$tmp/err" ||
	    echo "| ChannelAttribution | failed: $(tail -n 1 "$tmp/err") | | | |"
	ca_cpu=$(cat "$tmp/ca.cpu" 2>/dev/null || echo)
	if [ -n "$mops_cpu" ] && [ -n "$ca_cpu" ]; then
		echo
		echo "first,last,linear on $n paths: mops $mops_cpu s of CPU (parsing included)," \
		    "ChannelAttribution's engine $ca_cpu s: $(echo "$ca_cpu $mops_cpu" |
		    awk '{ printf "%.1fx", $1 / ($2 > 0 ? $2 : 0.01) }') (target: 2x)"
	fi
else
	echo
	echo "(R with the ChannelAttribution package not installed: no comparison)"
fi
