# goelf - plain GNU make.  `make demo` and `make check` also install the
# Debian packages they need (scripts/deps.sh); `make` alone only builds.
# Install directories as in the GNU coding standards (upper case);
# DESTDIR is prepended to each when installing, never written into
# goelf.pc.
PREFIX      ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR      ?= $(EXEC_PREFIX)/bin
LIBDIR      ?= $(EXEC_PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
DATAROOTDIR ?= $(PREFIX)/share
MANDIR      ?= $(DATAROOTDIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(DATAROOTDIR)/bash-completion/completions
PKG_CONFIG ?= pkg-config
CC      ?= cc
CFLAGS  ?= -O2 -g
# Build tree: build/ normally, build/asan for the sanitizer build.
O       ?= build

WFLAGS   = -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
	   -Wwrite-strings -Wvla -Wno-format-nonliteral
PKGS     = libelf jansson inih libarchive nettle
GOELF_CPPFLAGS = -Iinclude -Ilib -I. -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
	   $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# Debian 12's libdwarf-dev (20210528) ships no libdwarf.pc.
DWARF_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags libdwarf 2>/dev/null || echo -I/usr/include/libdwarf)
DWARF_LIBS   ?= $(shell $(PKG_CONFIG) --libs libdwarf 2>/dev/null || echo -ldwarf)
GOELF_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lelf -ljansson -linih -larchive -lnettle)
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
	static examples check-install check-examples check-static check-fleet \
	fixtures bad install uninstall clean checkstyle bench fuzz fuzz-build \
	fuzz-regress fuzz-image-build fuzz-image check-valgrind check-layers \
	check-json tsan check-tsan check-image-semantics FORCE

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

# The image view's dump for check-image-semantics (tests/tools/rootfs_dump.c).
$(O)/rootfs_dump: tests/tools/rootfs_dump.c $(O)/libgoelf.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -pthread -o $@ $< $(O)/libgoelf.a $(GOELF_LIBS) $(DWARF_LIBS)

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

check-cli: all bad $(O)/rt_judge
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
	@env $(TEST_GOELF_ENV) PYTHON=$(PYTHON) sh tests/cli/run-ci-formats.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) PYTHON=$(PYTHON) sh tests/cli/run-image-size.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) sh tests/cli/run-image-policy.sh $(TEST_GOELF_SH) $(FIXTURES)
	@sh tests/cli/run-runtime-ld.sh $(O)/rt_judge $(BAD)
	@env $(TEST_GOELF_ENV) PYTHON=$(PYTHON) sh tests/cli/run-runtime-hostile.sh $(TEST_GOELF_SH) $(FIXTURES)
	@env $(TEST_GOELF_ENV) PYTHON=$(PYTHON) sh tests/cli/run-runtime.sh $(TEST_GOELF_SH) $(FIXTURES)
	@sh tests/cli/run-runtime-root.sh $(O)/goelf
	@$(MAKE) --no-print-directory check-json

# Validates the JSON the CLI scripts made (run check-cli first), a scan
# of /usr/bin and /usr/lib/x86_64-linux-gnu, the goldens and every fixture.
check-json: all
	@PYTHON=$(PYTHON) sh tests/cli/run-json.sh $(O)/goelf $(FIXTURES) $(JSON_LOG)

# The other: set up, then every test.
check: deps
	@$(MAKE) --no-print-directory all tests fixtures bad
	@$(MAKE) --no-print-directory check-layers check-unit check-cli
	@$(MAKE) --no-print-directory check-install check-examples check-static check-fleet

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
check-image-semantics: all $(O)/rootfs_dump
	@$(PYTHON) tests/tools/image-semantics.py --self-check --tar-check 40 \
		--view $(O)/rootfs_dump \
		--seed $(SEMANTICS_SEED) --count $(SEMANTICS_COUNT) $(O)/goelf

asan:
	@$(MAKE) --no-print-directory O=build/asan CFLAGS="-O1 -g" \
		SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		all tests build/asan/rt_judge

