# goelf - plain GNU make.  `make demo` and `make check` also install the
# Debian packages they need (scripts/deps.sh); `make` alone only builds.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
CC      ?= cc
CFLAGS  ?= -O2 -g
# Build tree: build/ normally, build/asan for the sanitizer build.
O       ?= build

WFLAGS   = -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
	   -Wwrite-strings -Wvla -Wno-format-nonliteral
PKGS     = libelf jansson inih libarchive
GOELF_CPPFLAGS = -Iinclude -Ilib -I. -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
	   $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# Debian 12's libdwarf-dev (20210528) ships no libdwarf.pc.
DWARF_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags libdwarf 2>/dev/null || echo -I/usr/include/libdwarf)
DWARF_LIBS   ?= $(shell $(PKG_CONFIG) --libs libdwarf 2>/dev/null || echo -ldwarf)
GOELF_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lelf -ljansson -linih -larchive)
# libarchive is linked statically where libarchive.a exists (Debian's
# libarchive-dev): only the tar reader and decompression filters goelf
# uses come in, and --as-needed drops the rest of its dependencies.  The
# shared library pulls in libxml2, ICU, nettle and acl, whose loading and
# relocation cost 3.4 ms of CPU at every start, more than half of what
# `go version -m` takes in all (issue 16).  ARCHIVE_STATIC=0: shared.
ARCHIVE_STATIC ?= $(if $(filter /%,$(shell $(CC) -print-file-name=libarchive.a)),1,0)
ifeq ($(ARCHIVE_STATIC),1)
GOELF_LIBS := $(filter-out -larchive,$(GOELF_LIBS)) -Wl,-Bstatic -larchive \
	-Wl,-Bdynamic -Wl,--as-needed \
	$(filter-out -larchive,$(shell $(PKG_CONFIG) --static --libs-only-l libarchive 2>/dev/null || echo -lnettle -lacl -llzma -lzstd -llz4 -lbz2 -lz -lxml2)) \
	-Wl,--no-as-needed
