#!/bin/sh
# tests/hardening/hostile.sh PROGRAM... - the bad-input suite of mops(7), run
# against each program named (normalize, dedupe, attribute, report, extract).
# For each case it prints "PROGRAM CASE: ok" or "PROGRAM CASE: FAIL reason"; the
# golden cases in tests/hardening/*/ compare that summary.
# Invariants checked for every program and case:
#   no crash (status < 128 and not 70), the documented status, a "FILE:LINE"
#   message per rejected line, the rejected lines verbatim in --rejects, every
#   good record still processed (its id appears in the output).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmd_for() {
	case $1 in
	normalize) echo "mops-normalize --stream file.list" ;;
	dedupe) echo "mops-dedupe --mode tag" ;;
	attribute) echo "mops-attribute" ;;
	report) echo "mops-report quality --format ndjson" ;;
	extract) echo "mops-extract file" ;;
	esac
}

# Good records every program keeps: persons with ids and an email (for
# mops-attribute, opportunities: their ids come back in the credit rows).
good() {
	if [ "$kind" = attribute ]; then
		printf '{"type":"opportunity","id":"t:p:%s","source":"t","source_id":"%s","amount":100,"currency":"USD","created_at":"2026-01-0%sT00:00:00Z","is_closed":false}' \
			"$1" "$1" "$(( $1 % 9 + 1 ))"
	else
		printf '{"type":"person","id":"t:p:%s","source":"t","source_id":"%s","email":"p%s@acme-%s.com","first_name":"P%s","last_name":"Q%s","_stream":"file.list"}' \
			"$1" "$1" "$1" "$1" "$1" "$1"
	fi
}

make_inputs() {
	{
		good 1; printf '\n'
		printf '{"type":"person","id":"t:p:broken",\n'
		printf '["an","array"]\n'
		printf '42\n'
		printf '{"type":"person","id":"bad\377utf8"}\n'
		printf '{"id":"nul\000byte"}\n'
		good 2; printf '\r\n'
		printf '\n'
		printf '{"id":"a","id":"b"}\n'
		awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; printf "\n" }'
		if [ "$kind" = attribute ]; then good 3; printf '\n'; else
		printf '{"type":"person","id":"t:p:3","n":0.65,"big":123456789012345678901234,"huge":1e999,"source":"t","source_id":"3","email":"p3@acme-3.com"}\n'
		fi
		good 4	# no final newline
	} >"$tmp/mixed.ndjson"
	printf '\357\273\277' >"$tmp/bom.ndjson"; good 5 >>"$tmp/bom.ndjson"; printf '\n' >>"$tmp/bom.ndjson"
	: >"$tmp/empty.ndjson"
	good 6 >"$tmp/one.ndjson"; printf '\n' >>"$tmp/one.ndjson"
	printf '{"type":"person","id":"t:p:7","email":"p7@x.com","pad":"' >"$tmp/huge.ndjson"
	head -c 104857600 /dev/zero | tr '\0' x >>"$tmp/huge.ndjson"
	printf '"}\n' >>"$tmp/huge.ndjson"
	good 8 >>"$tmp/huge.ndjson"; printf '\n' >>"$tmp/huge.ndjson"
	# a truncated last line
	{ good 9; printf '\n{"type":"person","id":"t:p:10","ema'; } >"$tmp/trunc.ndjson"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		good "$((i + 20))"; printf '\n'
	done >"$tmp/many.ndjson"
}

check() {	# prog case want_status ids-that-must-appear...
	p=$1 c=$2 want=$3
	shift 3
	st=$(cat "$tmp/st")
	why=""
	if [ "$st" -ge 128 ] || [ "$st" -eq 70 ]; then
		why="crash or internal error (status $st)"
	elif [ "$st" -ne "$want" ]; then
		why="status $st, expected $want"
	fi
	[ "$p" = report ] && set --	# aggregates: no ids to look for
	for id in "$@"; do
		grep -q "$id" "$tmp/out" || why="$why; $id missing from output"
	done
	if [ -z "$why" ]; then echo "$p $c: ok"; else echo "$p $c: FAIL $why"; head -n 3 "$tmp/err" | cut -c1-200; fi
}

for p in "$@"; do
	kind=$p
	make_inputs
	cmd=$(cmd_for "$p")
	# 1. mixed bad lines: 7 rejected (lines 2,3,4,5,6,9,10), good ones kept, 65
	$cmd "$tmp/mixed.ndjson" --rejects "$tmp/rej" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/st"
	check "$p" mixed 65 t:p:1 t:p:2 t:p:3 t:p:4
	n=$(grep -c "^mops-$p: $tmp/mixed.ndjson:[0-9]*: " "$tmp/err")
	[ "$n" = 7 ] && echo "$p mixed-messages: ok" || echo "$p mixed-messages: FAIL $n FILE:LINE messages, expected 7"
	lines=$(awk 'END { print NR }' "$tmp/rej" 2>/dev/null)
	[ "$lines" = 7 ] && echo "$p mixed-rejects: ok" || echo "$p mixed-rejects: FAIL $lines lines in --rejects"
	case $p in
	normalize|dedupe|extract)	# pass-through programs keep numbers as written
		grep -q '0.65' "$tmp/out" && grep -q '123456789012345678901234' "$tmp/out" &&
			echo "$p numbers: ok" || echo "$p numbers: FAIL numbers changed or dropped" ;;
	esac
	# 2. within --max-rejects: status 0
	$cmd "$tmp/mixed.ndjson" --max-rejects 7 >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/st"; check "$p" max-rejects 0 t:p:1
	# 3. BOM, empty file among several
	$cmd "$tmp/bom.ndjson" "$tmp/empty.ndjson" "$tmp/one.ndjson" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/st"; check "$p" bom-empty 0 t:p:5 t:p:6
	# 4. a 100 MiB line is rejected; the next record survives
	$cmd "$tmp/huge.ndjson" --max-rejects 1 >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/st"; check "$p" huge-line 0 t:p:8
	# 5. truncated last line
	$cmd "$tmp/trunc.ndjson" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/st"; check "$p" truncated 65 t:p:9
	# 6. unreadable and missing input: 66, the others still read
	$cmd "$tmp/nonexistent.ndjson" "$tmp/one.ndjson" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/st"; check "$p" missing-file 66 t:p:6
	# 7. output to a full disk: 74
	$cmd "$tmp/one.ndjson" >/dev/full 2>"$tmp/err"
	echo $? >"$tmp/st"; : >"$tmp/out"; check "$p" dev-full 74
	# 8. a reader that goes away: quiet
	( $cmd "$tmp/many.ndjson" 2>"$tmp/err"; echo $? >"$tmp/st" ) | head -c 1 >/dev/null
	if [ -s "$tmp/err" ]; then echo "$p epipe: FAIL stderr: $(head -c 100 "$tmp/err")"; else echo "$p epipe: ok"; fi
done
