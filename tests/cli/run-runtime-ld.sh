#!/bin/sh
# lib/runtime against the real loaders: directory roots built from this
# machine's glibc (and musl, when installed), judged by build/rt_judge
# and compared with what ld.so itself does in them: `ld.so --list`
# and running the program with chroot (as root; skipped otherwise).
# Cases: [tree] a real binary's libraries vs ld.so --list, [cache] a
# library found only through ld.so.cache, [version] FOO_2 missing vs
# present, [symbol] a missing function, lazy vs -z now, [copy] a COPY
# relocation's data symbol missing, [runpath] not
# inherited while RPATH is, [skip] another machine skipped, [fatal] a
# corrupt candidate stops the load, [interp] no interpreter, [static]
# binaries, [hwcaps] glibc-hwcaps and legacy subdirectories, [dst]
# $LIB/$PLATFORM in an RPATH,
# [bounded] NEEDED cycles, symlink loops and 5000 NEEDED, [preload],
# [glibc] an old libc, [escape] links out of the root, [musl]; most also
# through the image view (as_image: a docker-save tar of the root).
# [hostile] every file of the crafted corpus BAD as the library and as
# the interpreter: a one-line verdict, never a crash.
# usage: sh tests/cli/run-runtime-ld.sh RT_JUDGE [BAD]
# Prints `runtime-ld: N passed, N failed` last; exits 1 on failure.
set -u
J=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BAD=${2:-}
pass=0
fail=0
skip=0
TMP=$(mktemp -d /tmp/goelf-rtld.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
has() { # has LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no [$2] in:"; sed 's/^/    /' "$3" | head -20; fi
}
hasnt() { # hasnt LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then bad "$1: [$2] in:"; grep -- "$2" "$3" | head -5; else ok; fi
}
ROOT_OK=0
[ "$(id -u)" = 0 ] && command -v chroot >/dev/null 2>&1 && ROOT_OK=1
[ $ROOT_OK = 1 ] || echo "runtime-ld: not root: the chroot runs are skipped"
# crun LABEL WANT-EXIT ROOT ARGV...: runs in the chroot, output in $TMP/run
crun() {
	label=$1 want=$2 root=$3
	shift 3
	if [ $ROOT_OK != 1 ]; then skip=$((skip + 1)); return 0; fi
	env ${CRUN_ENV:-GOELF_RTLD=1} chroot "$root" "$@" >"$TMP/run" 2>&1
	rc=$?
	if [ "$want" = any-fail ]; then
		[ $rc != 0 ] && ok || bad "$label: chroot run succeeded"
	elif [ $rc = "$want" ]; then ok
	else bad "$label: chroot run exit $rc, want $want"; sed 's/^/    /' "$TMP/run" | head -5
	fi
}
LD=/lib64/ld-linux-x86-64.so.2
ML=/usr/lib/x86_64-linux-gnu
if [ ! -e $LD ] || [ "$(uname -m)" != x86_64 ]; then
	echo "runtime-ld: needs an x86-64 glibc host; skipped"
	echo "runtime-ld: 0 passed, 0 failed"
	exit 0
fi
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
}
judge() { # judge ROOT FILE AT [ARGS]: output in $TMP/j
	root=$1 file=$2 at=$3
	shift 3
	# RT_WRAP: e.g. "valgrind -q --error-exitcode=9" (one line each)
	${RT_WRAP:-} "$J" "$root" "$file" "$at" "$@" >"$TMP/j" 2>&1 ||
		bad "judge $file in $root: exit $?"
}
cc() { gcc -O1 -w "$@" || { bad "gcc $*"; return 1; }; }
# as_image LABEL ROOT FILE AT [ARGS]: the same judgement through the
# image view of ROOT (tarred as a docker-save archive; the ELF files go
# to the cache as bytes) must print the same as the directory view did
# ($TMP/j).
as_image() {
	label=$1 root=$2 file=$3 at=$4
	shift 4
	d=$TMP/img
	rm -rf "$d"
	mkdir -p "$d"
	tar --numeric-owner -C "$root" -cf "$d/layer.tar" . 2>/dev/null
	printf '%s' '[{"Config":"config.json","RepoTags":["t:1"],"Layers":["layer.tar"]}]' >"$d/manifest.json"
	printf '%s' '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}' >"$d/config.json"
	tar -C "$d" -cf "$d/image.tar" manifest.json config.json layer.tar
	"$J" "$d/image.tar" "$file" "$at" "$@" >"$TMP/ji" 2>&1
	if cmp -s "$TMP/j" "$TMP/ji"; then ok; else
		bad "$label: the image view differs from the directory view"
		diff "$TMP/j" "$TMP/ji" | head -8
	fi
	rm -rf "$d"
}

