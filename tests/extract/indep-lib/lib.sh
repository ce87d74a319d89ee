# tests/extract/indep-lib/lib.sh - sourced by the cmd of tests/extract/indep-*:
# indep_start ARGS... starts "python3 ARGS" (a stand-in server that prints its port
# first), sets PORT and kills the server on exit; check runs check.py.
MOPS_RETRY_SCALE=0.01
export MOPS_RETRY_SCALE
INDEP_PID=""
indep_stop() {
	[ -n "$INDEP_PID" ] && kill "$INDEP_PID" 2>/dev/null
	[ -n "$INDEP_PID" ] && wait "$INDEP_PID" 2>/dev/null
	INDEP_PID=""
	# a traceback in the server is a failure of the case
	if [ -s server.err ]; then
		echo "server errors:"
		head -n 20 server.err
	fi
}
trap indep_stop EXIT
trap 'exit 1' INT TERM
indep_start() {
	: >port.txt
	python3 "$@" >port.txt 2>server.err &
	INDEP_PID=$!
	n=0
	while [ ! -s port.txt ]; do
		n=$((n + 1))
		[ $n -gt 400 ] && { echo "server did not start"; return 1; }
		sleep 0.05
	done
	PORT=$(head -n 1 port.txt)
}
check() {
	python3 "$MOPS_TOP/tests/extract/indep-lib/check.py" "$@"
}
# injected: "faults injected: 429 yes, 503 yes" (or no) from the server's faults.txt
injected() {
	python3 -c 'import sys
try: d = dict(x.split("=") for x in open("faults.txt").read().split())
except OSError: d = {}
print("faults injected:", ", ".join("%s %s" % (k, "yes" if int(d.get(k, 0)) else "no") for k in ("429", "503")))'
}
