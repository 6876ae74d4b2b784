#!/bin/sh
# The loader simulation on hostile roots (issue 14, "Bad input"): every
# root is built here, in a mktemp dir, from this machine's ld.so and libc
# plus libraries made with gcc or tests/tools/mkhostile-root.py, then
# judged with `inspect --image DIR`, `gate --image DIR`, `scan --root
# DIR`, and the same roots packed as docker-save tarballs (`scan X.tar`,
# `inspect --image X.tar`).  Every run is under `timeout 30` and
# `prlimit --as=1 GiB`: exit 0 or 1 (never a signal), the JSON parses,
# and the expected reason id is there.  Where it can be, the truth comes
# from running the binary in the root with chroot (as root; skipped
# otherwise): fail exactly when ld.so does not start it.
# Cases: [loop-self] [loop-ab] library symlink loops named by NEEDED;
# [cycle] libA needs libB needs libA; [needed10k] 10,000 DT_NEEDED
# (absent, then all present); [chain10k] 10,000 libraries each needing
# the next; [ldcache-*] a malformed /etc/ld.so.cache (new, old, compat
# header, nlibs 0xffffffff) and one over the 64 MiB cap (sparse);
# [verdef-loop] a library whose Verdef chain points back; [origin]
# $ORIGIN/../../../../../../x in DT_RUNPATH; [abs-*] absolute symlinks
# to /etc/passwd and to /../../..<host path>, [rel-climb] a relative one
# climbing out; [fifo] [dev] a FIFO and a device node where a library
# should be (and a FIFO, a self-loop as /etc/ld.so.cache).  A marker
# library sits OUTSIDE each root where an escape would land; strace
# (when installed) shows goelf never opens it, opens no path outside the
# root, and opens a FIFO or device only O_PATH.
# usage: sh tests/cli/run-runtime-hostile.sh GOELF FIXTURES
# Prints `runtime hostile: N passed, M failed` last; exits 1 on failure.
set -u
GOELF=$1
HERE=$(cd "$(dirname "$0")/../.." && pwd)
MK="${PYTHON:-python3} $HERE/tests/tools/mkhostile-root.py"
pass=0
fail=0
skip=0
TMP=$(mktemp -d /tmp/goelf-rth.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check LABEL EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}
LD=/lib64/ld-linux-x86-64.so.2
ML=/usr/lib/x86_64-linux-gnu
if [ ! -e $LD ] || [ "$(uname -m)" != x86_64 ] || ! command -v gcc >/dev/null ||
	! command -v jq >/dev/null; then
	echo "runtime hostile: needs an x86-64 glibc host with gcc and jq; skipped"
	echo "runtime hostile: 0 passed, 0 failed"
	exit 0
fi
ROOT_OK=0
[ "$(id -u)" = 0 ] && command -v chroot >/dev/null 2>&1 && ROOT_OK=1
[ $ROOT_OK = 1 ] || echo "runtime hostile: not root: chroot runs and the device node are skipped"
HAVE_STRACE=0
command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null && HAVE_STRACE=1
[ $HAVE_STRACE = 1 ] || echo "runtime hostile: no usable strace: the open checks are skipped"
LIMIT="prlimit --as=1073741824"
prlimit --as=1073741824 true 2>/dev/null || LIMIT=""
# ASan reserves terabytes of shadow address space: no AS limit there.
[ -n "${ASAN_OPTIONS:-}" ] && LIMIT=""

