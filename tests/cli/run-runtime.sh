#!/bin/sh
# The run-time truth of issue 14: will this binary start in THAT root?
# The truth comes from running it: tests/tools/mkroot.sh builds small
# roots from this machine's own files, every program is run in every
# root with chroot (as root and with --userspec=65532:65532), and
# goelf's image target must say "fail" exactly when the program did not
# start (no output from it: the loader or the kernel refused it).  The
# probe fixture (fixtures/src/probe) also reports, from inside the root,
# whether CA certificates, the zoneinfo, a writable temp dir and its
# passwd entry are there: goelf must give runtime.no_ca_certs,
# runtime.no_tzdata, runtime.tmp_not_writable and runtime.no_passwd_entry
# exactly when the probe says "missing".
#
# The judgements compared, each against the run with the same root,
# user and settings:
#   inspect   goelf inspect --image ROOT --at /app/B [--user U] B
#   settings  the same with --tmpfs, --read-only-root, --env and a user
#             name; the run has the same mounts (unshare -m: a tmpfs, a
#             read-only bind mount of the root) and environment
#   image     goelf inspect --image X.tar --at /app/B B for docker-save
#             tarballs of some roots (tests/tools/mkimage.py), run with
#             the config's User and Env
#   scan      every /app/B record of goelf scan --root ROOT (as root) and
#             of goelf scan X.tar (the config's user)
#
# usage: sh tests/cli/run-runtime.sh GOELF FIXTURES
# Prints every disagreement, then `runtime truth: N pairs judged, M
# agree`; exits 1 on any disagreement or error.  Skips (exit 0, with a
# message) when not run as root or when chroot or unshare is missing.
# RUNTIME_TRUTH_ONLY=1: runs the programs only and prints the truth
# table (GOELF is not used).  RUNTIME_VERBOSE=1: prints every pair.
# RUNTIME_BINS="a b": only these programs (names in tests/tools/mkroot.sh).
set -u
# The sanitizer builds (make check-asan) skip this truth run: it checks
# what goelf answers, which the plain build checks; the loader code runs
# under the sanitizers in run-runtime-ld.sh and run-runtime-hostile.sh.
if [ -n "${GOELF_SKIP_TRUTH:-}" ]; then
	echo "$(basename "$0"): skipped (GOELF_SKIP_TRUTH: sanitizer build)"
	exit 0
fi
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
TOOLS=$HERE/../tools
GOELF=$1
FIX=$(cd "$2" && pwd)
ONLY=${RUNTIME_TRUTH_ONLY:-0}
VERBOSE=${RUNTIME_VERBOSE:-0}
PYTHON=${PYTHON:-python3}

if [ "$(id -u)" != 0 ]; then
	echo "runtime: skipped: needs root for chroot (run as root)"
	exit 0
fi
CHROOT=$(command -v chroot || true)
UNSHARE=$(command -v unshare || true)
if [ -z "$CHROOT" ] || [ -z "$UNSHARE" ]; then
	echo "runtime: skipped: chroot or unshare is missing (coreutils, util-linux)"
	exit 0
fi
if [ "$ONLY" != 1 ]; then
	GOELF=$(cd "$(dirname "$GOELF")" && pwd)/$(basename "$GOELF")
	command -v jq >/dev/null || { echo "runtime: jq is missing"; exit 1; }
fi
TMP=$(mktemp -d /tmp/goelf-runtime.XXXXXX)
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM
chmod 755 "$TMP"
if ! sh "$TOOLS/mkroot.sh" "$TMP" "$FIX" >"$TMP/mkroot.log" 2>&1; then
	echo "runtime: mkroot.sh failed:"
	cat "$TMP/mkroot.log"
	exit 1
fi
R=$TMP/roots
ROOTS=$(ls "$R")
BINS=${RUNTIME_BINS:-$(ls "$TMP/bin")}
PATHENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

npairs=0
nagree=0
nerr=0
: >"$TMP/table"
: >"$TMP/chan" # one line per pair: channel, 1 (agrees) or 0