# [tree] curl (or ls): every library ld.so loads, in its order, is the
# file goelf resolves, in the same order.
B=/usr/bin/curl
[ -x $B ] || B=/bin/ls
R=$TMP/tree
mkroot "$R"
cp -L $B "$R/usr/bin/prog"
for l in $(ldd $B | awk '$2 == "=>" && $3 ~ /^\// {print $3}'); do
	cp -L "$l" "$R$ML/$(basename "$l")"
done
judge "$R" "$R/usr/bin/prog" /usr/bin/prog
awk '$1 == "node" && $4 != "loaded" && $4 != "interp" {print $5, $7}' "$TMP/j" >"$TMP/ours"
if [ $ROOT_OK = 1 ]; then
	chroot "$R" /lib64/ld-linux-x86-64.so.2 --list /usr/bin/prog >"$TMP/list" 2>&1
	: >"$TMP/theirs"
	awk '$2 == "=>" {print $1, $3}' "$TMP/list" | while read -r n p; do
		echo "$n $(cd "$R" && realpath -m --relative-to=. ".$p" | sed 's|^|/|')" >>"$TMP/theirs"
	done
	if cmp -s "$TMP/ours" "$TMP/theirs"; then ok; else
		bad "[tree] order/paths differ from ld.so --list"
		diff "$TMP/ours" "$TMP/theirs" | head -10
	fi
	crun "[tree] runs" 0 "$R" /usr/bin/prog --version
fi
hasnt "[tree] no problem" "^problem" "$TMP/j"
has "[tree] system dirs (no cache)" "node 1 -1 system libc.so.6 => $ML/libc.so.6" "$TMP/j"
as_image "[tree] image" "$R" "$R/usr/bin/prog" /usr/bin/prog
judge "$R" "$R/usr/bin/prog" /usr/bin/prog -e prog PATH=/bin
has "[tree] the entrypoint (PATH, /bin -> usr/bin)" "^entrypoint" "$TMP/j"
judge "$R" "$R/usr/bin/prog" /usr/bin/prog -e /usr/bin/other
hasnt "[tree] not the entrypoint" "^entrypoint" "$TMP/j"

# Libraries for the next cases.
S=$TMP/src
mkdir -p "$S"
cat >"$S/foo.c" <<'EOF'
int foo1(void) { return 1; }
#ifdef V2
int foo2(void) { return 2; }
#endif
EOF
printf 'FOO_1 { global: foo1; local: *; };\n' >"$S/v1.map"
printf 'FOO_1 { global: foo1; local: *; };\nFOO_2 { global: foo2; } FOO_1;\n' >"$S/v2.map"
cat >"$S/prog.c" <<'EOF'
int foo1(void);
int foo2(void);
int main(int argc, char **argv) { (void)argv; return argc > 5 ? foo2() : foo1() - 1; }
EOF
cc -shared -fPIC -DV2 -Wl,--version-script="$S/v2.map" -Wl,-soname,libfoo.so.1 -o "$S/libfoo2.so" "$S/foo.c"
cc -shared -fPIC -Wl,--version-script="$S/v1.map" -Wl,-soname,libfoo.so.1 -o "$S/libfoo1.so" "$S/foo.c"
cc -o "$S/prog" "$S/prog.c" "$S/libfoo2.so"