# g LABEL OUT ARGS...: goelf ARGS, bounded, stdout in OUT (stderr in
# OUT.err); checks the exit code is 0 or 1.  $rc is the exit code.
# NOLOG=GOELF_JSON_LOG= keeps a 10,000-file scan out of the JSON log
# (tests/tools/goelf-json-log.sh) that check-json validates.
g() {
	gl=$1 gout=$2
	shift 2
	env ${NOLOG:-} timeout 30 $LIMIT "$GOELF" "$@" >"$gout" 2>"$gout.err"
	rc=$?
	case $rc in
	0 | 1) ok ;;
	124) bad "$gl: goelf $*: timed out (30 s)" ;;
	*) bad "$gl: goelf $*: exit $rc"; head -3 "$gout.err" ;;
	esac
}
# j LABEL FILE: the file is JSON (one document or JSON lines).
j() {
	if jq -e . "$2" >/dev/null 2>&1; then ok; else bad "$1: not JSON"; head -c 300 "$2"; echo; fi
}
# ids FILE [PATH]: the image target's reason ids (sorted, unique), of
# the record for PATH in a scan's JSON lines, or of the one document.
ids() {
	if [ $# -gt 1 ]; then
		jq -r --arg p "$2" 'select(.path == $p) | .verdict.targets.image.reasons[]?.id' "$1"
	else
		jq -r '.verdict.targets.image.reasons[]?.id' "$1"
	fi 2>/dev/null | sort -u | tr '\n' ' ' | sed 's/ $//'
}
# has LABEL ID FILE [PATH]: the image target names reason ID.
has() {
	got=$(ids "$3" ${4:+"$4"})
	case " $got " in
	*" $2 "*) ok ;;
	*) bad "$1: no $2 in the image target's reasons [$got]"; head -c 600 "$3.err" 2>/dev/null ;;
	esac
}
# status FILE: the image target's status.
status() { jq -r '.verdict.targets.image.status' "$1" 2>/dev/null; }
# paths_inside LABEL FILE: every tree path is absolute and inside the
# root (none names the host's mktemp dir or climbs with "..").
paths_inside() {
	n=$(jq -r '.runtime.tree[]?.path // empty' "$2" | grep -c -e '\.\./' -e "$TMP" -e '^[^/]')
	check "$1: tree paths outside the root" 0 "$n"
}
# crun LABEL WANT ROOT ARGV...: the truth, by running it in the root.
# WANT is an exit code or any-fail.  A bare chroot has no /proc, where
# ld.so reads $ORIGIN (/proc/self/exe); CRUN_ENV=LD_ORIGIN_PATH=/app
# tells it instead.
crun() {
	cl=$1 want=$2 root=$3
	shift 3
	if [ $ROOT_OK != 1 ]; then skip=$((skip + 1)); return 0; fi
	timeout 10 env ${CRUN_ENV:-} chroot "$root" "$@" >"$TMP/run" 2>&1
	crc=$?
	if [ "$want" = any-fail ]; then
		[ $crc != 0 ] && ok || bad "$cl: the chroot run succeeded"
	elif [ $crc = "$want" ]; then ok
	else bad "$cl: chroot run exit $crc, want $want"; head -3 "$TMP/run"
	fi
}
# straced LABEL ROOT ARGS...: goelf ARGS under strace; no open of a
# path outside ROOT (absolute paths under $TMP that are not in ROOT),
# no successful open of a marker library (only ever outside the roots),
# and nothing but O_PATH on the FIFO / device names (libfifo*, libdev*,
# and ld.so.cache: a FIFO in [fifo], absent in the other roots traced).
straced() {
	sl=$1 root=$2
	shift 2
	[ $HAVE_STRACE = 1 ] || { skip=$((skip + 1)); return 0; }
	rm -f "$TMP"/st "$TMP"/st.*
	# -ff: one file per thread, so no call is split "<unfinished ...>";
	# the output is not looked at: kept out of the JSON log (under
	# strace a sanitizer build can reach the timeout mid-write)
	GOELF_JSON_LOG= timeout 60 strace -ff -qq \
		-e trace=openat,openat2,open -o "$TMP/st" \
		"$GOELF" "$@" >/dev/null 2>&1
	cat "$TMP"/st.* >"$TMP/st" 2>/dev/null
	out=$(grep '"/' "$TMP/st" | grep -F "\"$TMP" | grep -vF "\"$root")
	check "$sl: strace: opens outside the root" "" "$out"
	out=$(grep libmark "$TMP/st" | grep -v '= -1 ')
	check "$sl: strace: a marker library opened" "" "$out"
	# (the host's ld.so reads the host's cache to start goelf itself)
	out=$(grep -e libfifo -e libdev -e ld.so.cache "$TMP/st" | grep -v '= -1 ' |
		grep -v O_PATH | grep -vF 'openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC)')
	check "$sl: strace: FIFO/device opened for reading" "" "$out"
}

# mkroot DIR: Debian 12's layout (merged /usr, /lib64 -> usr/lib64 and
# an absolute ld.so link), ld.so and libc from this machine, no cache.
mkroot() {
	mkdir -p "$1$ML" "$1/usr/bin" "$1/usr/lib64" "$1/etc" "$1/app"
	ln -s usr/lib "$1/lib"
	ln -s usr/bin "$1/bin"
	ln -s usr/lib64 "$1/lib64"
	cp -L $LD "$1$ML/ld-linux-x86-64.so.2"
	ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$1/usr/lib64/ld-linux-x86-64.so.2"
	cp -L $ML/libc.so.6 "$1$ML/libc.so.6"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$1/etc/passwd"
}
cc() { gcc -O1 -w "$@" || { bad "gcc $*"; return 1; }; }

