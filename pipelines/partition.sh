#!/bin/sh
# pipelines/partition.sh - run a mops filter on N hash partitions of its input at
# once (GNU parallel), records with equal KEY in the same partition.
#
#   partition.sh [-k KEY] [-j N] [-S SSHLOGIN[,...]] COMMAND [ARG...] < in.ndjson
#
# KEY is a top-level field of the records (default account_id: what mops-attribute
# --join account needs together: an account's touches and opportunities); records
# without it form one partition of their own.  The N outputs are concatenated in
# partition order: sort them, or reduce them (mops-report --partial per partition,
# then mops-report --merge).  -S hands partitions to other hosts (parallel
# --sshlogin with --transferfile; the mops programs must be on PATH there).  The exit
# status is the first failing partition's (the others are stopped), 0 when all
# succeed; 69 when GNU parallel is missing.
#
# The key is found by an awk pattern, "KEY":VALUE, the first occurrence in the line
# (mops writes flat canonical records, where that is the top-level field), and hashed
# by awk into one of N files in a temporary folder ($TMPDIR), one per job.  Files,
# not parallel --pipe --shard: a filter that ends early cannot stall the others.
set -eu
key=account_id jobs=${MOPS_JOBS:-$(nproc 2>/dev/null || echo 2)} ssh=
usage() {
	echo "usage: partition.sh [-k KEY] [-j N] [-S SSHLOGIN[,...]] COMMAND [ARG...]"
}
while getopts k:j:S:h o; do
	case $o in
	k) key=$OPTARG ;;
	j) jobs=$OPTARG ;;
	S) ssh=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 64 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { usage >&2; exit 64; }
case $key in '' | *[!A-Za-z0-9_]*) echo "partition.sh: -k $key: want a field name" >&2; exit 64 ;; esac
case $jobs in '' | *[!0-9]* | 0) echo "partition.sh: -j $jobs: want a count" >&2; exit 64 ;; esac
command -v parallel >/dev/null 2>&1 ||
	{ echo "partition.sh: GNU parallel not found (Debian package parallel)" >&2; exit 69; }

# COMMAND's words quoted for the shell that parallel starts
cmd=
for a in "$@"; do
	cmd="$cmd '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mops-partition.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
i=0
while [ "$i" -lt "$jobs" ]; do
	: >"$tmp/part.$i"
	i=$((i + 1))
done
LC_ALL=C awk -v k="$key" -v n="$jobs" -v dir="$tmp" '
BEGIN {
	pat = "\"" k "\":(\"([^\"\\\\]|\\\\.)*\"|[^,}]*)"
	for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
}
{
	v = ""
	if (match($0, pat)) v = substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3)
	h = 0
	for (i = 1; i <= length(v); i++) h = (h * 31 + ord[substr(v, i, 1)]) % 1000003
	print > (dir "/part." (h % n))
}'

if [ -n "$ssh" ]; then
	cd "$tmp"
	parallel --will-cite -k -j "$jobs" --halt now,fail=1 -S "$ssh" --transferfile {} \
		--cleanup "$cmd < {}" ::: part.*
else
	parallel --will-cite -k -j "$jobs" --halt now,fail=1 "$cmd < {}" ::: "$tmp"/part.*
fi
