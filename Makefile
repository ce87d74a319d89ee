# mops - marketing-operations filters.  See README.md and man/mops.7.
#
# Sources are found by folder: common/*.c make libmops.a, filters/NAME/*.c make
# bin/mops-NAME, tests/unit/NAME.c make a unit-test binary, tests/fuzz/NAME.c a fuzz
# target.  B is the build folder; `make check` builds twice: plain and ASan+UBSan.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
CC       ?= cc
CFLAGS   ?= -O2 -g
B        ?= build
SAN      ?=
PKGS      = libcurl jansson zlib libarchive libidn2

WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wvla -fno-common \
       -Wno-format-nonliteral -Werror
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
       -DMOPS_VERSION='"$(VERSION)"' -Icommon $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SAN) -MMD -MP
LIBS = $(PKG_LIBS) -lm -lpthread

COMMON_SRC := $(sort $(wildcard common/*.c))
COMMON_HDR := $(wildcard common/*.h)
PROGS      := $(notdir $(wildcard filters/*))
BINS       := $(PROGS:%=$(B)/bin/mops-%)
UNIT_SRC   := $(sort $(wildcard tests/unit/*.c))
UNITS      := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)
FUZZ_SRC   := $(filter-out tests/fuzz/replay.c,$(sort $(wildcard tests/fuzz/*.c)))
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
MANS       := $(wildcard man/*.1 man/*.7)

ifeq ($(V),1)
Q =
else
Q = @
endif

ASAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all units check check-plain check-asan test valgrind install uninstall deps \
	need-deps have-deps lint lint-run fuzz bench demo clean
.DEFAULT_GOAL := all

all: have-deps $(BINS)
units: $(UNITS) $(FUZZ_REPLAY)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# Every object depends on every common header: nothing goes stale.
$(COMMON_SRC:%.c=$(B)/obj/%.o): $(COMMON_HDR)

$(B)/libmops.a: $(COMMON_SRC:%.c=$(B)/obj/%.o)
	@rm -f $@
	@[ "$(V)" = 1 ] || echo "  AR      $@"
	$(Q)ar rcs $@ $^

define prog_rule
$(B)/obj/filters/$(1)/%.o: $(COMMON_HDR)
$(B)/bin/mops-$(1): $(patsubst %.c,$(B)/obj/%.o,$(sort $(wildcard filters/$(1)/*.c))) $(B)/libmops.a
	@mkdir -p $$(dir $$@)
	@[ "$$(V)" = 1 ] || echo "  LD      $$@"
	$$(Q)$$(CC) $$(CFLAGS) $$(SAN) $$(LDFLAGS) -o $$@ $$^ $$(LIBS)
endef
$(foreach p,$(PROGS),$(eval $(call prog_rule,$(p))))

# Some tests include a filter's module sources: any filter change rebuilds them.
FILTER_SRC := $(wildcard filters/*/*.c filters/*/*.h)
$(B)/unit/%: tests/unit/%.c tests/unit/unit.h $(B)/libmops.a $(COMMON_HDR) $(FILTER_SRC)
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libmops.a $(LIBS)

# Fuzz targets replay their committed corpus without clang: tests/fuzz/replay.c is main().
$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(B)/libmops.a $(COMMON_HDR) $(FILTER_SRC)
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(B)/libmops.a $(LIBS)

# Build dependencies.  A plain `make` never installs anything: have-deps checks
# and names the command that does (`make deps`).  demo, check, lint and fuzz may
# install: they run need-deps, then build in a sub-make, because PKG_CFLAGS and
# PKG_LIBS are read when a make starts and must be read again after the -dev
# packages arrive (a fresh machine's first `make demo` would link without them).
deps:
	sh .ci/deps
need-deps:
	@pkg-config --exists $(PKGS) 2>/dev/null && command -v mandoc >/dev/null && \
	  command -v python3 >/dev/null && command -v jq >/dev/null && \
	  command -v parallel >/dev/null && command -v flock >/dev/null || \
	  $(MAKE) --no-print-directory deps
have-deps:
	@command -v pkg-config >/dev/null || { echo "mops: pkg-config is missing;" \
	  "run \`make deps' to install the build dependencies (Debian: apt-get)" >&2; exit 1; }
	@pkg-config --exists $(PKGS) 2>/dev/null || { echo "mops: missing libraries:" \
	  "$$(for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || printf '%s ' $$p; done)" \
	  "- run \`make deps' to install them (Debian: apt-get)" >&2; exit 1; }

check: need-deps
	$(MAKE) --no-print-directory all units
	$(MAKE) --no-print-directory B=build-asan CFLAGS="-O1 -g" SAN="$(ASAN_FLAGS)" all units
	sh tests/run.sh build build-asan

test: all units
	sh tests/run.sh $(B)

valgrind: all units
	MOPS_VALGRIND=1 sh tests/run.sh $(B)

# lint: static checks on the sources, no build needed (about three minutes of CPU).
# cppcheck does not read <stdnoreturn.h>, so it is told what `noreturn` means (else
# every check after mops_die() reads as a possible NULL dereference); varFuncNullUB
# is off because POSIX defines NULL as (void *)0, so a NULL sentinel is well defined.
# dedupe/cluster.c: unite() compares a and b as a tie-break, not as a bounds check.
CPPCHECK_FLAGS = --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
	'-Dnoreturn=__attribute__((noreturn))' --suppress=varFuncNullUB \
	--suppress=arrayIndexThenCheck:filters/dedupe/cluster.c
# clang-tidy: the analyzer's leak, double-free, use-after-free and API checks, its
# core NULL/division checks, and the bugprone checks that find bugs here rather
# than style.  Left out as noise on this code base: the analyzer's va_list checks
# (false positives on every va_start), CallAndMessage/NonNullParam/UndefinedBinary
# (it stops inlining in the recursive JSON parser and reports impossible paths),
# and bugprone's naming, widening and strcmp-without-comparison style checks.
TIDY_CHECKS = -*,clang-analyzer-core.*,-clang-analyzer-core.CallAndMessage,\
-clang-analyzer-core.NonNullParamChecker,-clang-analyzer-core.UndefinedBinaryOperatorResult,\
clang-analyzer-unix.*,bugprone-*,-bugprone-easily-swappable-parameters,\
-bugprone-reserved-identifier,-bugprone-narrowing-conversions,\
-bugprone-assignment-in-if-condition,-bugprone-implicit-widening-of-multiplication-result,\
-bugprone-suspicious-string-compare,-bugprone-sizeof-expression,-bugprone-branch-clone,\
-bugprone-signed-char-misuse,-bugprone-not-null-terminated-result,\
-bugprone-misplaced-widening-cast
CLANG_TIDY ?= clang-tidy
# Shell: scripts with a shebang as they say; sourced libraries and the tests' cmd
# files (no shebang) as POSIX sh, libraries without SC2034 (they set variables
# for the scripts that source them), cmd files without SC2154 (their variables
# come from a sourced helper or a VAR=x prefix on a function call) and SC1007
# (`VAR= prog` empties a variable for one run on purpose).  Warnings and errors.
SH_SCRIPTS = .ci/run .ci/deps $(sort $(wildcard pipelines/*.sh pipelines/mops-*)) \
	$(shell awk 'FNR == 1 && /^\#!/ { print FILENAME }' tests/*.sh tests/*/*.sh)
SH_LIBS    = $(shell awk 'FNR == 1 && !/^\#!/ { print FILENAME }' tests/*.sh tests/*/*.sh)

lint: need-deps
	@$(MAKE) --no-print-directory lint-run
lint-run: have-deps
	@command -v cppcheck >/dev/null && command -v $(CLANG_TIDY) >/dev/null && \
	  command -v shellcheck >/dev/null || $(MAKE) --no-print-directory deps
	cppcheck $(CPPCHECK_FLAGS) -Icommon common filters
	@mkdir -p $(B)
	printf '%s\n' $(COMMON_SRC) $(wildcard filters/*/*.c) | \
	  xargs -P2 -I{} $(CLANG_TIDY) --quiet --warnings-as-errors='*' \
	  -checks='$(TIDY_CHECKS)' {} -- $(ALL_CPPFLAGS) -std=c11 >$(B)/clang-tidy.log 2>&1 || \
	  { grep -v ' warnings\{0,1\} generated\.$$' $(B)/clang-tidy.log; exit 1; }
	shellcheck -S warning -x $(SH_SCRIPTS)
	shellcheck -S warning -s sh -e SC2034 $(SH_LIBS)
	shellcheck -S warning -s sh -e SC2154,SC1007 $(wildcard tests/*/*/cmd)
	mandoc -Tlint -Wwarning $(MANS)

fuzz: need-deps
	@$(MAKE) --no-print-directory have-deps
	sh tests/fuzz/run-fuzz.sh

bench: all
	sh bench/run.sh

demo: need-deps
	$(MAKE) --no-print-directory all
	sh pipelines/demo.sh

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man7
	for p in $(BINS); do cp -f $$p $(DESTDIR)$(BINDIR)/; done
	for m in $(MANS); do s=$${m##*.}; cp -f $$m $(DESTDIR)$(MANPREFIX)/man$$s/; done

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/mops-$$p; done
	for m in $(MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANPREFIX)/man$$s/$${m##*/}; done

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(B) -name '*.d' 2>/dev/null)