# Sources: a library foo (0 from foo()), a program exiting with foo().
S=$TMP/src
mkdir -p "$S"
echo 'int foo(void) { return 0; }' >"$S/foo.c"
echo 'int foo(void) { return 42; }' >"$S/mark.c"
echo 'int foo(void); int main(void) { return foo(); }' >"$S/prog.c"
cc -shared -fPIC -Wl,-soname,libloop.so.1 -o "$S/libloop.so.1" "$S/foo.c"
cc -o "$S/prog" "$S/prog.c" "$S/libloop.so.1"
# The marker: what an escape would load (exits 42 when run).
cc -shared -fPIC -Wl,-soname,libmark.so.1 -o "$S/libmark.so.1" "$S/mark.c"
# A program needing libmark.so.1 through $ORIGIN climbing out.
cc -o "$S/mprog" "$S/prog.c" "$S/libmark.so.1" \
	-Wl,-rpath,'$ORIGIN/../../../../../../x' -Wl,--enable-new-dtags

# Every root lives at $TMP/h/a/b/c/NAME: the marker is planted at
# $TMP/h/x, $TMP/h/a/x, ... (where "../" climbs would land on the host)
# and at the host path the absolute symlinks name.
mkdir -p "$TMP/h/a/b/c"
for d in "$TMP/h" "$TMP/h/a" "$TMP/h/a/b" "$TMP/h/a/b/c" "$TMP"; do
	mkdir -p "$d/x" && cp "$S/libmark.so.1" "$d/x/"
done
mkdir -p "$TMP/host$ML" && cp "$S/libmark.so.1" "$TMP/host$ML/"
B=$TMP/h/a/b/c
CASES=""
# newcase NAME: a fresh root $R, and NAME remembered for the tarballs.
newcase() {
	R=$B/$1
	mkroot "$R"
	CASES="$CASES $1"
}
# judge LABEL BIN [WANT-ID...]: inspect --image $R --at /app/BIN, JSON
# in $TMP/LABEL.json; the reason ids wanted are there, paths inside.
judge() {
	label=$1 bin=$2
	shift 2
	o=$TMP/$label.json
	g "[$label] inspect" "$o" inspect --image "$R" --at "/app/$bin" -f json "$R/app/$bin"
	j "[$label] inspect" "$o"
	for id in "$@"; do has "[$label]" "$id" "$o"; done
	paths_inside "[$label]" "$o"
}
# gate_is LABEL BIN WANT: `gate --image` exits WANT (1: fails).
gate_is() {
	timeout 30 $LIMIT "$GOELF" gate --image "$R" --at "/app/$2" "$R/app/$2" >"$TMP/gate" 2>&1
	check "$1: gate --image exit" "$3" $?
}

# [loop-self] libloop.so.1 -> libloop.so.1: ld.so gets ELOOP, "cannot
# open shared object file"; so does goelf (missing), at once.
newcase loop-self
cp "$S/prog" "$R/app/prog"
ln -s libloop.so.1 "$R$ML/libloop.so.1"
judge loop-self prog runtime.library_missing
check "[loop-self] status" fail "$(status "$TMP/loop-self.json")"
gate_is "[loop-self]" prog 1
crun "[loop-self] runs" any-fail "$R" /app/prog

# [loop-ab] libloop.so.1 -> a -> b -> a
newcase loop-ab
cp "$S/prog" "$R/app/prog"
ln -s a "$R$ML/libloop.so.1"
ln -s b "$R$ML/a"
ln -s a "$R$ML/b"
ln -s ld.so.cache "$R/etc/ld.so.cache" # a cache that loops: absent
judge loop-ab prog runtime.library_missing
crun "[loop-ab] runs" any-fail "$R" /app/prog

