#!/bin/sh
# The static build (make static, issue 17 item 3): fully static by
# readelf; glibc's NSS (getpwnam_r, getgrnam_r ...: what Debian's static
# libarchive references for reading and writing disks) not linked, by
# nm on the binary and the archive; the Dockerfile's self-gate; and the
# same JSON as the dynamic build on every fixture and on an image
# tarball (gzip, xz, zstd and bzip2 layers), outside and, as root,
# inside a chroot holding only goelf-static and the file it inspects.
# usage: sh tests/cli/run-static.sh GOELF GOELF_STATIC FIXTURES
# Prints `static: N passed, N failed` last; exits 1 when anything failed.
set -u
DYN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
STA=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
FIX=$(cd "$3" && pwd)
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-static.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }

# --- fully static: no interpreter, no NEEDED (readelf) -----------------------
check "no PT_INTERP" 0 "$(readelf -lW "$STA" | grep -c 'INTERP')"
check "no DT_NEEDED" 0 "$(readelf -dW "$STA" | grep -c '(NEEDED)')"
check "dynamic build has an interpreter" 1 \
	"$(readelf -lW "$DYN" | grep -c 'Requesting program interpreter')"

# --- goelf judges itself: static glibc (its crt note and symbols, readelf),
# though a library brings musl's "No error information" text along
check "readelf: glibc's ABI-tag note" 1 \
	"$(readelf -nW "$STA" | grep -c 'NT_GNU_ABI_TAG')"
check "readelf: glibc's static start" 1 \
	"$(readelf -sW "$STA" | grep -cw '__libc_start_call_main')"
check "goelf-static is static glibc to goelf" "static-pie glibc" \
	"$("$DYN" inspect -f json "$STA" | jq -r '"\(.linking.kind) \(.libc.family)"')"

# --- glibc NSS: not linked, hence never called -------------------------------
# Static glibc's NSS would dlopen libnss_*.so of the host (or fail in an
# empty root).  In libarchive.a only the *_set_standard_lookup members
# reference the passwd/group functions (disk readers and writers map
# uid/gid to names); goelf reads archives from memory and file
# descriptors and never calls them, so ld pulls neither member in and
# none of these functions is in the binary.
nss="getpwnam_r getgrnam_r getpwuid_r getgrgid_r getpwnam getgrnam getpwuid
getgrgid getpwent getgrent getspnam initgroups getgrouplist getaddrinfo
gethostbyname gethostbyname_r getservbyname __nss_database_lookup2"
nm "$STA" >"$TMP/nm" 2>/dev/null
check "nm reads the static binary" 1 "$(grep -c ' T main$' "$TMP/nm")"
for f in $nss; do
	check "NSS function $f not linked" 0 "$(grep -c " $f\$" "$TMP/nm")"
done
ARCH_A=$(${CC:-cc} -print-file-name=libarchive.a)
refs=$(nm -A "$ARCH_A" 2>/dev/null |
	grep -E ' U (getpwnam_r|getgrnam_r|getpwuid_r|getgrgid_r)$' |
	sed 's/^[^:]*:\([^:]*\):.*/\1/' | sort -u | tr '\n' ' ')
check "libarchive.a: only the standard_lookup members use NSS" \
	"archive_read_disk_set_standard_lookup.o archive_write_disk_set_standard_lookup.o " "$refs"
for f in archive_read_disk_set_standard_lookup archive_write_disk_set_standard_lookup \
	archive_write_disk_new archive_read_disk_new; do
	check "libarchive $f not linked" 0 "$(grep -c " $f\$" "$TMP/nm")"
done

# --- the Dockerfile (no daemon here): its build stage runs what is tested
# here, its final stage is the empty root of the chroot part below ---------
gate="gate --no-policy --require static --targets scratch"
"$STA" $gate "$STA" >"$TMP/out" 2>&1
check "self-gate passes (exit)" 0 $?
"$STA" $gate "$DYN" >"$TMP/out" 2>&1
check "the same gate fails the dynamic build (exit)" 1 $?
if [ -f Dockerfile ]; then
	check "Dockerfile: builds FROM debian:12" 1 "$(grep -c '^FROM debian:12 AS build$' Dockerfile)"
	check "Dockerfile: deps, make static, the self-gate" \
		"sh scripts/deps.sh static|make -j\"\$(nproc)\" static|build/goelf-static $gate build/goelf-static" \
		"$(sed -n '/^RUN /,/^$/p' Dockerfile | sed 's/^RUN //; s/^[[:space:]]*&& //; s/ \\$//' | grep . | paste -sd'|')"
	sh scripts/deps.sh static >"$TMP/out" 2>&1
	check "Dockerfile: scripts/deps.sh static (exit)" 0 $?
	check "Dockerfile: final stage FROM scratch, /goelf" \
		"FROM scratch|COPY --from=build /src/build/goelf-static /goelf|ENTRYPOINT [\"/goelf\"]" \
		"$(sed -n '/^FROM scratch/,$p' Dockerfile | paste -sd'|')"
else
	echo "static: SKIP the Dockerfile checks: run from the source tree"
fi

