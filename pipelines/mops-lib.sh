# shellcheck shell=bash
# pipelines/mops-lib.sh - shared by mops-daily, mops-backfill and mops-list-cleanup.
#
# Sourced, never run.  Provides: logging with UTC timestamps on stderr, the exit-code
# policy of the pipelines (a stage's 69/75/77/78 pass through so cron and Airflow retry
# the right things; any other failure is 70), the state-directory lock, the stream
# configuration reader, and the canonical store upsert.

# sysexits, as in man/mops.7 (some used only by the scripts sourcing this file)
# shellcheck disable=SC2034
EX_USAGE=64
EX_UNAVAILABLE=69
EX_SOFTWARE=70
EX_TEMPFAIL=75
EX_NOPERM=77
EX_CONFIG=78

MOPS_PROG=${MOPS_PROG:-${0##*/}}

# log MESSAGE...: one timestamped line on stderr.
log() {
	printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$MOPS_PROG" "$*" >&2
}

# die STATUS MESSAGE...: log and exit.
die() {
	local st=$1
	shift
	log "$*"
	exit "$st"
}

# pass_status STATUS: the status a pipeline exits with when a stage exited STATUS.
pass_status() {
	case $1 in
	"$EX_UNAVAILABLE" | "$EX_TEMPFAIL" | "$EX_NOPERM" | "$EX_CONFIG") echo "$1" ;;
	*) echo "$EX_SOFTWARE" ;;
	esac
}

# shell_words WORD...: the words as a shell would read them back, quoted only when
# needed (for logs).
shell_words() {
	local w out=''
	for w in "$@"; do
		if [[ $w =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then out+=" $w"; else out+=" $(printf '%q' "$w")"; fi
	done
	printf '%s\n' "${out# }"
}

# stage NAME CMD ARGS...: run one stage (redirections given by the caller); on failure
# log and exit with pass_status.
stage() {
	local name=$1 st=0 t0 t1
	shift
	t0=$(date +%s)
	log "$name: $(shell_words "$@")"
	"$@" || st=$?
	t1=$(date +%s)
	if [ "$st" -ne 0 ]; then
		local ex
		ex=$(pass_status "$st")
		log "$name: failed with status $st after $((t1 - t0)) s; exiting $ex"
		exit "$ex"
	fi
	log "$name: ok ($((t1 - t0)) s)"
}

# need_programs NAME...: every mops program must be on PATH (exit 78 otherwise).
need_programs() {
	local p
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 ||
			die "$EX_CONFIG" "$p: not found in PATH (set MOPS_BIN to the folder holding it)"
	done
}

# setup_path: MOPS_BIN first in PATH when given.
setup_path() {
	if [ -n "${MOPS_BIN:-}" ]; then
		PATH="$MOPS_BIN:$PATH"
		export PATH
	fi
}

# need_dir VAR: the directory named by environment variable VAR (created if missing).
need_dir() {
	local var=$1 val
	val=${!var:-}
	[ -n "$val" ] || die "$EX_CONFIG" "$var is not set"
	mkdir -p "$val" || die "$EX_CONFIG" "$var: $val: cannot create"
}

# take_lock [-s|-x]: hold $MOPS_STATE_DIR/.lock for the life of this process and its
# children; a second run exits 75 at once (cron and Airflow retry later).  -s takes it
# shared: mops-daily's extract stages of one Airflow run may overlap each other, but
# never a whole run.
take_lock() {
	local lock="$MOPS_STATE_DIR/.lock"
	exec 9>>"$lock" || die "$EX_CONFIG" "$lock: cannot open"
	if ! flock -n "${1:--x}" 9; then
		die "$EX_TEMPFAIL" "$lock: another run holds the lock; try again later"
	fi
}

# read_streams: fill STREAMS (one configured stream per element, the words of one
# config line joined by NUL-free \x1f) from MOPS_STREAMS (lines, or ';'-separated) or
# else the file $MOPS_STREAMS_FILE (default $MOPS_STATE_DIR/streams.conf).
# A line is `VENDOR OBJECT [mops-extract option...]`; words follow xargs quoting
# ('...' and "..." group), '#' starts a comment line.
STREAMS=()
read_streams() {
	local text file line
	if [ -n "${MOPS_STREAMS:-}" ]; then
		text=$(printf '%s\n' "$MOPS_STREAMS" | tr ';' '\n')
	else
		file=${MOPS_STREAMS_FILE:-$MOPS_STATE_DIR/streams.conf}
		[ -r "$file" ] || die "$EX_CONFIG" "$file: no stream configuration (set MOPS_STREAMS or MOPS_STREAMS_FILE)"
		text=$(cat "$file")
	fi
	STREAMS=()
	local n=0 where
	while IFS= read -r line; do
		n=$((n + 1))
		line=${line#"${line%%[![:space:]]*}"}
		case $line in '' | '#'*) continue ;; esac
		# a mistake here is configuration (78), found before anything runs
		where=${file:-MOPS_STREAMS}:$n
		printf '%s\n' "$line" | xargs printf '%s\0' >/dev/null 2>&1 ||
			die "$EX_CONFIG" "$where: unbalanced quote in '$line'"
		split_words "$line"
		case ${WORDS[0],,} in
		hubspot | salesforce | marketo | ga4 | rest | file) ;;
		*) die "$EX_CONFIG" "$where: unknown vendor '${WORDS[0]}' (hubspot, salesforce, marketo, ga4, rest, file)" ;;
		esac
		STREAMS+=("$line")
	done <<<"$text"
	[ "${#STREAMS[@]}" -gt 0 ] || die "$EX_CONFIG" "no streams configured"
}