# [cycle] libA needs libB needs libA: ld.so loads each once and runs it.
newcase cycle
echo 'int b(void); int a(void) { return 0; }' >"$S/a.c"
echo 'int a(void); int b(void) { return a(); }' >"$S/b.c"
echo 'int b(void); int main(void) { return b(); }' >"$S/cyc.c"
cc -shared -fPIC -Wl,-soname,libA.so -o "$S/libA0.so" "$S/a.c"
cc -shared -fPIC -Wl,-soname,libB.so -Wl,--no-as-needed -o "$S/libB.so" "$S/b.c" "$S/libA0.so"
cc -shared -fPIC -Wl,-soname,libA.so -Wl,--no-as-needed -o "$S/libA.so" "$S/a.c" "$S/libB.so"
cc -o "$R/app/cyc" "$S/cyc.c" -Wl,--no-as-needed "$S/libA.so" "$S/libB.so"
cp "$S/libA.so" "$S/libB.so" "$R$ML/"
check "[cycle] libA needs libB" 1 "$(readelf -d "$R$ML/libA.so" | grep -c 'NEEDED.*libB.so')"
check "[cycle] libB needs libA" 1 "$(readelf -d "$R$ML/libB.so" | grep -c 'NEEDED.*libA.so')"
judge cycle cyc
check "[cycle] status (ld.so runs it)" ok "$(status "$TMP/cycle.json")"
check "[cycle] each library once" "1 1" \
	"$(jq -r '[.runtime.tree[] | select(.how != "loaded") | .name] | "\(map(select(. == "libA.so")) | length) \(map(select(. == "libB.so")) | length)"' "$TMP/cycle.json")"
check "[cycle] tree bounded" yes "$(jq -r 'if (.runtime.tree | length) < 16 then "yes" else "no" end' "$TMP/cycle.json")"
crun "[cycle] runs" 0 "$R" /app/cyc

# [needed10k] 10,000 DT_NEEDED, none present: cut at a cap, said so.
newcase needed10k
$MK elf "$R/app/e10k" --needed 10000 --prefix libh
check "[needed10k] readelf counts 10000 NEEDED" 10000 "$(readelf -d "$R/app/e10k" | grep -c NEEDED)"
judge needed10k e10k input.limit_reached runtime.library_missing
check "[needed10k] limit_reached" true "$(jq -r .runtime.limit_reached "$TMP/needed10k.json")"
gate_is "[needed10k]" e10k 1
crun "[needed10k] runs" any-fail "$R" /app/e10k

# [needed10k-present] ... and the 10,000 libraries all there.
newcase needed10k-present
cp "$B/needed10k/app/e10k" "$R/app/e10k"
$MK many "$R$ML" 10000 --prefix libh
judge needed10k-present e10k input.limit_reached
check "[needed10k-present] tree within GOELF_RT_MAX_NODES" yes \
	"$(jq -r 'if (.runtime.tree | length) <= 4096 then "yes" else "no" end' "$TMP/needed10k-present.json")"
gate_is "[needed10k-present]" e10k 1

# [chain10k] libch0.so needs libch1.so ... needs libch9999.so
newcase chain10k
$MK chain "$R$ML" 10000 --prefix libch
$MK elf "$R/app/ech" --next libch0.so
check "[chain10k] libch9998 needs libch9999" 1 \
	"$(readelf -d "$R$ML/libch9998.so" | grep -c 'NEEDED.*libch9999.so')"
judge chain10k ech input.limit_reached
check "[chain10k] depth within GOELF_RT_MAX_DEPTH" yes \
	"$(jq -r 'if ([.runtime.tree[].depth] | max) <= 65 then "yes" else "no" end' "$TMP/chain10k.json")"
gate_is "[chain10k]" ech 1

# [ldcache-*] a malformed cache: ld.so ignores it and finds libloop in
# the system directories; goelf says input.malformed and does the same.
for k in new old both; do
	newcase ldcache-$k
	cp "$S/prog" "$R/app/prog"
	cp "$S/libloop.so.1" "$R$ML/"
	$MK ldcache "$R/etc/ld.so.cache" $k
	judge ldcache-$k prog input.malformed
	check "[ldcache-$k] libloop from the system dirs" "$ML/libloop.so.1 system" \
		"$(jq -r '.runtime.tree[] | select(.name == "libloop.so.1") | "\(.path) \(.how)"' "$TMP/ldcache-$k.json")"
	crun "[ldcache-$k] runs" 0 "$R" /app/prog
done
check "[ldcache-new] nlibs 0xffffffff" "glibc-ld.so.cache1.1 ffffffff" \
	"$(head -c 20 "$B/ldcache-new/etc/ld.so.cache") $(od -An -tx4 -j20 -N4 "$B/ldcache-new/etc/ld.so.cache" | tr -d ' ')"