# [version] the FOO_1-only build: ld.so stops, goelf says version_missing
R=$TMP/ver1
mkroot "$R"
cp "$S/prog" "$R/app/prog"
cp "$S/libfoo1.so" "$R$ML/libfoo.so.1"
crun "[version] FOO_1 only" any-fail "$R" /app/prog
[ $ROOT_OK = 1 ] && has "[version] ld.so message" "version \`FOO_2' not found" "$TMP/run"
judge "$R" "$S/prog" /app/prog
has "[version] goelf" "problem runtime.version_missing fail .*FOO_2" "$TMP/j"
as_image "[version] image" "$R" "$S/prog" /app/prog
R=$TMP/ver2
mkroot "$R"
cp "$S/prog" "$R/app/prog"
cp "$S/libfoo2.so" "$R$ML/libfoo.so.1"
crun "[version] FOO_2 build" 0 "$R" /app/prog
judge "$R" "$S/prog" /app/prog
hasnt "[version] FOO_2 build: no problem" "^problem" "$TMP/j"
# glibc itself: a libc with every GLIBC_ version is no problem
hasnt "[version] libc" "GLIBC_" "$TMP/j"

# [glibc] an image whose libc.so.6 stops at GLIBC_2.31: a program
# linked here needs GLIBC_2.34 (__libc_start_main)
printf 'void __libc_start_main(void) { }\n' >"$S/fakelibc.c"
printf 'GLIBC_2.2.5 { global: __libc_start_main; local: *; };\nGLIBC_2.30 { } GLIBC_2.2.5;\nGLIBC_2.31 { } GLIBC_2.30;\n' >"$S/fakelibc.map"
printf 'int main(void) { return 0; }\n' >"$S/plain.c"
if cc -shared -fPIC -nostdlib -Wl,-soname,libc.so.6 -Wl,--version-script="$S/fakelibc.map" -o "$S/fakelibc.so" "$S/fakelibc.c" &&
	cc -o "$S/plain" "$S/plain.c" && readelf -V "$S/plain" | grep -q GLIBC_2.34; then
	R=$TMP/oldlibc
	mkroot "$R"
	cp "$S/plain" "$R/app/plain"
	cp "$S/fakelibc.so" "$R$ML/libc.so.6"
	crun "[glibc] GLIBC_2.34 missing" any-fail "$R" /app/plain
	[ $ROOT_OK = 1 ] && has "[glibc] ld.so message" "version \`GLIBC_2.34' not found" "$TMP/run"
	judge "$R" "$S/plain" /app/plain
	has "[glibc] goelf" "problem runtime.version_missing fail /app/plain needs GLIBC_2.34 from libc.so.6 (symbols: __libc_start_main), the image's $ML/libc.so.6 provides up to GLIBC_2.31" "$TMP/j"
fi

# [symbol] foo2 missing from an unversioned libfoo: lazy starts, -z now
# stops at start-up
cat >"$S/nov.c" <<'EOF'
int foo1(void) { return 1; }
EOF
cc -shared -fPIC -Wl,-soname,libfoo.so.1 -o "$S/libfoo-nov.so" "$S/nov.c"
cat >"$S/foo-nov2.c" <<'EOF'
int foo1(void) { return 1; }
int foo2(void) { return 2; }
EOF
cc -shared -fPIC -Wl,-soname,libfoo.so.1 -o "$S/libfoo-nov2.so" "$S/foo-nov2.c"
cc -o "$S/lazy" "$S/prog.c" "$S/libfoo-nov2.so"
cc -Wl,-z,now -o "$S/now" "$S/prog.c" "$S/libfoo-nov2.so"
R=$TMP/sym
mkroot "$R"
cp "$S/lazy" "$S/now" "$R/app/"
cp "$S/libfoo-nov.so" "$R$ML/libfoo.so.1"
crun "[symbol] lazy starts" 0 "$R" /app/lazy
crun "[symbol] now stops" any-fail "$R" /app/now
[ $ROOT_OK = 1 ] && has "[symbol] ld.so message" "undefined symbol: foo2" "$TMP/run"
judge "$R" "$S/lazy" /app/lazy
has "[symbol] lazy: warn" "problem runtime.symbol_lazy warn .*foo2" "$TMP/j"
hasnt "[symbol] lazy: no fail" "symbol_undefined" "$TMP/j"
judge "$R" "$S/now" /app/now
has "[symbol] now: fail" "problem runtime.symbol_undefined fail .*foo2" "$TMP/j"
as_image "[symbol] image" "$R" "$S/now" /app/now