endif
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
SAN_FLAGS =
ALL_CFLAGS = -std=gnu11 $(GOELF_CPPFLAGS) $(DWARF_CFLAGS) $(WFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP

# The layers of lib/, bottom up (docs/design.md).  Each folder's files
# include only the headers of the folders before it; `make check-layers`
# (part of `make check`) fails on a call or an include that goes up, or
# on an import circle between files.
LAYERS   = util facts elf go dwarf analyze image runtime policy render scan diff
LIB_SRCS = $(foreach l,$(LAYERS),$(sort $(wildcard lib/$(l)/*.c)))
CLI_SRCS = $(sort $(wildcard cli/*.c))
LIB_OBJS = $(LIB_SRCS:%.c=$(O)/obj/%.o)
CLI_OBJS = $(CLI_SRCS:%.c=$(O)/obj/%.o)
TEST_SRCS = $(wildcard tests/unit/test_*.c)
TESTS = $(TEST_SRCS:tests/unit/%.c=$(O)/tests/%)
FIXTURES = build/fixtures
BAD = build/bad

.PHONY: all lib tests deps demo check check-unit check-cli asan check-asan \
	fixtures bad install uninstall clean checkstyle bench fuzz fuzz-build \
	fuzz-regress fuzz-image-build fuzz-image check-valgrind check-layers \
	check-json tsan check-tsan check-image-semantics

all: $(O)/goelf

lib: $(O)/libgoelf.a

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/libgoelf.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# cli/ compiles against include/goelf.h alone (cli/cli.h): its objects
# do not get -Ilib, so a private header cannot even be found.
$(CLI_OBJS): GOELF_CPPFLAGS := $(filter-out -Ilib,$(GOELF_CPPFLAGS))

$(O)/goelf: $(CLI_OBJS) $(O)/libgoelf.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -pthread -o $@ $(CLI_OBJS) $(O)/libgoelf.a $(GOELF_LIBS) $(DWARF_LIBS)

$(O)/tests/%: tests/unit/%.c $(O)/libgoelf.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -pthread -o $@ $< $(O)/libgoelf.a $(CMOCKA_LIBS) $(GOELF_LIBS) $(DWARF_LIBS)

tests: $(TESTS)

build/gen_bad: tests/tools/gen_bad.c
	@mkdir -p build
	$(CC) -std=c11 -O1 -Wall -Wextra -o $@ $<

bad: build/gen_bad
	@./build/gen_bad $(BAD) >/dev/null

deps:
	@sh scripts/deps.sh

fixtures:
	@bash fixtures/build.sh $(FIXTURES)

# One of the README's two commands: set up, build, run on an example.
demo: deps
	@$(MAKE) --no-print-directory all fixtures
	./build/goelf inspect $(FIXTURES)/go-cgo-dyn

check-unit: tests bad
	@sh tests/unit/run-unit.sh $(O) $(TESTS)

# The CLI scripts run goelf through tests/tools/goelf-json-log.sh, which
# keeps every JSON document they make in $(JSON_LOG) (world-writable:
# some tests run goelf as nobody); check-json then validates them all
# against docs/*-schema.json with Debian's python3-jsonschema.
JSON_LOG = $(O)/json-log
TEST_GOELF_ENV = GOELF_REAL=$(abspath $(O)/goelf) \
	GOELF_JSON_LOG=$(abspath $(JSON_LOG))
TEST_GOELF_SH = tests/tools/goelf-json-log.sh
PYTHON ?= /usr/bin/python3

check-cli: all bad
	@rm -rf $(JSON_LOG) && mkdir -p $(JSON_LOG) && chmod 1777 $(JSON_LOG)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-cli.sh $(TEST_GOELF_SH) $(FIXTURES) $(BAD)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-strip.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-gate.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-scan.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-progress.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-size.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-twins.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-correct.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-escape.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-hostile.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) PYTHON=$(PYTHON) sh tests/cli/run-bounded.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-buildinfo.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-verdict.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-walk.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-diff-hostile.sh $(TEST_GOELF_SH) $(FIXTURES)
	@$(MAKE) --no-print-directory check-json

# Validates the JSON the CLI scripts made (run check-cli first), a scan
# of /usr/bin and /usr/lib/x86_64-linux-gnu, the goldens and every fixture.
check-json: all
	@PYTHON=$(PYTHON) sh tests/cli/run-json.sh $(O)/goelf $(FIXTURES) $(JSON_LOG)

# The other: set up, then every test.
check: deps
	@$(MAKE) --no-print-directory all tests fixtures bad
	@$(MAKE) --no-print-directory check-layers check-unit check-cli

# The layering: no upward call (nm), no upward include, no circle
# between files, libelf and libdwarf only in their folders, no stdout or
# stderr below cli/ and render/.
check-layers: all
	@python3 scripts/check-layers.py $(O) $(LAYERS)

# Layer semantics (issue 13, item 14): random layered images (docker-save
# and OCI, seeded) against a reference extractor that follows the OCI
# layer rules (the script's header states them); the extractor first
# checks itself against GNU tar.  About a minute; any seed reproduces:
#   make check-image-semantics SEMANTICS_SEED=N
#   python3 tests/tools/image-semantics.py --seed N --index I --detail 1 build/goelf
SEMANTICS_SEED ?= 1
SEMANTICS_COUNT ?= 8000
check-image-semantics: all
	@$(PYTHON) tests/tools/image-semantics.py --self-check --tar-check 40 \
		--seed $(SEMANTICS_SEED) --count $(SEMANTICS_COUNT) $(O)/goelf

asan:
	@$(MAKE) --no-print-directory O=build/asan CFLAGS="-O1 -g" \
		SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		all tests

check-asan: asan fixtures bad
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		$(MAKE) --no-print-directory O=build/asan check-unit check-cli

# ThreadSanitizer over the scan pool: the scan tests (loose files and
# images of another architecture on one command line, -j 2 and more).
# Any report makes goelf exit 66, which the tests see as a failure.
tsan:
	@$(MAKE) --no-print-directory O=build/tsan CFLAGS="-O1 -g" \
		SAN_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" all

check-tsan: tsan bad
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
		sh tests/cli/run-scan.sh build/tsan/goelf $(FIXTURES)

# libFuzzer over the whole pipeline (tests/fuzz/).  FUZZ_SECONDS bounds
# the run; any crash, leak, >1 s input or >512 MiB makes it fail.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_OBJS = $(LIB_SRCS:%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=gnu11 $(GOELF_CPPFLAGS) $(DWARF_CFLAGS) $(FUZZ_FLAGS) -MMD -MP -c -o $@ $<

build/fuzz/fuzz_goelf: tests/fuzz/fuzz_goelf.c $(FUZZ_OBJS)
	$(FUZZ_CC) -std=gnu11 $(GOELF_CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(GOELF_LIBS) $(DWARF_LIBS) -lpthread

fuzz-build: build/fuzz/fuzz_goelf

fuzz: build/fuzz/fuzz_goelf fixtures bad
	@rm -rf build/fuzz/seeds && sh tests/fuzz/seeds.sh $(FIXTURES) $(BAD) build/fuzz/seeds
	@mkdir -p build/fuzz/corpus build/fuzz/artifacts
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
	./build/fuzz/fuzz_goelf -max_total_time=$(FUZZ_SECONDS) -timeout=1 \
		-rss_limit_mb=512 -malloc_limit_mb=512 -max_len=262144 \
		-dict=tests/fuzz/goelf.dict -artifact_prefix=build/fuzz/artifacts/ \
		-print_final_stats=1 build/fuzz/corpus build/fuzz/seeds

# Replays every file of the regression corpus (fixtures/bad via gen_bad,
# tests/fuzz/regress/) through the fuzz target once.
fuzz-regress: build/fuzz/fuzz_goelf build/fuzz/fuzz_image bad
	ASAN_OPTIONS=detect_leaks=1 ./build/fuzz/fuzz_goelf -runs=1 $(BAD) tests/fuzz/regress
	ASAN_OPTIONS=detect_leaks=1 ./build/fuzz/fuzz_image -runs=1 -malloc_limit_mb=64 tests/fuzz/regress-image

# libFuzzer over the image reader of `goelf scan` (tests/fuzz/fuzz_image.c):
# docker-save and OCI layout tarballs, seeded by tests/fuzz/image-seeds.sh.
build/fuzz/fuzz_image: tests/fuzz/fuzz_image.c $(FUZZ_OBJS)
	$(FUZZ_CC) -std=gnu11 $(GOELF_CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(GOELF_LIBS) $(DWARF_LIBS) -lpthread

fuzz-image-build: build/fuzz/fuzz_image

fuzz-image: build/fuzz/fuzz_image bad
	@rm -rf build/fuzz/image-seeds && sh tests/fuzz/image-seeds.sh build/fuzz/image-seeds $(BAD)/buildinfo-pointer-64le
	@mkdir -p build/fuzz/image-corpus build/fuzz/image-artifacts
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
	./build/fuzz/fuzz_image -max_total_time=$(FUZZ_SECONDS) -timeout=1 \
		-rss_limit_mb=512 -malloc_limit_mb=128 -max_len=262144 \
		-artifact_prefix=build/fuzz/image-artifacts/ \
		-print_final_stats=1 build/fuzz/image-corpus build/fuzz/image-seeds

# Unit tests and the CLI over every fixture under valgrind memcheck: no
# invalid access, no definite leak.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-possibly-lost=no --trace-children=no
check-valgrind: all tests fixtures bad
	@GOELF_VALGRIND=1 sh tests/unit/run-unit.sh $(O) $(TESTS)
	@sh tests/cli/run-valgrind.sh "$(VALGRIND)" $(O)/goelf $(FIXTURES) $(BAD)

# goelf scan vs scanelf -R and find|file on /usr, inspect vs go version -m
# and readelf (hyperfine); prints ratios, files/s and peak RSS.
bench: all fixtures
	@sh scripts/bench.sh $(O)/goelf $(FIXTURES)

checkstyle:
	clang-format --dry-run -Werror lib/*/*.c lib/*/*.h cli/*.c cli/*.h include/*.h
	! grep -nE '\b(sprintf|strcpy|strcat|strtok|atoi|atol|gets)\s*\(' lib/*/*.c cli/*.c

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(O)/goelf $(DESTDIR)$(BINDIR)/goelf
	install -m 644 man/goelf.1 $(DESTDIR)$(MANDIR)/man1/goelf.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/goelf $(DESTDIR)$(MANDIR)/man1/goelf.1

clean:
	rm -rf build

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)
