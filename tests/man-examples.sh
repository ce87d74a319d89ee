#!/bin/sh
# tests/man-examples.sh BINDIR - run the EXAMPLES of every man page, as jq runs
# its manual.  In the EXAMPLES section, each .Bd -literal block whose first line
# starts with "$ " is a test: the command is run by sh in tests/man/data with
# BINDIR first in PATH, and the rest of the block is its expected standard output.
# mdoc escapes \e and \& are undone first.  Ends with "N passed, N failed".
set -u
bindir=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for man in "$top"/man/*.[17]; do
	[ -f "$man" ] || continue
	awk -v dir="$tmp" -v base="${man##*/}" '
		/^\.Sh / { inex = ($2 == "EXAMPLES") }
		inex && /^\.Bd -literal/ { inblk = 1; first = 1; next }
		inblk && /^\.Ed/ { inblk = 0; if (f) close(f); f = ""; next }
		inblk {
			line = $0
			gsub(/\\e/, "\\", line); gsub(/\\&/, "", line)
			if (first) {
				first = 0
				if (substr(line, 1, 2) != "$ ") { inblk = 0; next }
				n++
				f = sprintf("%s/%s.%d", dir, base, n)
				print substr(line, 3) > (f ".cmd")
				printf "" > (f ".want")
				next
			}
			print line > (f ".want")
		}
	' "$man"
done
for c in "$tmp"/*.cmd; do
	[ -f "$c" ] || continue
	w=${c%.cmd}.want
	name=${c##*/}
	got=$(cd "$top/tests/man/data" && PATH="$bindir:$PATH" LC_ALL=C TZ=UTC sh "$c" 2>&1)
	if [ "$got" = "$(cat "$w")" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL man example ${name%.cmd}: $(cat "$c")"
		printf '%s\n' "$got" | diff -u "$w" - | head -n 20
	fi
done
echo "$pass passed, $fail failed"