# [copy] a -no-pie program reading a library's data gets an
# R_X86_64_COPY relocation: its own .dynsym defines bar_count (in .bss),
# yet ld.so looks the symbol up in the libraries at start-up, lazy or not
printf 'int bar_count = 1;\nint bar_fn(void) { return 2; }\n' >"$S/bar.c"
printf 'int bar_fn(void) { return 2; }\n' >"$S/bar0.c"
printf 'extern int bar_count;\nint main(void) { return bar_count; }\n' >"$S/copy.c"
cc -shared -fPIC -Wl,-soname,libbar.so.1 -o "$S/libbar.so" "$S/bar.c"
cc -shared -fPIC -Wl,-soname,libbar.so.1 -o "$S/libbar0.so" "$S/bar0.c"
cc -fno-pie -no-pie -o "$S/copy" "$S/copy.c" "$S/libbar.so"
if readelf -rW "$S/copy" | grep -q 'R_X86_64_COPY .*bar_count'; then
	RC=$TMP/copy
	mkroot "$RC"
	cp "$S/copy" "$RC/app/"
	cp "$S/libbar0.so" "$RC$ML/libbar.so.1"
	crun "[copy] missing stops" any-fail "$RC" /app/copy
	[ $ROOT_OK = 1 ] && has "[copy] ld.so message" "undefined symbol: bar_count" "$TMP/run"
	judge "$RC" "$S/copy" /app/copy
	has "[copy] missing: fail" "problem runtime.symbol_undefined fail .*bar_count" "$TMP/j"
	as_image "[copy] image" "$RC" "$S/copy" /app/copy
	cp "$S/libbar.so" "$RC$ML/libbar.so.1"
	crun "[copy] present starts" 1 "$RC" /app/copy
	judge "$RC" "$S/copy" /app/copy
	hasnt "[copy] present: no problem" "^problem" "$TMP/j"
else
	echo "runtime-ld: [copy] gcc made no R_X86_64_COPY for bar_count; skipped"
	skip=$((skip + 1))
fi

# [preload] LD_PRELOAD supplies the missing foo2 (bound now); a missing
# /etc/ld.so.preload entry is only a warning
printf 'int foo2(void) { return 2; }\n' >"$S/extra.c"
cc -shared -fPIC -Wl,-soname,libextra.so -o "$S/libextra.so" "$S/extra.c"
mkdir -p "$R/opt/p"
cp "$S/libextra.so" "$R/opt/p/libextra.so"
CRUN_ENV=LD_PRELOAD=/opt/p/libextra.so
crun "[preload] runs" 0 "$R" /app/now
CRUN_ENV=
judge "$R" "$S/now" /app/now LD_PRELOAD=/opt/p/libextra.so
has "[preload] node" "node 1 -1 direct /opt/p/libextra.so => /opt/p/libextra.so" "$TMP/j"
hasnt "[preload] no problem" "^problem" "$TMP/j"
echo /opt/p/libnothere.so >"$R/etc/ld.so.preload"
crun "[preload] a missing ld.so.preload entry" 0 "$R" /app/lazy
judge "$R" "$S/lazy" /app/lazy
has "[preload] warned" "problem runtime.library_missing warn /opt/p/libnothere.so from /etc/ld.so.preload" "$TMP/j"
rm "$R/etc/ld.so.preload"

# [runpath] RUNPATH is the requester's own; RPATH is inherited.  (No
# $ORIGIN in the executables: ld.so reads it from /proc/self/exe, which
# a bare chroot lacks.)
cat >"$S/a.c" <<'EOF'
int b(void);
int a(void) { return b(); }
EOF
printf 'int b(void) { return 0; }\n' >"$S/b.c"
printf 'int a(void);\nint main(void) { return a(); }\n' >"$S/m.c"
cc -shared -fPIC -Wl,-soname,libb.so -o "$S/libb.so" "$S/b.c"
cc -shared -fPIC -Wl,-soname,liba.so -o "$S/liba.so" "$S/a.c" -L"$S" -lb
cc -o "$S/mrun" "$S/m.c" -L"$S" -la -Wl,--allow-shlib-undefined -Wl,-rpath,/opt/x/lib -Wl,--enable-new-dtags
cc -o "$S/mrpath" "$S/m.c" -L"$S" -la -Wl,--allow-shlib-undefined -Wl,-rpath,/opt/x/lib -Wl,--disable-new-dtags
R=$TMP/rp
mkroot "$R"
mkdir -p "$R/opt/x/bin" "$R/opt/x/lib"
cp "$S/mrun" "$S/mrpath" "$R/opt/x/bin/"
cp "$S/liba.so" "$S/libb.so" "$R/opt/x/lib/"
crun "[runpath] RUNPATH not inherited" 127 "$R" /opt/x/bin/mrun
[ $ROOT_OK = 1 ] && has "[runpath] ld.so: libb" "libb.so: cannot open" "$TMP/run"
judge "$R" "$S/mrun" /opt/x/bin/mrun
has "[runpath] liba via RUNPATH" "runpath liba.so => /opt/x/lib/liba.so" "$TMP/j"
has "[runpath] libb missing" "problem runtime.library_missing fail libb.so: cannot open shared object file" "$TMP/j"
as_image "[runpath] image" "$R" "$S/mrun" /opt/x/bin/mrun
crun "[runpath] RPATH inherited" 0 "$R" /opt/x/bin/mrpath
judge "$R" "$S/mrpath" /opt/x/bin/mrpath
has "[runpath] libb via inherited RPATH" "rpath libb.so => /opt/x/lib/libb.so" "$TMP/j"
hasnt "[runpath] RPATH: no problem" "^problem" "$TMP/j"

