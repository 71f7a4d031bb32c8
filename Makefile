# SPDX-License-Identifier: GPL-3.0-or-later
#
# netno build.  Plain GNU make with pkg-config.
#
#   make            build ./netno
#   make check      install missing packages, build, run unit and CLI tests
#   make asan       the same under AddressSanitizer + UBSan
#   make valgrind   the test suite (unit, CLI, evaluations, fuzz replay)
#                   under valgrind memcheck, as .ci/run does: any error
#                   or definite leak fails the test it happens in.  The
#                   unit tests named in VALGRIND_SKIP (default: the
#                   20 Newsgroups topic benchmark, minutes under memcheck)
#                   are skipped through NETNO_TEST_SKIP, which the unit
#                   runner reads; VALGRIND_SKIP= runs them all
#   make demo       serve the demo community and run netno on it
#   make fuzz       build the libFuzzer harnesses (clang) and run each for
#                   FUZZ_SECONDS (default 60)
#   make deps       install every Debian package the build, tests and
#                   benchmarks need
#   make install    PREFIX=/usr/local DESTDIR=
#
# Sources are found by wildcard: a new .c file in a module folder is built
# without touching this file; a new unit test file in tests/unit likewise.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DESTDIR   ?=
BUILD     ?= build

CC        ?= cc
PKGS      := libcurl libxml-2.0 gsl sqlite3 igraph libutf8proc jansson \
             libsodium zlib libpsl nettle
TEST_PKGS := libmicrohttpd

# Debian packages: build, tests, benchmarks.  `make deps` installs them.
DEB_BUILD := build-essential pkg-config libcurl4-openssl-dev libxml2-dev \
             libgsl-dev libsqlite3-dev libigraph-dev libutf8proc-dev \
             libjansson-dev libsodium-dev zlib1g-dev libstemmer-dev \
             libpsl-dev libmicrohttpd-dev nettle-dev
DEB_TEST  := python3 python3-networkx sqlite3 valgrind libxml2-utils clang \
             libclang-rt-14-dev curl chromium
DEB_BENCH := hyperfine nginx-light wget2 bc time python3-sklearn
DEB_ALL   := $(DEB_BUILD) $(DEB_TEST) $(DEB_BENCH)

WARNINGS  := -Wall -Wextra -Wpedantic -Wstrict-prototypes \
             -Wmissing-prototypes -Wvla -Wwrite-strings -Wshadow \
             -Wpointer-arith -Wformat=2 -Wno-format-nonliteral \
             -Wold-style-definition
OPT       ?= -O2 -g
SAN       ?=
CFLAGS    ?=
EXTRA_CFLAGS := -std=c17 $(WARNINGS) $(OPT) $(SAN)
CPPFLAGS  += -D_GNU_SOURCE -DNETNO_VERSION='"$(VERSION)"' -I.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm \
              -pthread
TEST_LIBS  := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)

