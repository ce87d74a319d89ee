#!/bin/sh
# make fuzz: build each tests/fuzz/NAME.c with clang's libFuzzer (ASan+UBSan) and
# run it for MOPS_FUZZ_SECONDS (default 60) on its corpus; new inputs go to
# build-fuzz/corpus/NAME (copy the interesting ones into tests/fuzz/corpus/NAME).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
secs=${MOPS_FUZZ_SECONDS:-60}
make --no-print-directory B=build-fuzz CC=clang CFLAGS="-O1 -g" \
	SAN="-fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libmops.a
flags=$(pkg-config --cflags --libs libcurl jansson zlib libarchive libidn2)
for src in tests/fuzz/*.c; do
	n=${src##*/}; n=${n%.c}
	[ "$n" = replay ] && continue
	mkdir -p "build-fuzz/corpus/$n"
	# shellcheck disable=SC2086
	clang -O1 -g -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
		-D_DEFAULT_SOURCE -Icommon -o "build-fuzz/fuzz-$n" "$src" \
		build-fuzz/libmops.a $flags -lm -lpthread
	"build-fuzz/fuzz-$n" -max_total_time="$secs" -artifact_prefix=build-fuzz/ \
		"build-fuzz/corpus/$n" \
		"tests/fuzz/corpus/$n"
done