# [cache] a directory only ld.so.cache knows (ldconfig -r)
if command -v ldconfig >/dev/null 2>&1 || [ -x /sbin/ldconfig ]; then
	LC=$(command -v ldconfig || echo /sbin/ldconfig)
	R=$TMP/cache
	mkroot "$R"
	mkdir -p "$R/opt/foo"
	cp "$S/prog" "$R/app/prog"
	cp "$S/libfoo2.so" "$R/opt/foo/libfoo.so.1"
	echo /opt/foo >"$R/etc/ld.so.conf"
	"$LC" -r "$R" 2>/dev/null
	crun "[cache] runs" 0 "$R" /app/prog
	judge "$R" "$S/prog" /app/prog
	has "[cache] found through the cache" "ldcache libfoo.so.1 => /opt/foo/libfoo.so.1" "$TMP/j"
	as_image "[cache] image" "$R" "$S/prog" /app/prog
	rm "$R/etc/ld.so.cache"
	judge "$R" "$S/prog" /app/prog
	has "[cache] without it: missing" "problem runtime.library_missing .*libfoo.so.1" "$TMP/j"
fi

# [skip] a candidate of another machine is skipped, the search goes on;
# [fatal] a corrupt one stops the load
R=$TMP/skip
mkroot "$R"
mkdir -p "$R/opt/l"
cp "$S/prog" "$R/app/prog"
cp "$S/libfoo2.so" "$R/opt/l/libfoo.so.1"
printf '\267\000' | dd of="$R/opt/l/libfoo.so.1" bs=1 seek=18 conv=notrunc 2>/dev/null
cp "$S/libfoo2.so" "$R$ML/libfoo.so.1"
CRUN_ENV=LD_LIBRARY_PATH=/opt/l
crun "[skip] runs" 0 "$R" /app/prog
judge "$R" "$S/prog" /app/prog LD_LIBRARY_PATH=/opt/l
has "[skip] other machine skipped" "system libfoo.so.1 => $ML/libfoo.so.1" "$TMP/j"
hasnt "[skip] no problem" "^problem" "$TMP/j"
printf 'not an ELF file at all, just some text that is long enough to pass the size checks of ld.so\n' >"$R/opt/l/libfoo.so.1"
crun "[fatal] corrupt candidate" any-fail "$R" /app/prog
CRUN_ENV=
[ $ROOT_OK = 1 ] && has "[fatal] ld.so says" "invalid ELF header" "$TMP/run"
judge "$R" "$S/prog" /app/prog LD_LIBRARY_PATH=/opt/l
has "[fatal] goelf" "problem runtime.library_unusable fail .*invalid ELF header" "$TMP/j"
as_image "[fatal] image" "$R" "$S/prog" /app/prog LD_LIBRARY_PATH=/opt/l

