#!/bin/sh
# mkroot.sh - builds the small root file systems that the run-time truth
# tests (tests/cli/run-runtime.sh) run fixtures in with chroot and judge
# with goelf --image.  Everything comes from this machine's own files:
# the loader, libc and libz that ldd names for the fixtures, the CA
# bundle, two zones, musl-tools' loader; and three small libraries built
# here with gcc (libfoo with a version script, libbar without).
#
#   sh tests/tools/mkroot.sh OUT FIXTURES [ROOT...]
#
# Writes OUT/bin/ (the programs put into every root: the fixtures named
# in BINS below and the C programs built here) and OUT/roots/NAME/ for
# each ROOT (default: all of ROOTS below).  Every root holds the programs
# at /app/NAME (hard links to OUT/bin when it can).  Exits 2 when a tool
# or a host file it needs is missing (the message names it), 1 when a
# fixture is missing.
#
# The roots:
#   glibc-full      Debian 12 layout (merged /usr, /lib64/ld-linux... an
#                   absolute symlink), libc, libz, libfoo (FOO_1 and
#                   FOO_2), libbar (new), /etc/ld.so.cache (ldconfig -r),
#                   CA bundle, zoneinfo (Europe/Berlin, UTC), passwd and
#                   group with root and nonroot (65532), nsswitch.conf,
#                   /tmp 1777
#   glibc-nocache   the same in a flat layout (real /lib64 and
#                   /lib/x86_64-linux-gnu), no ld.so.cache: the loader
#                   falls back to its system directories
#   glibc-nolib     glibc-full without libz.so.1 (the cache rebuilt)
#   glibc-stalecache glibc-full without libz.so.1, the cache still naming it
#   glibc-optlib    libz only in /opt/zlib/lib, named by /etc/ld.so.conf:
#                   found through the cache alone
#   glibc-optlib-nocache  the same without the cache: not found (unless
#                   LD_LIBRARY_PATH names /opt/zlib/lib)
#   glibc-nointerp  glibc-full whose ld-linux-x86-64.so.2 is gone (the
#                   /lib64 link dangles)
#   bare            nothing but /app (a scratch image)
#   noca notz nopasswd notmp   glibc-full without the CA bundle (and
#                   /etc/ssl), without /usr/share/zoneinfo, without
#                   /etc/passwd and /etc/group, without /tmp
#   passwd-rootonly glibc-full whose passwd and group know only root
#   tmp-root0755    glibc-full whose /tmp is root's, mode 0755
#   musl            /lib/ld-musl-x86_64.so.1 (musl-tools' libc.so) and
#                   the data files of glibc-full, no glibc
#   foo1            glibc-full with the FOO_1-only build of libfoo.so.1
#   bar-old         glibc-full with the old libbar.so.1 (no bar_b, no
#                   bar_count)
set -eu
export LC_ALL=C
umask 022
OUT=$1
FIX=$(cd "$2" && pwd)
shift 2
ROOTS="glibc-full glibc-nocache glibc-nolib glibc-stalecache glibc-optlib
glibc-optlib-nocache glibc-nointerp bare noca notz nopasswd notmp
passwd-rootonly tmp-root0755 musl foo1 bar-old"
# shellcheck disable=SC2086 # a word list
[ $# -gt 0 ] || set -- $ROOTS
# The fixtures put into every root (fixtures/build.sh builds them).
BINS="go-static go-cgo-dyn go-musl-dyn go-musl-static go-pie go-static-glibc
c-hello go-cgo-zlib probe-static probe-cgo go-386 go-arm64"
# The programs built here.
CBINS="foo2-prog bar-lazy bar-now bar-data"

die() { echo "mkroot: $*" >&2; exit 2; }
for t in gcc ldd ldconfig; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found"
done
LDSO=/lib64/ld-linux-x86-64.so.2
MUSL=/lib/ld-musl-x86_64.so.1
CA=/etc/ssl/certs/ca-certificates.crt
ZI=/usr/share/zoneinfo
for f in $LDSO $CA $ZI/Europe/Berlin $ZI/UTC; do
	[ -e "$f" ] || die "$f is missing on this machine"
done
for b in $BINS; do
	[ -f "$FIX/$b" ] || { echo "mkroot: fixture $FIX/$b is missing (fixtures/build.sh)" >&2; exit 1; }
done
mkdir -p "$OUT/bin" "$OUT/roots" "$OUT/src" "$OUT/lib"
OUT=$(cd "$OUT" && pwd)
MA=x86_64-linux-gnu

# --- the programs ------------------------------------------------------------
for b in $BINS; do
	cp -L "$FIX/$b" "$OUT/bin/$b"
done
S=$OUT/src
cat >"$S/libfoo.c" <<'EOF'
int foo_one(void) { return 1; }
#ifndef FOO_1_ONLY
int foo_two(void) { return 2; }
#endif
EOF
printf 'FOO_1 { global: foo_one; local: *; };\n' >"$S/foo1.map"
printf 'FOO_1 { global: foo_one; local: *; };\nFOO_2 { global: foo_two; } FOO_1;\n' >"$S/foo2.map"
cat >"$S/foo2.c" <<'EOF'
#include <stdio.h>
int foo_one(void);
int foo_two(void);
int main(void) { printf("foo2: %d\n", foo_one() + foo_two()); return 0; }
EOF
cat >"$S/libbar.c" <<'EOF'
int bar_a(void) { return 1; }
#ifndef BAR_OLD
int bar_b(void) { return 2; }
int bar_count = 3;
#endif
EOF
# bar_b is only called with an argument: lazily bound, the program
# starts without it; bound now (-z now), it does not.
cat >"$S/bar.c" <<'EOF'
#include <stdio.h>
int bar_a(void);
int bar_b(void);
int main(int argc, char **argv)
{
	(void)argv;
	printf("bar: %d\n", bar_a());
	if (argc > 1)
		printf("bar_b: %d\n", bar_b());
	return 0;
}
EOF
cat >"$S/bardata.c" <<'EOF'
#include <stdio.h>
int bar_a(void);
extern int bar_count;
int main(int argc, char **argv)
{
	(void)argv;
	printf("bar: %d\n", bar_a());
	if (argc > 1)
		printf("bar_count: %d\n", bar_count);
	return 0;
}
EOF
L=$OUT/lib
mkdir -p "$L/foo1" "$L/foo2" "$L/bar-old" "$L/bar-new"
cc() { echo "+ gcc $*" >>"$OUT/build.log"; gcc "$@" 2>>"$OUT/build.log"; }
cc -O2 -fPIC -shared -DFOO_1_ONLY -Wl,-soname,libfoo.so.1 \
	-Wl,--version-script="$S/foo1.map" -o "$L/foo1/libfoo.so.1" "$S/libfoo.c"
cc -O2 -fPIC -shared -Wl,-soname,libfoo.so.1 \
	-Wl,--version-script="$S/foo2.map" -o "$L/foo2/libfoo.so.1" "$S/libfoo.c"
cc -O2 -fPIC -shared -DBAR_OLD -Wl,-soname,libbar.so.1 \
	-o "$L/bar-old/libbar.so.1" "$S/libbar.c"
cc -O2 -fPIC -shared -Wl,-soname,libbar.so.1 -o "$L/bar-new/libbar.so.1" "$S/libbar.c"
cc -O2 -o "$OUT/bin/foo2-prog" "$S/foo2.c" "$L/foo2/libfoo.so.1"
cc -O2 -o "$OUT/bin/bar-lazy" "$S/bar.c" "$L/bar-new/libbar.so.1"
cc -O2 -Wl,-z,now -o "$OUT/bin/bar-now" "$S/bar.c" "$L/bar-new/libbar.so.1"
cc -O2 -o "$OUT/bin/bar-data" "$S/bardata.c" "$L/bar-new/libbar.so.1"

# The host libraries the glibc fixtures need, as ldd names them.
HOSTLIBS=$(for b in $BINS; do
	ldd "$OUT/bin/$b" 2>/dev/null || true
done | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u)
echo "$HOSTLIBS" | grep -q '/libc\.so\.6$' || die "ldd names no libc.so.6 for the fixtures"
echo "$HOSTLIBS" | grep -q '/libz\.so\.1$' || die "ldd names no libz.so.1 for go-cgo-zlib"

# --- building blocks -------------------------------------------------------------
put_bins() { # put_bins ROOT: the programs at /app
	mkdir -p "$1/app"
	for b in $BINS $CBINS; do
		ln -f "$OUT/bin/$b" "$1/app/$b" 2>/dev/null || cp "$OUT/bin/$b" "$1/app/$b"
	done
}
put_data() { # put_data ROOT: certificates, zones, users, NSS, /tmp
	r=$1
	mkdir -p "$r/etc/ssl/certs" "$r/usr/share/zoneinfo/Europe" "$r/usr/share/zoneinfo/Etc"
	cp -L "$CA" "$r/etc/ssl/certs/ca-certificates.crt"
	cp -L "$ZI/Europe/Berlin" "$r/usr/share/zoneinfo/Europe/Berlin"
	cp -L "$ZI/UTC" "$r/usr/share/zoneinfo/Etc/UTC"
	ln -s Etc/UTC "$r/usr/share/zoneinfo/UTC"
	printf 'root:x:0:0:root:/root:/bin/sh\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$r/etc/passwd"
	printf 'root:x:0:\nnonroot:x:65532:\n' >"$r/etc/group"
	printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' >"$r/etc/nsswitch.conf"
	mkdir -p "$r/tmp"
	chmod 1777 "$r/tmp"
}
put_glibc_merged() { # put_glibc_merged ROOT: Debian 12's merged /usr
	r=$1
	mkdir -p "$r/usr/lib/$MA" "$r/usr/lib64" "$r/usr/bin" "$r/etc/ld.so.conf.d"
	ln -s usr/lib "$r/lib"
	ln -s usr/lib64 "$r/lib64"
	ln -s usr/bin "$r/bin"
	cp -L "$LDSO" "$r/usr/lib/$MA/ld-linux-x86-64.so.2"
	ln -s "/lib/$MA/ld-linux-x86-64.so.2" "$r/usr/lib64/ld-linux-x86-64.so.2"
	for l in $HOSTLIBS; do cp -L "$l" "$r/usr/lib/$MA/${l##*/}"; done
	cp "$L/foo2/libfoo.so.1" "$L/bar-new/libbar.so.1" "$r/usr/lib/$MA/"
	printf 'include /etc/ld.so.conf.d/*.conf\n' >"$r/etc/ld.so.conf"
	printf '/usr/local/lib\n' >"$r/etc/ld.so.conf.d/libc.conf"
	printf '/usr/local/lib/%s\n/lib/%s\n/usr/lib/%s\n' "$MA" "$MA" "$MA" \
		>"$r/etc/ld.so.conf.d/$MA.conf"
}
put_glibc_flat() { # put_glibc_flat ROOT: real /lib64 and /lib/<multiarch>
	r=$1
	mkdir -p "$r/lib64" "$r/lib/$MA"
	cp -L "$LDSO" "$r/lib64/ld-linux-x86-64.so.2"
	for l in $HOSTLIBS; do cp -L "$l" "$r/lib/$MA/${l##*/}"; done
	cp "$L/foo2/libfoo.so.1" "$L/bar-new/libbar.so.1" "$r/lib/$MA/"
}
cache() { # cache ROOT: /etc/ld.so.cache as this machine's ldconfig writes it
	ldconfig -X -r "$1" 2>>"$OUT/build.log"
	[ -s "$1/etc/ld.so.cache" ] || die "ldconfig -r $1 wrote no cache"
}
full() { put_glibc_merged "$1"; put_data "$1"; put_bins "$1"; cache "$1"; }

# --- the roots -------------------------------------------------------------------
for name in "$@"; do
	r=$OUT/roots/$name
	chmod -R u+rwx "$r" 2>/dev/null || true
	rm -rf "$r"
	mkdir -p "$r"
	case $name in
	glibc-full) full "$r" ;;
	glibc-nocache) put_glibc_flat "$r"; put_data "$r"; put_bins "$r" ;;
	glibc-nolib) put_glibc_merged "$r"; put_data "$r"; put_bins "$r"
		rm -f "$r/usr/lib/$MA/libz.so.1"; cache "$r" ;;
	glibc-stalecache) full "$r"; rm -f "$r/usr/lib/$MA/libz.so.1" ;;
	glibc-optlib | glibc-optlib-nocache)
		put_glibc_merged "$r"; put_data "$r"; put_bins "$r"
		mkdir -p "$r/opt/zlib/lib"
		mv "$r/usr/lib/$MA/libz.so.1" "$r/opt/zlib/lib/libz.so.1"
		printf '/opt/zlib/lib\n' >"$r/etc/ld.so.conf.d/zlib.conf"
		[ "$name" = glibc-optlib ] && cache "$r" ;;
	glibc-nointerp) full "$r"; rm -f "$r/usr/lib/$MA/ld-linux-x86-64.so.2" ;;
	bare) put_bins "$r" ;;
	noca) full "$r"; rm -rf "$r/etc/ssl" ;;
	notz) full "$r"; rm -rf "$r/usr/share/zoneinfo" ;;
	nopasswd) full "$r"; rm -f "$r/etc/passwd" "$r/etc/group" ;;
	notmp) full "$r"; rmdir "$r/tmp" ;;
	passwd-rootonly) full "$r"
		printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
		printf 'root:x:0:\n' >"$r/etc/group" ;;
	tmp-root0755) full "$r"; chmod 0755 "$r/tmp" ;;
	musl)
		[ -e "$MUSL" ] || die "$MUSL is missing (install musl)"
		mkdir -p "$r/lib"
		cp -L "$MUSL" "$r/lib/ld-musl-x86_64.so.1"
		put_data "$r"; put_bins "$r" ;;
	foo1) full "$r"; cp "$L/foo1/libfoo.so.1" "$r/usr/lib/$MA/libfoo.so.1"; cache "$r" ;;
	bar-old) full "$r"; cp "$L/bar-old/libbar.so.1" "$r/usr/lib/$MA/libbar.so.1"; cache "$r" ;;
	*) die "unknown root '$name' (known: $(printf '%s ' $ROOTS))" ;;
	esac
done
