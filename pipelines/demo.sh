#!/bin/sh
# pipelines/demo.sh - what `make demo` runs: the daily job against the fixture vendor
# server (HubSpot, Salesforce, Marketo, GA4 lookalikes on 127.0.0.1, fixture-only
# credentials), into ./demo-out/, then a funnel and an attribution summary.
set -eu
MOPS_TOP=$(cd "$(dirname "$0")/.." && pwd)
export MOPS_TOP
# shellcheck source=fixture-env.sh source-path=SCRIPTDIR
. "$MOPS_TOP/pipelines/fixture-env.sh"

out=${MOPS_DEMO_OUT:-$MOPS_TOP/demo-out}
data=$MOPS_TOP/fixtures/data/small
rm -rf "$out"
mkdir -p "$out/state"
# lead scoring: the daily job scores golden records by these rules (mops-score(1))
cp "$MOPS_TOP/pipelines/demo-score-rules.json" "$out/state/score-rules.json"
trap 'fixture_stop' EXIT
trap 'exit 130' INT TERM
fixture_start "$data" "$out"
echo "demo: fixture vendor server at $FIXTURE_BASE"

MOPS_BIN=${MOPS_BIN:-$MOPS_TOP/build/bin}
MOPS_STATE_DIR=$out/state
MOPS_OUT_DIR=$out
MOPS_STREAMS=$(fixture_streams "$data")
MOPS_RUN_DATE=2026-11-22
# the fixture company's "now"
now=2026-11-22T12:00:00Z
# the A/B test of the company's nurture emails (Marketo field nurtureVariant)
MOPS_REPORT_ARGS="--now $now --variant-field nurtureVariant --outcome mql"
MOPS_SCORE_ARGS="--now $now"
MOPS_ATTRIBUTE_ARGS="--model first,last,linear,position,time_decay,markov"
# the ad-spend export is spend, not a list of people (pipelines/demo-map.json)
MOPS_NORMALIZE_ARGS="--map $MOPS_TOP/pipelines/demo-map.json"
# The fixture server finishes export jobs at once: poll it without the pauses
# a real Marketo or Salesforce bulk job needs (waits and backoff times 0.01).
MOPS_RETRY_SCALE=${MOPS_RETRY_SCALE:-0.01}
export MOPS_RETRY_SCALE MOPS_BIN MOPS_STATE_DIR MOPS_OUT_DIR MOPS_STREAMS MOPS_RUN_DATE MOPS_REPORT_ARGS \
	MOPS_SCORE_ARGS MOPS_ATTRIBUTE_ARGS MOPS_NORMALIZE_ARGS
PATH=$MOPS_BIN:$PATH
export PATH

"$MOPS_TOP/pipelines/mops-daily" 2>"$out/daily.log" || {
	st=$?
	tail -n 20 "$out/daily.log" >&2
	echo "demo: mops-daily failed with status $st (log: $out/daily.log)" >&2
	exit "$st"
}
fixture_stop
day=$out/latest

echo
echo "== records"
for f in "$day"/raw/*.ndjson; do
	printf '  %-40s %6d\n' "${f##*/}" "$(wc -l <"$f")"
done
printf '  %-40s %6d\n' canonical.ndjson "$(wc -l <"$day/canonical.ndjson")"
printf '  %-40s %6d\n' golden.ndjson "$(wc -l <"$day/golden.ndjson")"
printf '  %-40s %6d\n' credits.ndjson "$(wc -l <"$day/credits.ndjson")"
echo
mops-report funnel -q --format table --now "$now" "$day/golden.ndjson"
echo
mops-report attribution -q --by channel --table attribution --format table --now "$now" \
	"$day/golden.ndjson" "$day/credits.ndjson"
echo
mops-report scoring -q --outcome sql --table scoring_summary --format table --now "$now" \
	"$day/golden.ndjson"
echo
echo "demo: report: $(cd "$day" && pwd -P)/report.html"
echo "demo: log: $out/daily.log"
