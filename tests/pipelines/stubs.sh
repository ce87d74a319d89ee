# shellcheck shell=sh
# tests/pipelines/stubs.sh - stand-in mops programs for the tests of the pipeline
# scripts' own logic (lock, exit codes, bookmark promotion), sourced by a case's cmd.
#   make_stubs DIR: DIR/mops-extract prints three records after the stream's bookmark
#   (a number in the --state file) and moves the bookmark on by two; it exits
#   $STUB_STATUS (after writing, before saving the bookmark) when $STUB_VENDOR names
#   its vendor, and sleeps $STUB_SLEEP seconds first when set, or waits (20 s at most)
#   for the file $STUB_WAIT_FILE to exist.  The other programs
#   copy their FILE arguments to stdout.
make_stubs() {
	mkdir -p "$1"
	cat >"$1/mops-extract" <<'STUB'
#!/bin/sh
v=$1 o=$2 state=
shift 2
while [ $# -gt 0 ]; do
	case $1 in
	--state) state=$2; shift ;;
	--rejects | --max-rejects | --since | --until) shift ;;
	esac
	shift
done
[ -n "${STUB_SLEEP:-}" ] && sleep "$STUB_SLEEP"
if [ -n "${STUB_WAIT_FILE:-}" ]; then
	i=0
	while [ ! -e "$STUB_WAIT_FILE" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
fi
n=0
[ -n "$state" ] && [ -f "$state" ] && n=$(cat "$state")
i=$((n + 1))
while [ $i -le $((n + 3)) ]; do
	echo "{\"type\":\"person\",\"id\":\"$v:$o:$i\",\"updated_at\":\"2026-01-0${i}T00:00:00Z\"}"
	i=$((i + 1))
done
if [ "${STUB_VENDOR:-}" = "$v" ]; then
	echo "mops-extract: $v: stub failure" >&2
	exit "$STUB_STATUS"
fi
[ -n "$state" ] && echo $((n + 2)) >"$state"
exit 0
STUB
	for p in normalize dedupe attribute report; do
		cat >"$1/mops-$p" <<'STUB'
#!/bin/sh
while [ $# -gt 0 ]; do
	case $1 in
	--rejects | --max-rejects | --format | --from | --to) shift ;;
	--*) ;;
	*) if [ -f "$1" ]; then cat "$1"; fi ;;
	esac
	shift
done
STUB
	done
	chmod +x "$1"/mops-*
}