# split_words LINE: set WORDS to LINE's words, xargs quoting rules (no eval).
WORDS=()
split_words() {
	WORDS=()
	local w
	while IFS= read -r -d '' w; do
		WORDS+=("$w")
	done < <(printf '%s\n' "$1" | xargs printf '%s\0')
	[ "${#WORDS[@]}" -ge 2 ] || die "$EX_CONFIG" "stream line '$1': want VENDOR OBJECT [options]"
}

# stream_name VENDOR OBJECT: a file-name-safe name for a stream, stable across runs
# (file PATH -> file.BASENAME without extension).
stream_name() {
	local v=$1 o=$2
	case $v in
	file) o=${o##*/}; o=${o%%.*} ;;
	rest) o=${o#*://}; o=${o#*/} ;;
	esac
	printf '%s.%s\n' "$v" "$o" | LC_ALL=C tr -c 'A-Za-z0-9._\n-' '_'
}

# upsert OLD NEW...: canonical records of OLD (may be missing) replaced or extended by
# those of NEW, one record per id, sorted by id; written to stdout.  Of the records
# with one id, the one with the latest updated_at wins, and on a tie the last one read
# (NEW after OLD, later lines after earlier ones); updated_at is compared by instant,
# not as text (10:00:00Z is before 10:00:00.500Z): the fraction is padded to nine
# digits first, as mops_ts_key() of common/canon.h does.  Records without an "id" are keyed
# by their text without _extracted_at, so a record delivered twice is kept once.
# The id is the first "id" key of the line: mops-normalize writes type and id first.
upsert() {
	local old=$1
	shift
	[ -f "$old" ] || old=/dev/null
	awk '{
		if (match($0, /"id":"([^"\\]|\\.)*"/)) k = substr($0, RSTART + 6, RLENGTH - 7)
		else { k = $0; gsub(/"_extracted_at":"[^"]*",?/, "", k); k = "~" k }
		u = ""
		if (match($0, /"updated_at":"[^"]*"/)) u = substr($0, RSTART + 14, RLENGTH - 15)
		if (u ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]+)?Z$/) {
			f = substr(u, 21, length(u) - 21)
			u = substr(u, 1, 19) "." substr(f "000000000", 1, 9) "Z"
		}
		printf "%s\t%s\t%012d\t%s\n", k, u, NR, $0
	}' "$old" "$@" |
		LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 -k3,3n |
		awk -F '\t' '
		NR > 1 && $1 != pk { print pl }
		{ pk = $1; pl = $0; sub(/^[^\t]*\t[^\t]*\t[^\t]*\t/, "", pl) }
		END { if (NR) print pl }'
}

# new_run_dir BASE NAME: print a fresh folder BASE/NAME, or BASE/NAME.2, .3 ... when
# an earlier run of the day exists (the earlier outputs are kept).
final_run_dir() {
	local base=$1 name=$2 n=2 d
	d="$base/$name"
	while [ -e "$d" ]; do
		d="$base/$name.$n"
		n=$((n + 1))
	done
	printf '%s\n' "$d"
}

# count FILE: records (lines) in FILE.
count() {
	if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi
}