# [escape] a library symlink climbing out with ../.. stays in the root:
# the host's copy beside the root is never used
R=$TMP/esc
mkroot "$R"
mkdir -p "$TMP/outside"
cp "$S/libfoo2.so" "$TMP/outside/libfoo.so.1"
cp "$S/prog" "$R/app/prog"
ln -s "../../../../../../../../../..$TMP/outside/libfoo.so.1" "$R$ML/libfoo.so.1"
crun "[escape] ld.so cannot see it" 127 "$R" /app/prog
judge "$R" "$S/prog" /app/prog
has "[escape] goelf: missing" "problem runtime.library_missing fail libfoo.so.1" "$TMP/j"
as_image "[escape] image" "$R" "$S/prog" /app/prog
mkdir -p "$R$TMP/outside"
cp "$S/libfoo2.so" "$R$TMP/outside/libfoo.so.1"
judge "$R" "$S/prog" /app/prog
has "[escape] inside the root" "system libfoo.so.1 => $TMP/outside/libfoo.so.1" "$TMP/j"

# [interp] no interpreter in the root
R=$TMP/noint
mkdir -p "$R/app"
cp "$S/prog" "$R/app/prog"
crun "[interp] exec fails" any-fail "$R" /app/prog
judge "$R" "$S/prog" /app/prog
has "[interp] goelf" "problem runtime.interpreter_missing fail" "$TMP/j"

# [static] no interpreter: runs in any root of its machine; a root whose
# loaders are all of another machine is another platform
printf 'int main(void) { return 0; }\n' >"$S/st.c"
if cc -static -o "$S/static" "$S/st.c" 2>/dev/null; then
	R=$TMP/st
	mkroot "$R"
	cp "$S/static" "$R/app/static"
	crun "[static] runs" 0 "$R" /app/static
	judge "$R" "$S/static" /app/static
	has "[static] libc none" "^libc none" "$TMP/j"
	hasnt "[static] no problem" "^problem" "$TMP/j"
	printf '\267\000' | dd of="$R$ML/ld-linux-x86-64.so.2" bs=1 seek=18 conv=notrunc 2>/dev/null
	judge "$R" "$S/static" /app/static
	has "[static] other platform" "problem runtime.arch_mismatch fail" "$TMP/j"
	judge "$TMP/noint" "$S/static" /app/static
	hasnt "[static] a root without loaders: no verdict" "^problem" "$TMP/j"
fi

# [hwcaps] a glibc-hwcaps/x86-64-v2 copy wins when the CPU level allows
R=$TMP/hw
mkroot "$R"
mkdir -p "$R$ML/glibc-hwcaps/x86-64-v2"
cp "$S/prog" "$R/app/prog"
cp "$S/libfoo2.so" "$R$ML/libfoo.so.1"
cp "$S/libfoo2.so" "$R$ML/glibc-hwcaps/x86-64-v2/libfoo.so.1"
judge "$R" "$S/prog" /app/prog -i 2
has "[hwcaps] level 2" "system libfoo.so.1 => $ML/glibc-hwcaps/x86-64-v2/libfoo.so.1" "$TMP/j"
as_image "[hwcaps] image" "$R" "$S/prog" /app/prog -i 2
judge "$R" "$S/prog" /app/prog -i 1
has "[hwcaps] level 1" "system libfoo.so.1 => $ML/libfoo.so.1\$" "$TMP/j"
# legacy x86_64/ (glibc <= 2.36 only): below glibc-hwcaps, above the dir
if strings -a $LD | grep -q "Legacy HWCAP subdirectories"; then
	mkdir -p "$R$ML/x86_64"
	cp "$S/libfoo2.so" "$R$ML/x86_64/libfoo.so.1"
	judge "$R" "$S/prog" /app/prog -i 1
	has "[hwcaps] legacy x86_64/" "system libfoo.so.1 => $ML/x86_64/libfoo.so.1" "$TMP/j"
	if [ $ROOT_OK = 1 ]; then
		mv "$R$ML/glibc-hwcaps" "$R/hw.off"
		chroot "$R" /lib64/ld-linux-x86-64.so.2 --list /app/prog >"$TMP/run" 2>&1
		has "[hwcaps] ld.so agrees: legacy" "$ML/x86_64/libfoo.so.1\|/lib/x86_64-linux-gnu/x86_64/libfoo.so.1" "$TMP/run"
		mv "$R/hw.off" "$R$ML/glibc-hwcaps"
	fi
	judge "$R" "$S/prog" /app/prog -i 2
	has "[hwcaps] glibc-hwcaps before legacy" "system libfoo.so.1 => $ML/glibc-hwcaps/x86-64-v2/libfoo.so.1" "$TMP/j"