MODULES   := util corpus crawl parse stats report
LIB_SRC   := $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/netno.o $(BUILD)/run.o
UNIT_SRC  := $(wildcard tests/unit/*.c)
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/%.o)
SERVER_SRC := $(wildcard tests/server/*.c)
SERVER_OBJ := $(SERVER_SRC:%.c=$(BUILD)/%.o)
HEADERS   := $(wildcard *.h $(foreach m,$(MODULES),$(m)/*.h) tests/unit/*.h \
             tests/server/*.h fuzz/*.h)

LIB       := $(BUILD)/libnetno.a
BIN       := $(BUILD)/netno
UNIT_BIN  := $(BUILD)/unit-tests
SERVER_BIN := $(BUILD)/test-server

.PHONY: all check test asan valgrind deps deps-check install uninstall \
        format clean demo bench fuzz fuzz-bins

all: netno

# The default build leaves ./netno at the top for convenience.
netno: $(BIN)
	cp $(BIN) $@

$(BIN): $(MAIN_OBJ) $(LIB)
	$(CC) $(EXTRA_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(PKG_LIBS)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/tests/%.o: tests/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(TEST_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS) -c -o $@ $<

# Built-in site profiles: the files in parse/profiles/ compiled in as text.
PROFILES  := $(wildcard parse/profiles/*.profile)
$(BUILD)/gen/profiles.inc: $(PROFILES) parse/profiles/embed.sh
	@mkdir -p $(dir $@)
	sh parse/profiles/embed.sh $(PROFILES) > $@
$(BUILD)/parse/profile.o: $(BUILD)/gen/profiles.inc
$(BUILD)/parse/profile.o: CPPFLAGS += -I$(BUILD)/gen

$(UNIT_BIN): $(UNIT_OBJ) $(LIB)
	$(CC) $(EXTRA_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(LIB) $(PKG_LIBS)

$(SERVER_BIN): $(SERVER_OBJ) $(LIB)
	$(CC) $(EXTRA_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(SERVER_OBJ) $(LIB) $(PKG_LIBS) $(TEST_LIBS)

# The topic benchmark's driver (bench/topics.c).
BENCH_TOPICS := $(BUILD)/bench-topics
$(BENCH_TOPICS): $(BUILD)/bench/topics.o $(BUILD)/tests/unit/news20.o $(LIB)
	$(CC) $(EXTRA_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The extraction benchmark's driver (bench/parse.c).
BENCH_PARSE := $(BUILD)/bench-parse
$(BENCH_PARSE): $(BUILD)/bench/parse.o $(LIB)
	$(CC) $(EXTRA_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Fuzz harnesses (fuzz/fuzz_NAME.c): each linked with fuzz/replay.c into
# $(BUILD)/fuzz-replay/NAME, which `make check` runs on the regression
# inputs and seeds, and by `make fuzz` with libFuzzer into
# build/fuzz/fuzz-bin/NAME.
FUZZ_NAMES := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
FUZZ_SAN  := -fsanitize=fuzzer-no-link,address,undefined \
             -fno-sanitize-recover=all -fno-omit-frame-pointer
REPLAY_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/%)
FUZZ_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz-bin/%)

$(BUILD)/fuzz-replay/%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/common.o \
                        $(BUILD)/fuzz/replay.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(EXTRA_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/fuzz-bin/%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/common.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(EXTRA_CFLAGS) -fsanitize=fuzzer $(CFLAGS) $(LDFLAGS) -o $@ $^ \
	  $(PKG_LIBS)

fuzz-bins: $(FUZZ_BINS)

# keep the harness objects make would think intermediate
.SECONDARY: $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%.o) $(BUILD)/fuzz/common.o \
            $(BUILD)/fuzz/replay.o

TEST_BINS := $(BIN) $(UNIT_BIN) $(if $(SERVER_SRC),$(SERVER_BIN)) \
             $(REPLAY_BINS)

# check: packages first (a fresh machine has none), then build and test.
# The runner prints one closing line "N passed, M failed".
check: deps-check
	@$(MAKE) --no-print-directory $(TEST_BINS) $(if $(filter build,$(BUILD)),netno)
	@BUILD=$(BUILD) NETNO_WRAP="$(NETNO_WRAP)" sh tests/run.sh

test: check

asan:
	@$(MAKE) --no-print-directory deps-check
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  check

VALGRIND_SKIP ?= topics_20news_nmi

valgrind:
	@$(MAKE) --no-print-directory deps-check
	@NETNO_TEST_SKIP="$(VALGRIND_SKIP)" \
	  $(MAKE) --no-print-directory BUILD=build/valgrind OPT="-O1 -g" \
	  NETNO_WRAP="valgrind -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --num-callers=30 --suppressions=$(CURDIR)/tests/valgrind.supp" \
	  check

# deps-check runs `make deps` only when a package is missing, so that
# `make check` on a fresh machine is the one command a user needs.
deps-check:
	@missing=$$(dpkg-query -W -f='$${db:Status-Status} $${Package}\n' $(DEB_BUILD) $(DEB_TEST) 2>/dev/null \
	  | awk '$$1 == "installed" { print $$2 }' | sort > .deps-have.tmp; \
	  for p in $(DEB_BUILD) $(DEB_TEST); do grep -qx "$$p" .deps-have.tmp || echo $$p; done; rm -f .deps-have.tmp); \
	if [ -n "$$missing" ]; then echo "netno: missing packages:" $$missing; $(MAKE) --no-print-directory deps; fi

deps:
	@sh tests/install-deps.sh $(DEB_ALL)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/netno
	install -m 644 netno.1 $(DESTDIR)$(MANDIR)/man1/netno.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/netno $(DESTDIR)$(MANDIR)/man1/netno.1

format:
	clang-format -i $(wildcard *.c *.h) $(foreach m,$(MODULES) tests/unit tests/server fuzz,$(wildcard $(m)/*.c $(m)/*.h))

clean:
	rm -rf build netno

# The demo community: tests/demo.sh serves it with the test server and
# runs netno on it into demo/netno.db and demo/report.html.  A fresh
# clone builds on two cores (unless make was given its own -j).
DEMO_JOBS ?= 2
demo: deps-check
	@$(MAKE) --no-print-directory $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(DEMO_JOBS)) \
	  $(BIN) $(SERVER_BIN) $(if $(filter build,$(BUILD)),netno)
	@BUILD=$(BUILD) sh tests/demo.sh

bench: $(BIN) $(BENCH_TOPICS) $(BENCH_PARSE)
	@sh bench/run.sh

# fuzz: the harnesses with libFuzzer, ASan and UBSan (clang only), each
# run for FUZZ_SECONDS; fails on a crash and names the reproducer.
fuzz:
	@$(MAKE) --no-print-directory deps-check
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g" \
	  SAN="$(FUZZ_SAN)" fuzz-bins
	@BUILD=build/fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) sh fuzz/run.sh $(FUZZ_NAMES)