# [ldcache-huge] 70 MiB (sparse) with a valid header: over the cap, not
# read, said so; resolution goes on in the system dirs.
newcase ldcache-huge
cp "$S/prog" "$R/app/prog"
cp "$S/libloop.so.1" "$R$ML/"
truncate -s 70M "$R/etc/ld.so.cache"
printf 'glibc-ld.so.cache1.1' | dd of="$R/etc/ld.so.cache" conv=notrunc 2>/dev/null
judge ldcache-huge prog input.limit_reached
check "[ldcache-huge] libloop from the system dirs" "$ML/libloop.so.1 system" \
	"$(jq -r '.runtime.tree[] | select(.name == "libloop.so.1") | "\(.path) \(.how)"' "$TMP/ldcache-huge.json")"
gate_is "[ldcache-huge]" prog 1

# [verdef-loop] a libfoo.so.1 (FOO_1, FOO_2) whose last Verdef's
# vd_next points back at the first: ld.so crashes on it.
newcase verdef-loop
echo 'int foo1(void) { return 1; } int foo2(void) { return 0; }' >"$S/v.c"
printf 'FOO_1 { global: foo1; local: *; };\nFOO_2 { global: foo2; } FOO_1;\n' >"$S/v.map"
echo 'int foo2(void); int main(void) { return foo2(); }' >"$S/vp.c"
cc -shared -fPIC -Wl,--version-script="$S/v.map" -Wl,-soname,libfoo.so.1 -o "$S/libfoo.so.1" "$S/v.c"
cc -o "$R/app/vprog" "$S/vp.c" "$S/libfoo.so.1"
$MK verdef-loop "$S/libfoo.so.1" "$R$ML/libfoo.so.1"
check "[verdef-loop] readelf: the section claims 2147483647" 1 \
	"$(readelf -V "$R$ML/libfoo.so.1" 2>/dev/null | grep -c "contains 2147483647 entries")"
judge verdef-loop vprog input.malformed
crun "[verdef-loop] runs" any-fail "$R" /app/vprog

# [origin] DT_RUNPATH $ORIGIN/../../../../../../x climbs out of /app: in
# the root it stops at /, so /x/libmark.so.1 is not there (the markers
# are, outside).  Then with one at /x inside: found there.
newcase origin
cp "$S/mprog" "$R/app/mprog"
check "[origin] readelf RUNPATH" 1 "$(readelf -d "$R/app/mprog" | grep -c 'RUNPATH.*\$ORIGIN/\.\./\.\./\.\./\.\./\.\./\.\./x')"
judge origin mprog runtime.library_missing
CRUN_ENV=LD_ORIGIN_PATH=/app
crun "[origin] runs" any-fail "$R" /app/mprog
CRUN_ENV=
straced "[origin]" "$R" inspect --image "$R" --at /app/mprog -f json "$R/app/mprog"
newcase origin-inside
cp "$S/mprog" "$R/app/mprog"
mkdir -p "$R/x" && cp "$S/libmark.so.1" "$R/x/"
judge origin-inside mprog
check "[origin-inside] found at /x, by RUNPATH" "/x/libmark.so.1 runpath" \
	"$(jq -r '.runtime.tree[] | select(.name == "libmark.so.1") | "\(.path) \(.how)"' "$TMP/origin-inside.json")"
CRUN_ENV=LD_ORIGIN_PATH=/app
crun "[origin-inside] runs (foo() = 42)" 42 "$R" /app/mprog
CRUN_ENV=

# [abs-passwd] libmark.so.1 -> /etc/passwd: the root's passwd, not the
# host's; ld.so: "file too short".
newcase abs-passwd
cp "$S/mprog" "$R/app/mprog"
ln -s /etc/passwd "$R$ML/libmark.so.1"
judge abs-passwd mprog runtime.library_unusable
check "[abs-passwd] the root's /etc/passwd" /etc/passwd \
	"$(jq -r '.runtime.tree[] | select(.name == "libmark.so.1") | .path' "$TMP/abs-passwd.json")"
crun "[abs-passwd] runs" any-fail "$R" /app/mprog

# [abs-climb] libmark.so.1 -> /../../../..$TMP/host$ML/libmark.so.1 (a
# marker is there on the host); [rel-climb] -> ../../../../../../../x/..
newcase abs-climb
cp "$S/mprog" "$R/app/mprog"
ln -s "/../../../../..$TMP/host$ML/libmark.so.1" "$R$ML/libmark.so.1"
judge abs-climb mprog runtime.library_missing
crun "[abs-climb] runs" any-fail "$R" /app/mprog
straced "[abs-climb]" "$R" inspect --image "$R" --at /app/mprog -f json "$R/app/mprog"
newcase rel-climb
cp "$S/mprog" "$R/app/mprog"
ln -s ../../../../../../../../../../x/libmark.so.1 "$R$ML/libmark.so.1"
judge rel-climb mprog runtime.library_missing
crun "[rel-climb] runs" any-fail "$R" /app/mprog
straced "[rel-climb]" "$R" inspect --image "$R" --at /app/mprog -f json "$R/app/mprog"

