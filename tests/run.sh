#!/bin/sh
# tests/run.sh BUILD... - run every test against each build folder.
#
# Golden cases: tests/PROG/CASE/ holds
#   args             options for mops-PROG, shell words (optional)
#   input.*          standard input (optional; /dev/null otherwise)
#   cmd              a sh script run instead of mops-PROG args (optional)
#   expected.*       expected standard output (any extension but .status/.stderr)
#   expected.stderr  expected standard error (absent: stderr must be empty)
#   expected.status  expected exit status (absent: 0)
# The case runs in a scratch copy, kept under tests/out/ when it fails.
# Unit and fuzz-replay binaries print their own "N passed, N failed" lines.
# MOPS_VALGRIND=1 runs every mops program under valgrind (`make valgrind`); a case
# folder holding a file valgrind.skip (its reason inside: hundreds of program runs,
# say) is then skipped and listed as such, never counted as passed.  A case running
# longer than MOPS_TEST_TIMEOUT seconds (300) is stopped and fails.
# Ends with one line: N passed, N failed.
set -u
LC_ALL=C TZ=UTC
export LC_ALL TZ
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 70
pass=0 fail=0
failed_list="" skipped_list=""
only=${MOPS_TEST_ONLY:-}

note_fail() {
	fail=$((fail + 1))
	failed_list="$failed_list
  $1"
}

for b in "$@"; do
	bin="$top/$b/bin"
	[ -d "$top/$b" ] || { echo "run.sh: $b: no such build" >&2; exit 66; }
	mkdir -p "$bin"
	path_bin=$bin
	if [ "${MOPS_VALGRIND:-}" = 1 ]; then
		path_bin="$top/$b/valgrind-bin"
		mkdir -p "$path_bin"
		for p in "$bin"/mops-*; do
			n=${p##*/}
			printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "%s" "$@"\n' \
				"$p" >"$path_bin/$n"
			chmod +x "$path_bin/$n"
		done
	fi

	# unit tests, fuzz corpora, man-page examples
	for u in "$top/$b"/unit/* "$top/$b"/fuzz/* man-examples report-html; do
		case $u in
		man-examples|report-html) n=$u ;;
		*.d) continue ;;
		*) [ -x "$u" ] || continue; n=${u##*/} ;;
		esac
		[ -n "$only" ] && case "$n" in *$only*) ;; *) continue ;; esac
		if [ "$u" = man-examples ]; then
			res=$(sh "$top/tests/man-examples.sh" "$path_bin" 2>&1)
		elif [ "$u" = report-html ]; then
			res=$(sh "$top/tests/report-html/run.sh" "$b" 2>&1)
			case $res in skipped*)
				echo "$b report-html: $res"
				continue ;;
			esac
		elif [ "${u%/*}" = "$top/$b/fuzz" ]; then
			res=$("$u" "$top/tests/fuzz/corpus/$n" 2>&1)
		else
			res=$(cd "$top/tests/unit" && "$u" 2>&1)
		fi
		st=$?
		last=$(printf '%s\n' "$res" | tail -n 1)
		p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p')
		f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
		[ -z "$p" ] && p=0 f=1
		[ "$st" -ne 0 ] && [ "$f" -eq 0 ] && f=1
		pass=$((pass + p))
		if [ "$f" -gt 0 ]; then
			printf '%s\n' "$res" | tail -n 40
			fail=$((fail + f))
			failed_list="$failed_list
  $b $n: $f failed (status $st)"
		fi
	done

	# golden cases
	for dir in "$top"/tests/*/*/; do
		dir=${dir%/}
		prog=${dir%/*}; prog=${prog##*/}
		case $prog in unit|fuzz|out|lib) continue ;; esac
		name="$prog/${dir##*/}"
		[ -n "$only" ] && case "$name" in *$only*) ;; *) continue ;; esac
		# a case is a folder with a cmd, args or any expected file
		is_case=""
		for f in "$dir"/cmd "$dir"/args "$dir"/expected*; do
			[ -f "$f" ] && { is_case=1; break; }
		done
		[ -n "$is_case" ] || continue
		if [ "${MOPS_VALGRIND:-}" = 1 ] && [ -f "$dir/valgrind.skip" ]; then
			skipped_list="$skipped_list
  $b $name: $(head -n 1 "$dir/valgrind.skip")"
			continue
		fi
		out="$top/tests/out/$b/$name"
		rm -rf "$out"
		mkdir -p "$out"
		cp -R "$dir/." "$out/"
		in=/dev/null
		for f in "$out"/input*; do [ -f "$f" ] && { in=$f; break; }; done
		(
			cd "$out" || exit 70
			PATH="$path_bin:$PATH" MOPS_TOP="$top" MOPS_BUILD="$top/$b"
			export PATH MOPS_TOP MOPS_BUILD
			# A hung case fails after MOPS_TEST_TIMEOUT seconds (default 300)
			# instead of holding the whole run.
			lim=${MOPS_TEST_TIMEOUT:-300}
			if [ -f cmd ]; then
				timeout -k 10 "$lim" sh ./cmd <"$in" >actual.out 2>actual.stderr
			else
				args=""
				[ -f args ] && args=$(cat args)
				eval "set -- $args"
				timeout -k 10 "$lim" "mops-$prog" "$@" <"$in" >actual.out 2>actual.stderr
			fi
			echo $? >actual.status
		)
		ok=1
		want_status=0
		[ -f "$dir/expected.status" ] && want_status=$(cat "$dir/expected.status")
		got_status=$(cat "$out/actual.status")
		if [ "$got_status" != "$want_status" ]; then
			echo "--- $b $name: status $got_status, expected $want_status"
			ok=0
		fi
		for e in "$dir"/expected*; do
			[ -f "$e" ] || continue
			case $e in
			*.status) continue ;;
			*.stderr) act="$out/actual.stderr" ;;
			*) act="$out/actual.out" ;;
			esac
			if ! cmp -s "$e" "$act"; then
				echo "--- $b $name: ${e##*/} differs"
				diff -u "$e" "$act" | head -n 30
				ok=0
			fi
		done
		if [ ! -f "$dir/expected.stderr" ] && [ -s "$out/actual.stderr" ]; then
			echo "--- $b $name: unexpected stderr"
			head -n 20 "$out/actual.stderr"
			ok=0
		fi
		if [ $ok = 1 ]; then
			pass=$((pass + 1))
			rm -rf "$out"
		else
			note_fail "$b $name (kept in tests/out/$b/$name)"
		fi
	done
done
rmdir -p "$top/tests/out" 2>/dev/null
[ -n "$skipped_list" ] && echo "skipped under valgrind:$skipped_list"
if [ $fail -gt 0 ]; then
	echo "failed:$failed_list"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