check-asan: asan fixtures bad
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		GOELF_SKIP_TRUTH=1 \
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
	clang-format --dry-run -Werror lib/*/*.c lib/*/*.h cli/*.c cli/*.h include/*.h examples/*.c
	! grep -nE '\b(sprintf|strcpy|strcat|strtok|atoi|atol|gets)\s*\(' lib/*/*.c cli/*.c

# The program, its man page and bash completion, and the library:
# include/goelf.h, libgoelf.a and goelf.pc (written from goelf.pc.in
# with these directories).  uninstall removes exactly these files.
GOELF_VERSION = $(shell sed -n 's/^\#define GOELF_VERSION "\(.*\)"/\1/p' include/goelf.h)
INSTALLED = $(BINDIR)/goelf $(MANDIR)/man1/goelf.1 $(BASHCOMPDIR)/goelf \
	$(INCLUDEDIR)/goelf.h $(LIBDIR)/libgoelf.a $(PKGCONFIGDIR)/goelf.pc

# goelf.pc names the directories under ${prefix} where they are.
PC_EXEC_PREFIX = $(patsubst $(PREFIX)%,$${prefix}%,$(EXEC_PREFIX))
PC_LIBDIR = $(patsubst $(EXEC_PREFIX)/%,$${exec_prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))

$(O)/goelf.pc: goelf.pc.in include/goelf.h FORCE
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@EXEC_PREFIX@|$(PC_EXEC_PREFIX)|g' \
	    -e 's|@LIBDIR@|$(PC_LIBDIR)|g' -e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|g' \
	    -e 's|@VERSION@|$(GOELF_VERSION)|g' goelf.pc.in > $@.tmp
	mv $@.tmp $@

# build/goelf-static: the same program linked -static-pie against
# Debian's own .a files (pkg-config --static; libdwarf by hand, ahead of
# libelf), for any build stage (scratch, distroless, Alpine).  glibc's
# NSS is not even linked (README "Static binary", tests/cli/run-static.sh);
# --fatal-warnings turns ld's "Using 'getpwnam_r' in statically linked
# applications" into an error.
STATIC_LIBS = -ldwarf $(shell $(PKG_CONFIG) --static --libs $(PKGS) 2>/dev/null || echo -lelf -lz -ljansson -larchive -lnettle -lacl -llzma -lzstd -llz4 -lbz2 -lxml2 -linih)

static: $(O)/goelf-static

$(O)/goelf-static: $(CLI_OBJS) $(O)/libgoelf.a
	$(CC) -static-pie $(CFLAGS) $(LDFLAGS) -Wl,-z,relro,-z,now -Wl,--fatal-warnings -pthread -o $@ $(CLI_OBJS) $(O)/libgoelf.a $(STATIC_LIBS)

install: all lib $(O)/goelf.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 $(O)/goelf $(DESTDIR)$(BINDIR)/goelf
	install -m 644 man/goelf.1 $(DESTDIR)$(MANDIR)/man1/goelf.1
	install -m 644 contrib/bash-completion/goelf $(DESTDIR)$(BASHCOMPDIR)/goelf
	install -m 644 include/goelf.h $(DESTDIR)$(INCLUDEDIR)/goelf.h
	install -m 644 $(O)/libgoelf.a $(DESTDIR)$(LIBDIR)/libgoelf.a
	install -m 644 $(O)/goelf.pc $(DESTDIR)$(PKGCONFIGDIR)/goelf.pc

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

# The examples, the documentation of the library API: built against an
# installed goelf through pkg-config (PKG_CONFIG_PATH=PREFIX/lib/pkgconfig
# for a PREFIX outside pkg-config's path), never against the tree.
EXAMPLE_SRCS = $(sort $(wildcard examples/*.c))
EXAMPLES = $(EXAMPLE_SRCS:examples/%.c=$(O)/examples/%)

examples: $(EXAMPLES)

$(O)/examples/%: examples/%.c FORCE
	@$(PKG_CONFIG) --exists goelf || { echo "make examples: no goelf.pc: run make install first (PKG_CONFIG_PATH=PREFIX/lib/pkgconfig for another PREFIX)" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -Werror $(CFLAGS) $$($(PKG_CONFIG) --cflags goelf) -o $@ $< $(LDFLAGS) $$($(PKG_CONFIG) --static --libs goelf)

# make install into a scratch PREFIX, the examples built from it and run
# on the fixtures against readelf and go version -m.
CHECK_PREFIX = $(abspath $(O)/check-prefix)
check-examples: all lib
	@rm -rf $(CHECK_PREFIX) $(O)/examples
	@$(MAKE) --no-print-directory install O=$(O) PREFIX=$(CHECK_PREFIX) >/dev/null
	@PKG_CONFIG_PATH=$(CHECK_PREFIX)/lib/pkgconfig $(MAKE) --no-print-directory O=$(O) examples
	@sh tests/cli/run-examples.sh $(O)/examples $(FIXTURES)
	@rm -rf $(CHECK_PREFIX)

# make install / uninstall with DESTDIR and every directory variable: the
# files, goelf.pc, and the bash completion against each command's --help.
check-install: all lib
	@sh tests/cli/run-install.sh $(MAKE) $(O)

# The static build against the dynamic one (root: also in an empty chroot).
check-static: all static
	@sh tests/cli/run-static.sh $(O)/goelf $(O)/goelf-static $(FIXTURES)

# docs/fleet.md: its jq queries on tests/data/fleet and on real scan output.
check-fleet: all
	@sh tests/cli/run-fleet.sh $(O)/goelf $(FIXTURES)

FORCE:

clean:
	rm -rf build

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)

# The lib/runtime test driver (tests/cli/run-runtime-ld.sh).
$(O)/rt_judge: tests/tools/rt_judge.c $(O)/libgoelf.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -pthread -o $@ $< $(O)/libgoelf.a $(GOELF_LIBS) $(DWARF_LIBS)