# [fifo] a FIFO named libfifo.so.1 where the library should be: never
# opened for reading (that would block), judged missing, no hang.
newcase fifo
echo 'int foo(void) { return 0; }' >"$S/ff.c"
cc -shared -fPIC -Wl,-soname,libfifo.so.1 -o "$S/libfifo.so.1" "$S/ff.c"
cc -o "$R/app/fprog" "$S/prog.c" "$S/libfifo.so.1"
mkfifo "$R$ML/libfifo.so.1"
mkfifo "$R/etc/ld.so.cache" # never read: a FIFO blocks the reader
judge fifo fprog runtime.library_missing
check "[fifo] libc from the system dirs" "$ML/libc.so.6 system" \
	"$(jq -r '.runtime.tree[] | select(.name == "libc.so.6") | "\(.path) \(.how)"' "$TMP/fifo.json")"
straced "[fifo]" "$R" inspect --image "$R" --at /app/fprog -f json "$R/app/fprog"
# [dev] a character device (1,3: /dev/null) as libdev.so.1 (root only)
if [ "$(id -u)" = 0 ]; then
	newcase dev
	cc -shared -fPIC -Wl,-soname,libdev.so.1 -o "$S/libdev.so.1" "$S/ff.c"
	cc -o "$R/app/dprog" "$S/prog.c" "$S/libdev.so.1"
	if mknod "$R$ML/libdev.so.1" c 1 3 2>/dev/null; then
		judge dev dprog runtime.library_missing
		straced "[dev]" "$R" inspect --image "$R" --at /app/dprog -f json "$R/app/dprog"
		crun "[dev] runs" any-fail "$R" /app/dprog
	else
		echo "runtime hostile: mknod refused: [dev] skipped"
		skip=$((skip + 1))
	fi
fi

# [scan --root] every hostile root scanned whole: bounded, JSON lines,
# and the binary's reasons are the ones inspect gave.  The big roots
# once each (10,000 files).
for c in $CASES; do
	R=$B/$c
	o=$TMP/$c.scan
	case $c in *10k*) NOLOG=GOELF_JSON_LOG= ;; *) NOLOG= ;; esac
	g "[$c] scan --root" "$o" scan --root "$R" -f jsonl
	j "[$c] scan --root" "$o"
	bin=$(cd "$R/app" && ls | head -1)
	check "[$c] scan --root: reasons as inspect" "$(ids "$TMP/$c.json")" "$(ids "$o" "/app/$bin")"
done
[ $HAVE_STRACE = 1 ] && for c in origin abs-climb rel-climb fifo; do
	straced "[$c] scan --root" "$B/$c" scan --root "$B/$c" -f jsonl
done

# [docker-save] the same roots as the one layer of a docker-save
# tarball (symlinks, FIFO and device kept): `scan X.tar` and `inspect
# --image X.tar` give the reasons the directory gave.  The 70 MiB cache
# goes in as 70 MiB of tar.
for c in $CASES; do
	R=$B/$c
	t=$TMP/$c.tar
	case $c in *10k*) NOLOG=GOELF_JSON_LOG= ;; *) NOLOG= ;; esac
	$MK docker-save "$R" "$t" || { bad "[$c] docker-save"; continue; }
	bin=$(cd "$R/app" && ls | head -1)
	o=$TMP/$c.tscan
	g "[$c] scan X.tar" "$o" scan "$t" -f jsonl
	j "[$c] scan X.tar" "$o"
	check "[$c] scan X.tar: reasons as the directory" "$(ids "$TMP/$c.json")" "$(ids "$o" "/app/$bin")"
	o=$TMP/$c.tjson
	g "[$c] inspect --image X.tar" "$o" inspect --image "$t" --at "/app/$bin" -f json "$R/app/$bin"
	j "[$c] inspect --image X.tar" "$o"
	check "[$c] inspect --image X.tar: reasons as the directory" "$(ids "$TMP/$c.json")" "$(ids "$o")"
	paths_inside "[$c] X.tar" "$o"
	rm -f "$t"
done

echo "runtime hostile: $pass passed, $fail failed${skip:+ ($skip skipped)}"
[ $fail = 0 ]