# --- the same JSON as the dynamic build, outside a chroot --------------------
n=0
for f in "$FIX"/* "$FIX"/strip/* "$FIX"/sw/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	(cd "$(dirname "$f")" && "$DYN" inspect -f json "$(basename "$f")") \
		>"$TMP/dyn.json" 2>"$TMP/dyn.err"
	d=$?
	(cd "$(dirname "$f")" && "$STA" inspect -f json "$(basename "$f")") \
		>"$TMP/sta.json" 2>"$TMP/sta.err"
	check "exit on ${f#"$FIX"/}" "$d" $?
	if cmp -s "$TMP/dyn.json" "$TMP/sta.json" &&
		cmp -s "$TMP/dyn.err" "$TMP/sta.err"; then
		ok
	else
		bad "JSON of ${f#"$FIX"/}: static differs from dynamic"
	fi
done
check "fixtures compared" yes "$([ "$n" -ge 20 ] && echo yes || echo "no ($n)")"

# An image tarball (docker save) with one layer per compression, so
# the static zlib, liblzma, libzstd and libbz2 are all used.
L=$TMP/layers
mkdir -p "$L/1/bin" "$L/2/usr/bin" "$L/3/opt" "$L/4/sbin" "$TMP/img"
cp "$FIX/go-static" "$L/1/bin/app"
cp "$FIX/c-hello" "$L/2/usr/bin/hello"
cp "$FIX/go-musl-static" "$L/3/opt/tool"
cp "$FIX/go-cgo-dyn" "$L/4/sbin/cgo"
# A long UTF-8 name: GNU tar writes it as a pax path record, which
# libarchive converts with iconv (UTF-8 to the C locale's charset).
cp "$FIX/go-minimal" "$L/1/bin/gr$(printf '\303\274\303\237')e-$(printf '%0120d' 0)"
tar --format=pax -C "$L/1" -cf - . | gzip -9n >"$TMP/img/l1.tar"
tar -C "$L/2" -cf - . | xz -T1 >"$TMP/img/l2.tar"
tar -C "$L/3" -cf - . | zstd -q >"$TMP/img/l3.tar"
tar -C "$L/4" -cf - . | bzip2 >"$TMP/img/l4.tar"
printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/bin/app"]},"rootfs":{"type":"layers","diff_ids":[]}}' \
	>"$TMP/img/cfg.json"
printf '[{"Config":"cfg.json","RepoTags":["test/static:1"],"Layers":["l1.tar","l2.tar","l3.tar","l4.tar"]}]' \
	>"$TMP/img/manifest.json"
tar -C "$TMP/img" -cf "$TMP/image.tar" manifest.json cfg.json l1.tar l2.tar l3.tar l4.tar
(cd "$TMP" && "$DYN" scan -q -j 2 -f jsonl image.tar) >"$TMP/dyn.jsonl" 2>&1
check "dynamic scan of the image (exit)" 0 $?
(cd "$TMP" && "$STA" scan -q -j 2 -f jsonl image.tar) >"$TMP/sta.jsonl" 2>&1
check "static scan of the image (exit)" 0 $?
check "image: 5 files and the image record" 6 "$(grep -c '"path"' "$TMP/sta.jsonl")"
if cmp -s "$TMP/dyn.jsonl" "$TMP/sta.jsonl"; then ok; else
	bad "scan JSONL of the image: static differs from dynamic"
fi

# iconv is linked (libarchive's pax names); glibc's gconv could dlopen a
# converter module, but UTF-8 and ASCII are built in: no shared object
# is opened, which strace shows where it can run.
if command -v strace >/dev/null 2>&1 &&
	strace -f -o "$TMP/trace" -e trace=open,openat "$STA" scan -q -f jsonl \
		"$TMP/image.tar" >/dev/null 2>&1; then
	check "the pax UTF-8 name came through" 1 \
		"$(grep -c '^{"schema_version":1,"path":"/bin/gr\\u00FC\\u00DFe-0000' "$TMP/sta.jsonl")"
	check "no shared object opened (no dlopen)" 0 "$(grep -c '\.so[."]' "$TMP/trace")"
else
	echo "static: SKIP the strace check: strace missing or not permitted"
fi

# --- in an empty root: only goelf-static and the file ------------------------
if [ "$(id -u)" != 0 ]; then
	echo "static: SKIP the chroot part: needs root (chroot(2))"
else
	R=$TMP/root
	nr=0
	for f in "$FIX"/* "$FIX"/strip/* "$FIX"/sw/* "$TMP/image.tar"; do
		[ -f "$f" ] || continue
		rm -rf "$R" && mkdir "$R" && cp "$STA" "$R/goelf" &&
			cp "$f" "$R/$(basename "$f")" || {
			bad "cannot set up the root for $f"
			continue
		}
		b=$(basename "$f")
		case $b in
		*.tar) args="scan -q -j 2 -f jsonl" want=$TMP/dyn.jsonl ;;
		*)
			args="inspect -f json"
			want=$TMP/dyn.json
			(cd "$R" && "$DYN" inspect -f json "$b") >"$want" 2>&1
			;;
		esac
		# chroot(8) starts the command in the new root's /: b is /b.
		# shellcheck disable=SC2086
		chroot "$R" /goelf $args "$b" >"$TMP/chroot.json" 2>&1
		rc=$?
		case $b in *.tar) check "chroot scan (exit)" 0 $rc ;; esac
		if cmp -s "$want" "$TMP/chroot.json"; then ok; else
			bad "in the empty root, $b: JSON differs from the dynamic build's"
			head -c 300 "$TMP/chroot.json"
			echo
		fi
		nr=$((nr + 1))
	done
	check "files compared in the empty root" "$((n + 1))" "$nr"
	rm -rf "$R"
fi

echo "static: $pass passed, $fail failed"
[ "$fail" = 0 ]
