# shellcheck shell=sh
# pipelines/fixture-env.sh - start the fixture vendor server and point mops at it.
#
# Sourced (POSIX sh) by pipelines/demo.sh and the tests in tests/pipelines/.
#   fixture_start DATADIR WORKDIR [server options...]
#       starts fixtures/server/mops_fixture_server.py on a free 127.0.0.1 port, waits
#       for its port file, sets FIXTURE_PID and FIXTURE_BASE, and exports every
#       MOPS_<VENDOR>_BASE_URL and the fixture-only credentials (never real ones).
#   fixture_stop
#       stops it (SIGTERM, then waits); safe to call twice.
#   fixture_streams DATADIR
#       prints the stream lines (mops-daily's MOPS_STREAMS) for every fixture object.
# MOPS_TOP must name the repository root.

fixture_start() {
	_fx_data=$1 _fx_work=$2
	shift 2
	rm -f "$_fx_work/fixture.port"
	python3 "$MOPS_TOP/fixtures/server/mops_fixture_server.py" --data "$_fx_data" \
		--port 0 --port-file "$_fx_work/fixture.port" "$@" \
		>"$_fx_work/fixture.log" 2>&1 &
	FIXTURE_PID=$!
	_fx_i=0
	while [ ! -s "$_fx_work/fixture.port" ]; do
		if ! kill -0 "$FIXTURE_PID" 2>/dev/null || [ $_fx_i -ge 200 ]; then
			echo "fixture server did not start:" >&2
			cat "$_fx_work/fixture.log" >&2
			FIXTURE_PID=
			return 69
		fi
		sleep 0.05
		_fx_i=$((_fx_i + 1))
	done
	FIXTURE_BASE="http://127.0.0.1:$(cat "$_fx_work/fixture.port")"
	MOPS_HUBSPOT_BASE_URL=$FIXTURE_BASE
	MOPS_SALESFORCE_BASE_URL=$FIXTURE_BASE
	MOPS_MARKETO_BASE_URL=$FIXTURE_BASE
	MOPS_GA4_BASE_URL=$FIXTURE_BASE
	MOPS_HUBSPOT_TOKEN=hs-fixture-token
	MOPS_SALESFORCE_CLIENT_ID=sf-fixture-client-id
	MOPS_SALESFORCE_CLIENT_SECRET=sf-fixture-client-secret
	MOPS_SALESFORCE_REFRESH_TOKEN=sf-fixture-refresh-token
	MOPS_MARKETO_CLIENT_ID=mkto-fixture-client-id
	MOPS_MARKETO_CLIENT_SECRET=mkto-fixture-client-secret
	MOPS_GA4_ACCESS_TOKEN=ga4-fixture-token
	MOPS_GA4_PROPERTY=123456789
	# the fixture answers at once: mops-extract's waits (bulk-export polls, retry
	# back-off) scaled down, as its own tests do
	MOPS_RETRY_SCALE=${MOPS_RETRY_SCALE:-0.01}
	export MOPS_RETRY_SCALE FIXTURE_BASE MOPS_HUBSPOT_BASE_URL MOPS_SALESFORCE_BASE_URL \
		MOPS_MARKETO_BASE_URL MOPS_GA4_BASE_URL MOPS_HUBSPOT_TOKEN \
		MOPS_SALESFORCE_CLIENT_ID MOPS_SALESFORCE_CLIENT_SECRET \
		MOPS_SALESFORCE_REFRESH_TOKEN MOPS_MARKETO_CLIENT_ID \
		MOPS_MARKETO_CLIENT_SECRET MOPS_GA4_ACCESS_TOKEN MOPS_GA4_PROPERTY
}

fixture_stop() {
	if [ -n "${FIXTURE_PID:-}" ]; then
		kill "$FIXTURE_PID" 2>/dev/null || true
		wait "$FIXTURE_PID" 2>/dev/null || true
		FIXTURE_PID=
	fi
}

# fixture_control PATH [JSON]: GET (or POST JSON to) a control endpoint of the server
# (python3: curl's command-line tool is not a dependency).
fixture_control() {
	python3 - "$FIXTURE_BASE$1" "${2-}" <<'PY'
import sys, urllib.request
url, body = sys.argv[1], sys.argv[2]
req = urllib.request.Request(url, data=body.encode() if body else None,
                             headers={"Content-Type": "application/json"})
sys.stdout.write(urllib.request.urlopen(req, timeout=10).read().decode())
PY
}

# The first run has no bookmark: --since bounds it (the fixture company's year).
fixture_streams() {
	cat <<EOF
hubspot contacts
hubspot companies
hubspot deals --associations contacts,companies
salesforce Lead
salesforce Contact
salesforce Account
salesforce Opportunity
salesforce OpportunityContactRole
salesforce Campaign
salesforce CampaignMember
marketo leads --since 2025-11-01
marketo activities --since 2025-11-01
ga4 report --dimensions date,sessionSource,sessionMedium,sessionCampaignName --metrics sessions,conversions,advertiserAdCost --since 2025-11-23 --until 2026-11-22
file $1/ad_spend.csv
EOF
}
