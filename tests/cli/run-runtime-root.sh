#!/bin/sh
# The whole-root check of issue 14: goelf scan --root judges every ELF
# file of this machine against the machine itself; every file it judges
# "fail" (image target) is checked with ldd on the same path.  A fail
# that ldd resolves fully is a false failure: ldd exits 0, names no
# library "not found", and with -r reports no "undefined symbol" and no
# version "not found" (ldd -r is the truth for the symbol and version
# judgements), or the file is an x86-64 ELF that ldd calls static
# (an ELF64 EXEC or DYN without PT_INTERP: nothing to load, so nothing
# can be missing).  Files ldd cannot judge
# (other architectures, musl binaries, plugins it refuses) are counted
# as "ldd cannot tell" and never as false failures.
#
# The root scanned (RUNTIME_ROOT):
#   view (default)  this machine's / without its scratch and private
#                   trees: a directory whose /usr, /etc, /opt, /var,
#                   /boot and /srv are bind mounts of the machine's own
#                   (unshare -m: private to the test) and whose
#                   top-level symlinks (/lib -> usr/lib ...) are copied;
#                   in-root paths are the machine's paths
#   /               goelf scan --root / -x, the whole machine (on a
#                   shared machine this also reads /tmp, /home and other
#                   sessions' trees: slower, and files come and go)
#
# usage: sh tests/cli/run-runtime-root.sh GOELF
# Prints the time the scan took, each false failure (path and goelf's
# reasons; RUNTIME_VERBOSE=1: every fail and what ldd said), then `whole root: N ELF judged, F fail, X false failures`;
# exits 1 when X > 0, when the scan failed or judged nothing.  Skips
# (exit 0) when not root (unshare) or ldd, jq or unshare is missing.
set -u
# The sanitizer builds (make check-asan) skip this truth run: it checks
# what goelf answers, which the plain build checks; the loader code runs
# under the sanitizers in run-runtime-ld.sh and run-runtime-hostile.sh.
if [ -n "${GOELF_SKIP_TRUTH:-}" ]; then
	echo "$(basename "$0"): skipped (GOELF_SKIP_TRUTH: sanitizer build)"
	exit 0
fi
export LC_ALL=C
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MODE=${RUNTIME_ROOT:-view}
VERBOSE=${RUNTIME_VERBOSE:-0}
note() { [ "$VERBOSE" != 1 ] || echo "  $*"; }
for t in ldd jq readelf unshare; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "runtime-root: skipped: $t is missing"
		exit 0
	fi
done
if [ "$MODE" = view ] && [ "$(id -u)" != 0 ]; then
	echo "runtime-root: skipped: the root view needs root (unshare -m, mount --bind)"
	exit 0
fi
TMP=$(mktemp -d /tmp/goelf-rtroot.XXXXXX)
trap 'rmdir "$TMP"/v/* 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM

t0=$(date +%s)
if [ "$MODE" = view ]; then
	V=$TMP/v
	mkdir -p "$V"
	binds=""
	for e in /*; do
		n=${e#/}
		if [ -L "$e" ]; then
			ln -s "$(readlink "$e")" "$V/$n"
		else
			case $n in
			usr | etc | opt | var | boot | srv)
				mkdir -p "$V/$n"
				binds="$binds $n" ;;
			esac
		fi
	done
	# shellcheck disable=SC2016 # expanded by the inner shell
	timeout 600 unshare -m sh -c '
		V=$1 G=$2 B=$3
		for n in $B; do mount --bind "/$n" "$V/$n" || exit 3; done
		exec "$G" scan --no-policy -q --compact --root "$V" --format jsonl' \
		sh "$V" "$GOELF" "$binds" >"$TMP/scan.jsonl" 2>"$TMP/scan.err"
	rc=$?
	what="the root view of / (bind mounts of:$binds)"
else
	timeout 600 "$GOELF" scan --no-policy -q --compact --root "$MODE" -x \
		--format jsonl >"$TMP/scan.jsonl" 2>"$TMP/scan.err"
	rc=$?
	what="$MODE (-x)"
fi
secs=$(($(date +%s) - t0))
echo "runtime-root: goelf scan --root of $what: ${secs}s, exit $rc"
case $rc in
0 | 2) ;; # 2: some file could not be analysed (reported on stderr)
*) echo "runtime-root: the scan failed:"; head -5 "$TMP/scan.err"; exit 1 ;;
esac

# one line per ELF file record: status TAB path TAB reason ids
jq -r 'select(.image == null and .link == null and .error == null)
	| [(.verdict.targets.image.status // "none"), .path,
	   ([.verdict.targets.image.reasons[]? | select(.severity == "fail") | .id]
	    | join(","))] | @tsv' "$TMP/scan.jsonl" >"$TMP/judged.tsv"
n=$(wc -l <"$TMP/judged.tsv" | tr -d ' ')
nnone=$(awk -F'\t' '$1 == "none"' "$TMP/judged.tsv" | wc -l | tr -d ' ')
awk -F'\t' '$1 == "fail"' "$TMP/judged.tsv" >"$TMP/fail.tsv"
f=$(wc -l <"$TMP/fail.tsv" | tr -d ' ')

x=0
symonly=0
confirmed=0
cannot=0
while IFS="$(printf '\t')" read -r _ path ids; do
	# in the view the in-root path is the machine's own path
	[ -f "$path" ] || { cannot=$((cannot + 1)); continue; }
	out=$(timeout 20 ldd -r "$path" 2>&1)
	lrc=$?
	if printf '%s\n' "$out" | grep -Eq 'not a dynamic executable|statically linked'; then
		mach=$(readelf -h "$path" 2>/dev/null | sed -n 's/^ *Machine: *//p')
		type=$(readelf -h "$path" 2>/dev/null | sed -n 's/^ *Type: *\([A-Z]*\).*/\1/p')
		class=$(readelf -h "$path" 2>/dev/null | sed -n 's/^ *Class: *//p')
		# static: no PT_INTERP (ldd also says "not a dynamic
		# executable" of an x32 file, whose loader may be missing)
		if [ "$mach" = "Advanced Micro Devices X86-64" ] && [ "$class" = ELF64 ] &&
			{ [ "$type" = EXEC ] || [ "$type" = DYN ]; } &&
			! readelf -lW "$path" 2>/dev/null | grep -q 'program interpreter'; then
			x=$((x + 1))
			echo "FALSE FAILURE: $path: static x86-64 (ldd: nothing to load), goelf: $ids"
		else
			cannot=$((cannot + 1))
			note "ldd cannot tell: $path ($mach, $class $type), goelf: $ids"
		fi
	elif [ "$lrc" != 0 ]; then
		cannot=$((cannot + 1))
		note "ldd cannot tell: $path (ldd exit $lrc), goelf: $ids"
	elif printf '%s\n' "$out" | grep -q 'not found'; then
		confirmed=$((confirmed + 1))
		note "confirmed: $path: $(printf '%s\n' "$out" | grep -m1 'not found' | sed 's/^[[:space:]]*//'), goelf: $ids"
	elif printf '%s\n' "$out" | grep -q 'undefined symbol'; then
		# every library found, symbols missing (plugins whose symbols
		# the loading program provides, mostly)
		confirmed=$((confirmed + 1))
		symonly=$((symonly + 1))
	else
		x=$((x + 1))
		echo "FALSE FAILURE: $path: ldd -r resolves it fully, goelf: $ids"
	fi
done <"$TMP/fail.tsv"

echo "runtime-root: $confirmed fails confirmed by ldd -r ($symonly by undefined symbols alone), $cannot ldd cannot tell, $nnone records without an image target"
echo "whole root: $n ELF judged, $f fail, $x false failures"
[ "$n" -gt 0 ] && [ "$nnone" = 0 ] && [ "$x" = 0 ]
