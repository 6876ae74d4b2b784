#!/bin/sh
# goelf scan's walker against a hostile tree: what it opens and what it
# says about files that go away.
#  - a FIFO and a symlink to /dev/zero: no hang, counted as special /
#    not followed (a readdir/open swap cannot be raced here; the open
#    primitive itself is tests/unit/test_fs.c);
#  - -x: a symlink into another file system (a tmpfs mounted inside the
#    tree in a private mount namespace, skipped without unshare/mount)
#    is not resolved;
#  - files deleted while the walk runs are "vanished" notes, exit 0,
#    counted in the summary; a missing PATH on the command line stays an
#    error (exit 2).
# usage: sh tests/cli/run-walk.sh GOELF FIXTURES (GOELF_REAL, when set, is
# the binary GOELF wraps)
# Prints `walk: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-walk.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
has() { # has LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no [$2] in:"; head -20 "$3"; fi
}

# --- a FIFO and a link to a device ---------------------------------------
T=$TMP/tree
mkdir -p "$T"
cp "$FIX/c-hello" "$T/hello"
mkfifo "$T/fifo"
ln -s /dev/zero "$T/zero"
ln -s /dev/zero "$T/zero-rel-abs"
(cd "$TMP" && timeout 30 "$GOELF" scan --no-policy -f text tree) \
	>"$TMP/out" 2>"$TMP/err"
check "fifo/dev: exit (no hang)" 0 $?
has "fifo/dev: counted" "2 other links (not followed), 1 FIFOs" "$TMP/out"
check "fifo/dev: stderr" "" "$(cat "$TMP/err")"
(cd "$TMP" && timeout 30 "$GOELF" scan --no-policy --root -f text tree) \
	>"$TMP/out" 2>"$TMP/err"
check "fifo/dev --root: exit (no hang)" 0 $?
has "fifo/dev --root: counted" "2 other links (not followed), 1 FIFOs" "$TMP/out"

# --- -x: a symlink into another file system -------------------------------
X=$TMP/xdev
mkdir -p "$X/m"
cat >"$TMP/xdev.sh" <<EOS
mount -t tmpfs goelf-test "$X/m" || exit 77
[ "\$(stat -c %d "$X")" != "\$(stat -c %d "$X/m")" ] || exit 77
cp "$FIX/c-hello" "$X/m/elf"
ln -s m/elf "$X/link"
cd "$TMP"
timeout 30 "$GOELF" scan --no-policy -f jsonl xdev >"$TMP/x-all" 2>&1 || exit 3
timeout 30 "$GOELF" scan --no-policy -x -f jsonl xdev >"$TMP/x-one" 2>&1 || exit 4
timeout 30 "$GOELF" scan --no-policy -x -f text xdev >"$TMP/x-text" 2>&1 || exit 5
EOS
if unshare -m sh "$TMP/xdev.sh" 2>"$TMP/x-err"; then
	check "-x: without -x the link resolves" "xdev/m/elf" \
		"$(jq -r 'select(.link) | .link.resolves_to' "$TMP/x-all")"
	check "-x: the link is not resolved" "" \
		"$(jq -r 'select(.link) | .path' "$TMP/x-one")"
	check "-x: nothing analysed" "" "$(jq -r '.path' "$TMP/x-one")"
	has "-x: counted as not followed" "1 other links (not followed)" "$TMP/x-text"
else
	rc=$?
	if [ $rc = 77 ]; then
		echo "SKIP: -x test (no mount namespace / tmpfs here)"
	else
		bad "-x: scans failed (step $rc)"
		cat "$TMP/x-err" "$TMP/x-all" "$TMP/x-one" 2>/dev/null | head
	fi
fi

# --- files that vanish during the walk ---------------------------------------
# The walk lists a directory, then opens its names in order; a name that
# is gone by then is ENOENT.  To delete files after the listing but
# before their open, the directory starts with 2000 ELF files (hard
# links of one): with -j 1 the pool's window (96 jobs) fills with them
# and holds the walker while they are analysed, seconds on any machine.  Once an ELF file is open (seen in
# /proc/PID/fd) the names are read; then the z* files go.
V=$TMP/van
mkdir -p "$V"
cp "$FIX/go-static" "$V/a0000"
i=1
while [ $i -lt 2000 ]; do ln "$V/a0000" "$V/a$(printf %04d $i)"; i=$((i + 1)); done
i=0
while [ $i -lt 300 ]; do : >"$V/z$i"; i=$((i + 1)); done
ln -s a0000 "$V/zlink"
mkdir "$V/zdir"
# The binary itself, not the JSON-logging wrapper, so that its fds are
# those of $pid.
REAL=${GOELF_REAL:-$GOELF}
ESC=$(printf '\033')
BEL=$(printf '\007')
runs=0
vanished_runs=0
while [ $runs -lt 3 ]; do
	runs=$((runs + 1))
	i=0
	while [ $i -lt 300 ]; do : >"$V/z$i"; i=$((i + 1)); done
	: >"$V/z-esc$ESC]0;title$BEL"
	[ -L "$V/zlink" ] || ln -s a0000 "$V/zlink"
	[ -d "$V/zdir" ] || mkdir "$V/zdir"
	(cd "$TMP" && exec "$REAL" scan --no-policy -j 1 -f text van) \
		>"$TMP/out" 2>"$TMP/err" &
	pid=$!
	n=0
	while [ $n -lt 1200 ] && [ -d /proc/$pid ]; do
		ls -l /proc/$pid/fd 2>/dev/null | grep -q "$V/a" && break
		sleep 0.05
		n=$((n + 1))
	done
	rm -rf "$V"/z*
	wait $pid
	rc=$?
	check "vanish run $runs: exit" 0 $rc
	others=$(grep -v ': vanished during the scan$' "$TMP/err")
	check "vanish run $runs: every stderr line is a vanished note" "" "$others"
	nv=$(grep -c ': vanished during the scan$' "$TMP/err")
	if [ "$nv" -gt 0 ]; then
		vanished_runs=$((vanished_runs + 1))
		has "vanish run $runs: summary counts them" "vanished   $nv " "$TMP/out"
		has "vanish run $runs: names in the tree" "^goelf: van/z" "$TMP/err"
		has "vanish run $runs: a name escaped" 'van/z-esc\\x1b]0;title\\x07: vanished' "$TMP/err"
		check "vanish run $runs: raw ESC/BEL" 0 "$(tr -dc '\033\007' <"$TMP/err" | wc -c)"
	fi
done
check "vanish: files did vanish mid-walk in every run" 3 "$vanished_runs"

# Named on the command line: still an error.
(cd "$TMP" && timeout 30 "$GOELF" scan --no-policy -f text van/gone) \
	>"$TMP/out" 2>"$TMP/err"
check "named missing PATH: exit" 2 $?
has "named missing PATH: error" "van/gone: No such file or directory" "$TMP/err"

echo "walk: $pass passed, $fail failed"
[ "$fail" = 0 ]