fi
if [ $ROOT_OK = 1 ] && grep -q sse4_2 /proc/cpuinfo; then
	chroot "$R" /lib64/ld-linux-x86-64.so.2 --list /app/prog >"$TMP/run" 2>&1
	has "[hwcaps] ld.so agrees" "glibc-hwcaps/x86-64-v2/libfoo.so.1" "$TMP/run"
fi

# [dst] $LIB and $PLATFORM in an RPATH (Debian's $LIB is
# lib/x86_64-linux-gnu, compiled into ld.so)
cc -o "$S/dst" "$S/prog.c" "$S/libfoo2.so" -Wl,--disable-new-dtags -Wl,-rpath,'/opt/$LIB/$PLATFORM'
R=$TMP/dst
mkroot "$R"
mkdir -p "$R/opt/lib/x86_64-linux-gnu/x86_64"
cp "$S/dst" "$R/app/dst"
cp "$S/libfoo2.so" "$R/opt/lib/x86_64-linux-gnu/x86_64/libfoo.so.1"
crun "[dst] runs" 0 "$R" /app/dst
judge "$R" "$S/dst" /app/dst
has "[dst] expanded" "rpath libfoo.so.1 => /opt/lib/x86_64-linux-gnu/x86_64/libfoo.so.1" "$TMP/j"

# [bounded] a NEEDED cycle (liba <-> libb) and a symlink loop stay
# bounded: each library loaded once, the loop is "not found"
cc -shared -fPIC -Wl,-soname,libcb.so -o "$S/libcb0.so" "$S/b.c"
cc -shared -fPIC -Wl,-soname,libca.so -o "$S/libca.so" "$S/a.c" -L"$S" -lcb0 2>/dev/null ||
	cc -shared -fPIC -Wl,-soname,libca.so -o "$S/libca.so" "$S/a.c"
cp "$S/libcb0.so" "$S/libcb.so"
cc -shared -fPIC -Wl,-soname,libca.so -o "$S/libca.so" "$S/a.c" -L"$S" -lcb
cc -shared -fPIC -Wl,-soname,libcb.so -o "$S/libcb.so" "$S/b.c" -Wl,--no-as-needed -L"$S" -lca
printf 'int a(void);\nint main(void) { return a(); }\n' >"$S/cyc.c"
cc -o "$S/cyc" "$S/cyc.c" -L"$S" -lca -lcb
R=$TMP/cyc
mkroot "$R"
cp "$S/cyc" "$R/app/cyc"
cp "$S/libca.so" "$S/libcb.so" "$R$ML/"
crun "[bounded] cycle runs" 0 "$R" /app/cyc
judge "$R" "$S/cyc" /app/cyc
has "[bounded] cycle: libca once more as loaded" "loaded libca.so => $ML/libca.so" "$TMP/j"
hasnt "[bounded] cycle: no problem" "^problem" "$TMP/j"
mv "$R$ML/libca.so" "$R$ML/libca.so.real"
ln -s libca.so.loop "$R$ML/libca.so"
ln -s libca.so "$R$ML/libca.so.loop"
crun "[bounded] loop fails" 127 "$R" /app/cyc
judge "$R" "$S/cyc" /app/cyc
has "[bounded] loop: missing" "problem runtime.library_missing fail libca.so" "$TMP/j"

# [bounded] 5000 NEEDED entries (symlinks to one library without a
# SONAME): ld.so loads the file once; goelf stays within its caps
mkdir -p "$S/many"
printf 'int z(void) { return 0; }\n' >"$S/many/z.c"
cc -shared -fPIC -o "$S/many/libz0.so" "$S/many/z.c"
i=1
args=
while [ $i -le 5000 ]; do
	ln -s libz0.so "$S/many/libn$i.so"
	args="$args -l:libn$i.so"
	i=$((i + 1))
done
printf 'int main(void) { return 0; }\n' >"$S/many/m.c"
# shellcheck disable=SC2086
if cc -o "$S/many/many" "$S/many/m.c" -L"$S/many" -Wl,--no-as-needed $args; then
	R=$TMP/many
	mkroot "$R"
	cp "$S/many/many" "$R/app/many"
	cp -P "$S/many/"lib*.so "$R$ML/"
	crun "[bounded] 5000 NEEDED run" 0 "$R" /app/many
	judge "$R" "$S/many/many" /app/many
	has "[bounded] 5000 NEEDED: a cap" "problem input.limit_reached" "$TMP/j"
	has "[bounded] 5000 NEEDED: loaded once" "node 1 -1 loaded libn2.so => $ML/libz0.so" "$TMP/j"
