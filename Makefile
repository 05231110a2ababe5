# feedd — feed aggregator daemon.  See README.md.
#
#   make            build daemon/feedd
#   make run        install missing dependencies, build, run on ./feeds.conf
#   make test       install missing dependencies, build, run every test
#   make test-asan  the same suite under AddressSanitizer + UBSan
#   make bench      benchmark feedd once on a generated corpus, and its
#                   serving of /feed.atom beside nginx (bench/serve.py)
#   make soak       endurance, leaks and crash runs (long; prints figures)
#   make install    PREFIX, DESTDIR, SYSCONFDIR, BINDIR, MANDIR honoured

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
UNITDIR   ?= $(PREFIX)/lib/systemd/system

CC        ?= cc
PKG_CONFIG ?= pkg-config
PKGS       = libcurl libxml-2.0 sqlite3 libmicrohttpd jansson libutf8proc \
	     libcrypto zlib libxxhash
HAVE_SYSTEMD := $(shell $(PKG_CONFIG) --exists libsystemd 2>/dev/null && echo 1)
ifeq ($(HAVE_SYSTEMD),1)
PKGS      += libsystemd
SYSTEMD_CPPFLAGS = -DHAVE_SYSTEMD=1
endif

# ntpd's warning list always; -Werror with DEVELOPER=1 (CI sets it).
WARNINGS   = -Wall -Wextra -Wshadow -Wpointer-arith -Wcast-qual \
	     -Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations \
	     -Wsign-compare -Wformat=2 -Wno-format-nonliteral -Wundef \
	     -Wvla -Wwrite-strings -Wimplicit-fallthrough
ifeq ($(DEVELOPER),1)
WARNINGS  += -Werror
endif

# SANITIZE=1 builds an ASan+UBSan variant into build/asan (tests use it
# through FEEDD=build/asan/feedd); the plain build goes to build/std.
ifeq ($(FUZZ),1)
# libFuzzer: every object instrumented, each fuzz/NAME.c linked to
# build/fuzz/NAME with the fuzzer's main.
CC         = clang
VARIANT    = fuzz
OPTFLAGS   = -O1 -g -fno-omit-frame-pointer \
	     -fsanitize=fuzzer-no-link,address,undefined \
	     -fno-sanitize-recover=undefined
SANFLAGS   = -fsanitize=fuzzer,address,undefined
else ifeq ($(SANITIZE),1)
VARIANT    = asan
OPTFLAGS   = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	     -fno-sanitize-recover=undefined
SANFLAGS   = -fsanitize=address,undefined
else
# -O3: the byte scanners and the cleaner's walk gain 6% over -O2
# (make bench's parse throughput).  GCC's -fsplit-paths, which -O3
# turns on, makes simhash.c's branch-free lanes branch again (18%
# slower there), so it stays off where the compiler knows it.
VARIANT    = std
OPTFLAGS  := -O3 -g $(shell $(CC) -fno-split-paths -Werror -E -x c \
	     /dev/null >/dev/null 2>&1 && echo -fno-split-paths)
SANFLAGS   =
endif

BUILD      = build/$(VARIANT)
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

ALL_CPPFLAGS = -Iinclude -D_GNU_SOURCE -DFEEDD_VERSION='"$(VERSION)"' \
	       $(SYSTEMD_CPPFLAGS) $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = -std=c11 $(OPTFLAGS) $(WARNINGS) $(CFLAGS)
ALL_LDFLAGS  = $(SANFLAGS) $(LDFLAGS)
LIBS_ALL     = $(PKG_LIBS) -lm -pthread $(LIBS)

HDR        = $(wildcard include/*.h)
SRC        = $(wildcard daemon/*.c)
OBJ        = $(SRC:daemon/%.c=$(BUILD)/%.o)
LIBOBJ     = $(filter-out $(BUILD)/main.o,$(OBJ))
UNIT_SRC   = $(wildcard tests/unit/test_*.c)
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run test test-asan check-deps deps bench soak install uninstall clean units \
	fuzz fuzz-bins
all: daemon/feedd

daemon/feedd: $(BUILD)/feedd
ifeq ($(VARIANT),std)
	cp $(BUILD)/feedd $@.tmp && mv -f $@.tmp $@
endif

$(BUILD)/feedd: $(OBJ)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(OBJ) $(LIBS_ALL)

$(BUILD)/%.o: daemon/%.c $(HDR) | $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libfeedd.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $(LIBOBJ)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libfeedd.a $(HDR) | $(BUILD)
	$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
	    $(BUILD)/libfeedd.a $(LIBS_ALL)

$(BUILD):
	mkdir -p $(BUILD)/tests

units: $(UNIT_BIN)

# make fuzz: build every fuzz/*.c target and run each for FUZZ_SECS
# seconds, starting from the seeds in fuzz/seeds/NAME (the growing
# corpus and any crash land in build/fuzz/).
FUZZ_SRC   = $(wildcard fuzz/*.c)
FUZZ_BIN   = $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FUZZ_SECS ?= 60

build/fuzz/%: fuzz/%.c $(BUILD)/libfeedd.a $(HDR) | $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
	    $(BUILD)/libfeedd.a $(LIBS_ALL)

fuzz-bins: $(FUZZ_BIN)

fuzz:
	$(MAKE) FUZZ=1 fuzz-bins
	for f in $(FUZZ_BIN); do n=$${f##*/}; \
	    mkdir -p build/fuzz/corpus/$$n fuzz/seeds/$$n && \
	    $$f -max_total_time=$(FUZZ_SECS) -artifact_prefix=build/fuzz/ \
	    build/fuzz/corpus/$$n fuzz/seeds/$$n \
	    $$(test $$n = fuzz_parse && echo tests/parse) || exit 1; done

