#!/bin/sh
# tests/report-html/run.sh BUILD - open the `mops-report all` page in headless
# Chromium (Debian's chromium package) and check what the browser made of it:
# the page renders (a screenshot is written), the probe record named
# <script>alert(1)</script> is shown as text and never became an element, and
# the page loads nothing from outside.  Without chromium it prints "skipped"
# and counts nothing.  Ends with "N passed, N failed" (or "skipped: ...").
set -u
LC_ALL=C TZ=UTC
export LC_ALL TZ
top=$(cd "$(dirname "$0")/../.." && pwd)
b=${1:-build}
bin="$top/$b/bin/mops-report"
browser=""
for c in chromium chromium-browser; do
	command -v "$c" >/dev/null 2>&1 && { browser=$c; break; }
done
if [ -z "$browser" ]; then
	echo "skipped: chromium not installed (apt-get install chromium)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

"$bin" all --now 2026-03-01T00:00:00Z --by first_name --period month \
	"$top/tests/report/data/small.ndjson" >"$tmp/page.html" || bad "mops-report all"
chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$tmp/profile" "$@" \
		"file://$tmp/page.html" 2>/dev/null
}
chrome --window-size=1280,2000 --screenshot="$tmp/page.png" >/dev/null
if [ -s "$tmp/page.png" ] && [ "$(head -c 4 "$tmp/page.png" | od -An -c | tr -d ' ')" = "211PNG" ]; then
	ok "screenshot"
	[ -n "${MOPS_KEEP_SCREENSHOT:-}" ] && cp "$tmp/page.png" "$MOPS_KEEP_SCREENSHOT"
else
	bad "screenshot"
fi
chrome --dump-dom >"$tmp/dom.html"
# the DOM as parsed by the browser: no script element, the probe as text
if grep -qi '<script' "$tmp/dom.html"; then bad "no script element"; else ok "no script element"; fi
if grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/dom.html"; then
	ok "probe shown as text"
else
	bad "probe shown as text"
fi
n=$(grep -o '<section id=' "$tmp/dom.html" | wc -l)
[ "$n" -eq 15 ] && ok "15 sections" || bad "15 sections (got $n)"
n=$(grep -o '<svg' "$tmp/dom.html" | wc -l)
[ "$n" -ge 5 ] && ok "charts" || bad "charts (got $n)"
if grep -Eqi '(src|href)="(https?:)?//' "$tmp/page.html"; then
	bad "self-contained"
else
	ok "self-contained"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
