#!/bin/sh
# tests/bless.sh BUILD CASE-DIR... - write a case's expected files from what the
# program does now.  Only for a case whose output a person has just checked.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=$1
shift
for dir in "$@"; do
	dir=$(cd "$dir" && pwd)
	prog=${dir%/*}; prog=${prog##*/}
	tmp=$(mktemp -d)
	cp -R "$dir/." "$tmp/"
	in=/dev/null
	for f in "$tmp"/input*; do [ -f "$f" ] && { in=$f; break; }; done
	(
		cd "$tmp"
		PATH="$top/$b/bin:$PATH" MOPS_TOP=$top MOPS_BUILD="$top/$b" LC_ALL=C TZ=UTC
		export PATH MOPS_TOP MOPS_BUILD LC_ALL TZ
		set +e
		if [ -f cmd ]; then sh ./cmd <"$in" >"$tmp/.out" 2>"$tmp/.err"
		else eval "set -- $(cat args 2>/dev/null)"; "mops-$prog" "$@" <"$in" >"$tmp/.out" 2>"$tmp/.err"; fi
		echo $? >"$tmp/.st"
	)
	ext=out
	for e in "$dir"/expected.*; do
		case $e in *.status|*.stderr|*'*') ;; *) ext=${e##*.} ;; esac
	done
	[ -f "$dir/cmd" ] || [ "$ext" != out ] || ext=ndjson
	cp "$tmp/.out" "$dir/expected.$ext"
	if [ -s "$tmp/.err" ]; then cp "$tmp/.err" "$dir/expected.stderr"; else rm -f "$dir/expected.stderr"; fi
	if [ "$(cat "$tmp/.st")" != 0 ]; then cp "$tmp/.st" "$dir/expected.status"; else rm -f "$dir/expected.status"; fi
	rm -rf "$tmp"
	echo "blessed ${dir#"$top"/}"
done