# --- the truth: run B in ROOT ---------------------------------------------------
# truth ROOT USERSPEC MOUNTS BIN ENV...: runs /app/BIN in ROOT as USERSPEC
# ("" for root) with exactly ENV (plus PATH) and MOUNTS ("", "tmpfs",
# "ro" or "ro+tmpfs": a tmpfs at /tmp, the root read-only) in a private
# mount namespace.  Sets t_start (yes/no), t_probe ("certs=ok tz=missing
# ..." for the probe, else "") and t_why (its first line of stderr).
marker() { # the first output of a program that started
	case $1 in
	probe-*) echo '^certs ' ;;
	go-cgo-zlib) echo '^cgozlib: ' ;;
	foo2-prog) echo '^foo2: ' ;;
	bar-*) echo '^bar: ' ;;
	c-hello) echo '^hello from C' ;;
	*) echo '^hello: ' ;;
	esac
}
truth() {
	t_root=$1 t_us=$2 t_mnt=$3 t_bin=$4
	shift 4
	t_usflag=""
	[ -n "$t_us" ] && t_usflag="--userspec=$t_us"
	pre=""
	case $t_mnt in
	*ro*) pre="mount --bind \"\$0\" \"\$0\" && mount -o remount,bind,ro \"\$0\" && " ;;
	esac
	case $t_mnt in
	*tmpfs*) pre="${pre}mount -t tmpfs -o mode=1777 tmpfs \"\$0/tmp\" && " ;;
	esac
	# shellcheck disable=SC2016,SC2086 # $0 and $@ are the inner shell's;
	# t_usflag is empty or one word
	timeout 30 "$UNSHARE" -m sh -c "${pre}exec \"\$@\"" "$t_root" \
		env -i "$PATHENV" "$@" "$CHROOT" $t_usflag "$t_root" "/app/$t_bin" \
		>"$TMP/run.out" 2>"$TMP/run.err" </dev/null
	t_rc=$?
	t_why=$(grep -v '^[[:space:]]*$' "$TMP/run.err" | head -1 | cut -c1-140)
	# chroot's own failure (125), a mount or unshare that failed: the
	# harness is broken, not the program
	if [ "$t_rc" = 125 ] || grep -Eq '^(unshare|mount|timeout):|chroot: (invalid|cannot)' "$TMP/run.err"; then
		echo "runtime: cannot run $t_bin in $t_root as ${t_us:-root} ($t_mnt): $t_why"
		nerr=$((nerr + 1))
	fi
	if grep -q "$(marker "$t_bin")" "$TMP/run.out"; then
		t_start=yes
	elif grep -Eq 'panic:|fatal error:|SIGSEGV|Segmentation' "$TMP/run.err"; then
		t_start=yes # it started, then crashed: not the loader's doing
		t_why="started, then crashed: $t_why"
	else
		t_start=no
		[ -n "$t_why" ] || t_why="no output, exit $t_rc"
	fi
	t_probe=""
	case $t_bin in
	probe-*)
		if [ "$t_start" = yes ]; then
			for c in certs tz tmp user; do
				v=$(sed -n "s/^$c \(ok\|missing\).*/\1/p" "$TMP/run.out" | head -1)
				t_probe="$t_probe $c=${v:-?}"
			done
			t_probe=${t_probe# }
		fi ;;
	esac
}

# --- goelf's judgement -----
# g_read: g_status and g_ids from the document in $TMP/g.json
g_read() {
	g_line=$(jq -r '"\(.verdict.targets.image.status // "none")|\([.verdict.targets.image.reasons[]?.id] | join(" "))"' \
		"$TMP/g.json" 2>/dev/null | head -1)
	g_status=${g_line%%|*}
	g_ids=${g_line#*|}
	[ -n "$g_line" ] || g_ids=""
}
# judge ARGS...: goelf inspect ARGS --format json; sets g_status and g_ids
# (space-separated reason ids of the image target), or g_err.
judge() {
	g_err=""
	timeout 60 "$GOELF" inspect --format json "$@" \
		>"$TMP/g.json" 2>"$TMP/g.err"
	g_rc=$?
	g_read
	if [ -z "$g_status" ] || [ "$g_status" = none ]; then
		g_err="goelf exit $g_rc, no image target: $(head -1 "$TMP/g.err" | cut -c1-140)"
	fi
}
# from_record JSONL PATH: the same from one file record of a scan
from_record() {
	g_err=""
	jq -c --arg p "$2" 'select(.path == $p and .link == null and .image == null)' \
		"$1" 2>/dev/null | head -1 >"$TMP/g.json"
	g_read
	if [ -z "$g_status" ] || [ "$g_status" = none ]; then
		g_err="no record for $2 with an image target in the scan"
	fi
}

has_id() { case " $g_ids " in *" $1 "*) return 0 ;; esac; return 1; }