fi
rm -rf "$S/many"

# [hostile] the crafted corpus as libfoo.so.1 and as ld.so
if [ -n "$BAD" ] && [ -d "$BAD" ]; then
	R=$TMP/hostile
	mkroot "$R"
	cp "$S/prog" "$R/app/prog"
	mkdir -p "$R/int"
	nb=0
	for b in "$BAD"/*; do
		[ -f "$b" ] || continue
		nb=$((nb + 1))
		rm -f "$R$ML/libfoo.so.1"
		cp "$b" "$R$ML/libfoo.so.1"
		judge "$R" "$S/prog" /app/prog
		rc=$?
		if [ $rc != 0 ] || ! grep -q "^libc glibc" "$TMP/j"; then
			bad "[hostile] $(basename "$b") as library: exit $rc"
		else ok; fi
		"$J" "$R" "$b" /app/bad >"$TMP/j" 2>&1
		rc=$?
		[ $rc -le 2 ] && ok || bad "[hostile] $(basename "$b") judged: exit $rc"
	done
	rm -f "$R$ML/libfoo.so.1"
	cp "$S/libfoo2.so" "$R$ML/libfoo.so.1"
	for b in "$BAD"/*; do
		[ -f "$b" ] || continue
		rm -f "$R$ML/ld-linux-x86-64.so.2"
		cp "$b" "$R$ML/ld-linux-x86-64.so.2"
		judge "$R" "$S/prog" /app/prog
		rc=$?
		if [ $rc != 0 ] || ! grep -q "^libc glibc" "$TMP/j"; then
			bad "[hostile] $(basename "$b") as ld.so: exit $rc"
		else ok; fi
	done
	[ $nb -gt 0 ] && ok || bad "[hostile] empty corpus"
fi

# [musl] reserved names and /etc/ld-musl-x86_64.path
if command -v musl-gcc >/dev/null 2>&1 && [ -e /lib/ld-musl-x86_64.so.1 ]; then
	musl-gcc -shared -fPIC -o "$S/libmfoo.so" "$S/nov.c" -Wl,-soname,libmfoo.so &&
	printf 'int foo1(void);\nint main(void) { return foo1() - 1; }\n' >"$S/mp.c" &&
	musl-gcc -o "$S/mprog" "$S/mp.c" -L"$S" -lmfoo -lm || bad "musl-gcc"
	R=$TMP/musl
	mkdir -p "$R/lib" "$R/etc" "$R/app" "$R/opt/m"
	cp -L /lib/ld-musl-x86_64.so.1 "$R/lib/ld-musl-x86_64.so.1"
	cp "$S/mprog" "$R/app/mprog"
	cp "$S/libmfoo.so" "$R/opt/m/libmfoo.so"
	printf '/nonexistent\n/opt/m\n' >"$R/etc/ld-musl-x86_64.path"
	crun "[musl] runs" 0 "$R" /app/mprog
	judge "$R" "$S/mprog" /app/mprog
	has "[musl] libc" "^libc musl" "$TMP/j"
	has "[musl] path file" "musl_path libmfoo.so => /opt/m/libmfoo.so" "$TMP/j"
	has "[musl] reserved" "musl_reserved libc.so => /lib/ld-musl-x86_64.so.1" "$TMP/j"
	hasnt "[musl] no problem" "^problem" "$TMP/j"
	as_image "[musl] image" "$R" "$S/mprog" /app/mprog
	rm "$R/etc/ld-musl-x86_64.path"
	crun "[musl] default path: missing" 127 "$R" /app/mprog
	judge "$R" "$S/mprog" /app/mprog
	has "[musl] default path: goelf" "problem runtime.library_missing fail libmfoo.so" "$TMP/j"
else
	echo "runtime-ld: no musl-gcc: the musl cases are skipped"
fi

echo "runtime-ld: $pass passed, $fail failed, $skip chroot runs skipped"
[ $fail = 0 ]