# deps installs with apt-get what pkg-config cannot find (sudo when not root).
deps:
	@sh tests/lib/deps.sh

run: deps
	$(MAKE) all
	mkdir -p var
	STATE_DIRECTORY=$(CURDIR)/var daemon/feedd -c feeds.conf run

test: deps
	$(MAKE) all units $(if $(filter asan,$(VARIANT)),$(BUILD)/feedd)
	@FEEDD=$(abspath $(if $(filter asan,$(VARIANT)),$(BUILD)/feedd,daemon/feedd)) \
	 UNIT_BINDIR=$(abspath $(BUILD)/tests) sh tests/run

test-asan:
	$(MAKE) test SANITIZE=1

# parse_bench: parse + clean + hash throughput over files (bench.py).
$(BUILD)/parse_bench: bench/parse_bench.c $(BUILD)/libfeedd.a $(HDR) | $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
	    $(BUILD)/libfeedd.a $(LIBS_ALL)

# bench-NAME: the other bench/NAME.c programs (dedup, near), run by bench.py;
# bench-htmldiff, by hand, compares html.c's trees with libxml2 2.9's.
$(BUILD)/bench-%: bench/%.c $(BUILD)/libfeedd.a $(HDR) | $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
	    $(BUILD)/libfeedd.a $(LIBS_ALL)

bench: deps
	@sh tests/lib/deps.sh bench
	$(MAKE) all $(BUILD)/parse_bench $(BUILD)/bench-dedup $(BUILD)/bench-near
	/usr/bin/python3 bench/bench.py $(BENCH_ARGS)
	/usr/bin/python3 bench/serve.py $(SERVE_ARGS)

# soak: the long runs of issue 8 — 5,000 feeds over 30 cycles (memory and
# descriptor curves, every log line explained), the same shorter under
# ASan with zero leaks, and the crash test with CRASH_ROUNDS kills.
CRASH_ROUNDS ?= 300
soak: deps
	@sh tests/lib/deps.sh bench
	$(MAKE) all
	$(MAKE) SANITIZE=1 build/asan/feedd
	/usr/bin/python3 bench/soak.py $(SOAK_ARGS)
	/usr/bin/python3 bench/soak.py --feedd build/asan/feedd --leaks \
	    --feeds 1000 --cycles 10 --warmup 3
	CRASH_ROUNDS=$(CRASH_ROUNDS) FEEDD=$(abspath daemon/feedd) TOP=$(CURDIR) \
	    PYTHON=/usr/bin/python3 sh tests/t/crash.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SYSCONFDIR)/feedd $(DESTDIR)$(UNITDIR)
	install -m 755 daemon/feedd $(DESTDIR)$(BINDIR)/feedd
	install -m 644 man/feedd.8 $(DESTDIR)$(MANDIR)/man8/feedd.8
	install -m 644 man/feeds.conf.5 $(DESTDIR)$(MANDIR)/man5/feeds.conf.5
	install -m 644 man/feedd-dump.5 $(DESTDIR)$(MANDIR)/man5/feedd-dump.5
	sed -e 's|/usr/local/bin/|$(BINDIR)/|g' -e 's|/etc/feedd/|$(SYSCONFDIR)/feedd/|g' \
	    daemon/feedd.service >$(DESTDIR)$(UNITDIR)/feedd.service
	chmod 644 $(DESTDIR)$(UNITDIR)/feedd.service
	install -m 644 daemon/feedd.socket $(DESTDIR)$(UNITDIR)/feedd.socket
	test -e $(DESTDIR)$(SYSCONFDIR)/feedd/feeds.conf || \
	    install -m 644 feeds.conf $(DESTDIR)$(SYSCONFDIR)/feedd/feeds.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/feedd $(DESTDIR)$(MANDIR)/man8/feedd.8 \
	    $(DESTDIR)$(MANDIR)/man5/feeds.conf.5 $(DESTDIR)$(MANDIR)/man5/feedd-dump.5 \
	    $(DESTDIR)$(UNITDIR)/feedd.service \
	    $(DESTDIR)$(UNITDIR)/feedd.socket

clean:
	rm -rf build daemon/feedd