# compare CHANNEL LABEL: the truth (t_*) against goelf (g_*)
compare() {
	npairs=$((npairs + 1))
	why=""
	if [ -n "$g_err" ]; then
		why=$g_err
	else
		if [ "$t_start" = no ] && [ "$g_status" != fail ]; then
			why="did not start ($t_why), goelf says $g_status${g_ids:+ ($g_ids)}"
		elif [ "$t_start" = yes ] && [ "$g_status" = fail ]; then
			why="starts${t_why:+ ($t_why)}, goelf says fail ($g_ids)"
		fi
		for pair in certs:runtime.no_ca_certs tz:runtime.no_tzdata \
			tmp:runtime.tmp_not_writable user:runtime.no_passwd_entry; do
			c=${pair%%:*} id=${pair#*:}
			case " $t_probe " in
			*" $c=missing "*) has_id "$id" || why="$why${why:+; }probe: $c missing, no $id" ;;
			*" $c=ok "*) ! has_id "$id" || why="$why${why:+; }probe: $c ok, goelf gives $id" ;;
			esac
		done
	fi
	if [ -z "$why" ]; then
		nagree=$((nagree + 1))
		echo "$1 1" >>"$TMP/chan"
		[ "$VERBOSE" = 1 ] && echo "ok: $1 $2: $g_status${g_ids:+ ($g_ids)}"
	else
		echo "$1 0" >>"$TMP/chan"
		echo "DISAGREE: $1 $2: $why"
	fi
	return 0
}

# row LABEL: one line of the truth table
row() {
	s=starts
	[ "$t_start" = no ] && s="no start"
	printf '%-58s %-8s %s\n' "$1" "$s" "${t_probe:-$t_why}" >>"$TMP/table"
}

# --- inspect: every (root, user, program) -------------------------------------------
for root in $ROOTS; do
	for user in root 65532:65532; do
		us="" uflag=""
		[ "$user" = root ] || { us=$user; uflag="--user=$user"; }
		for b in $BINS; do
			truth "$R/$root" "$us" "" "$b"
			row "$root $user $b"
			[ "$ONLY" = 1 ] && continue
			judge --image "$R/$root" --at "/app/$b" $uflag "$R/$root/app/$b"
			compare inspect "$root $user $b"
		done
	done
done

# --- settings: --tmpfs, --read-only-root, --env, a user name (probes) ------------------
# root|user|mounts|goelf flags|env
SETTINGS="tmp-root0755|65532:65532|tmpfs|--tmpfs=/tmp|
glibc-full|65532:65532|ro|--read-only-root|
glibc-full|root|ro|--read-only-root|
glibc-full|65532:65532|ro+tmpfs|--read-only-root --tmpfs=/tmp|
glibc-full|root||--env=TMPDIR=/nonexistent|TMPDIR=/nonexistent
glibc-full|65532:65532||--env=TMPDIR=/app|TMPDIR=/app
glibc-full|root||--env=ZONEINFO=/nonexistent|ZONEINFO=/nonexistent
glibc-full|root||--env=SSL_CERT_FILE=/nonexistent|SSL_CERT_FILE=/nonexistent
glibc-full|root||--env=SSL_CERT_FILE=/nonexistent --env=SSL_CERT_DIR=/nonexistent|SSL_CERT_FILE=/nonexistent SSL_CERT_DIR=/nonexistent
noca|root||--env=SSL_CERT_FILE=/usr/share/zoneinfo/UTC|SSL_CERT_FILE=/usr/share/zoneinfo/UTC
glibc-full|nonroot||--user=nonroot|
glibc-optlib-nocache|root||--env=LD_LIBRARY_PATH=/opt/zlib/lib|LD_LIBRARY_PATH=/opt/zlib/lib"
echo "$SETTINGS" >"$TMP/settings"
while IFS='|' read -r root user mnt flags envs; do
	us="" uflag=""
	case $user in
	root) ;;
	nonroot) us=65532:65532 ;; # --user=nonroot is in flags
	*) us=$user uflag="--user=$user" ;;
	esac
	for b in probe-static probe-cgo go-cgo-zlib; do
		# shellcheck disable=SC2086 # envs is a word list
		truth "$R/$root" "$us" "$mnt" "$b" $envs
		row "$root $user ${mnt:+$mnt }${envs:+$envs }$b"
		[ "$ONLY" = 1 ] && continue
		# shellcheck disable=SC2086 # flags is a word list
		judge --image "$R/$root" --at "/app/$b" $uflag $flags "$R/$root/app/$b"
		compare settings "$root $user $flags $b"
	done
done <"$TMP/settings"

# --- docker-save tarballs: the config's User and Env ---------------------------------------
# name|root|config user|userspec for chroot|env
IMAGES="img-full|glibc-full|65532:65532|65532:65532|
img-ldpath|glibc-optlib-nocache|||LD_LIBRARY_PATH=/opt/zlib/lib
img-bare|bare|65532|65532:65532|
img-musl|musl|nonroot|65532:65532|
img-tmp0755|tmp-root0755|65532:65532|65532:65532|"
echo "$IMAGES" >"$TMP/images"
mkdir -p "$TMP/img"
while IFS='|' read -r img root cuser us envs; do
	envargs=""
	for e in $envs; do envargs="$envargs --env $e"; done
	# shellcheck disable=SC2086
	if ! "$PYTHON" "$TOOLS/mkimage.py" "$R/$root" "$TMP/img/$img.tar" \
		--ref "goelf-test/$img:1" --user "$cuser" $envargs \
		--entrypoint /app/probe-static 2>"$TMP/img.err"; then
		echo "runtime: mkimage.py $img failed: $(head -1 "$TMP/img.err")"
		nerr=$((nerr + 1))
		continue
	fi
	if [ "$ONLY" != 1 ]; then
		timeout 300 "$GOELF" scan --no-policy -q --format jsonl "$TMP/img/$img.tar" \
			>"$TMP/img/$img.jsonl" 2>"$TMP/img/$img.err"
	fi
	for b in $BINS; do
		# shellcheck disable=SC2086
		truth "$R/$root" "$us" "" "$b" $envs
		row "$img.tar (user ${cuser:-root}${envs:+, $envs}) $b"
		[ "$ONLY" = 1 ] && continue
		judge --image "$TMP/img/$img.tar" --at "/app/$b" "$TMP/bin/$b"
		compare image "$img.tar $b"
		from_record "$TMP/img/$img.jsonl" "/app/$b"
		compare scan "scan $img.tar $b"
	done
done <"$TMP/images"

# --- scan --root: every /app record, as root --------------------------------------------
if [ "$ONLY" != 1 ]; then
	for root in $ROOTS; do
		timeout 300 "$GOELF" scan --no-policy -q --root "$R/$root" --format jsonl \
			>"$TMP/scan.jsonl" 2>"$TMP/scan.err"
		for b in $BINS; do
			truth "$R/$root" "" "" "$b"
			from_record "$TMP/scan.jsonl" "/app/$b"
			compare scan "scan --root $root $b"
		done
	done
fi

# --- report --------------------------------------------------------------------
if [ "$ONLY" = 1 ] || [ "$VERBOSE" = 1 ]; then
	echo "== truth table (root or image, user, [mounts, env,] program: what running it showed)"
	cat "$TMP/table"
fi
if [ "$ONLY" = 1 ]; then
	n=$(wc -l <"$TMP/table" | tr -d ' ')
	s=$(grep -c ' starts ' "$TMP/table" || true)
	echo "runtime truth (truth only): $n runs, $s started, $((n - s)) did not"
	[ "$nerr" = 0 ] || exit 1
	exit 0
fi
for c in inspect settings image scan; do
	awk -v c="$c" '$1 == c { n++; a += $2 } END { printf "  %-9s %d pairs, %d agree\n", c, n, a }' "$TMP/chan"
done
echo "runtime truth: $npairs pairs judged, $nagree agree"
[ "$npairs" -gt 0 ] && [ "$nagree" = "$npairs" ] && [ "$nerr" = 0 ]
