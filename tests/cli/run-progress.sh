#!/bin/sh
# goelf scan's progress line: on stderr only when stderr is a terminal,
# never with -q.  The terminal comes from script(1) (bsdutils), which
# needs a pseudo-terminal: where none can be created (no script, a
# chroot or container without /dev/pts) these tests are skipped with a
# message, not failed.  When unshare(1) can make a mount namespace, the
# script also runs itself once with /dev/pts and /dev/ptmx hidden and
# checks that it skips there.
# usage: sh tests/cli/run-progress.sh GOELF FIXTURES
# Prints `progress: N passed, N failed, N skipped` last; exits 1 when
# anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
pass=0
fail=0
skipped=0
TMP=$(mktemp -d /tmp/goelf-progress.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
has() { # has LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no [$2] in:"; head -20 "$3"; fi
}

# have_pty: script(1) can run a command whose stderr is a terminal.  The
# probe runs the same script(1) the tests use; on failure $TMP/pty says
# why (script's own message, e.g. "failed to create pseudo-terminal").
have_pty() {
	if ! command -v script >/dev/null; then
		echo "script(1) not installed (Debian package bsdutils)" >"$TMP/pty"
		return 1
	fi
	script -qec 'test -t 2 && echo goelf-pty-ok' /dev/null \
		</dev/null >"$TMP/pty" 2>&1
	if grep -q goelf-pty-ok "$TMP/pty"; then
		return 0
	fi
	[ -s "$TMP/pty" ] || echo "script(1) gave no terminal" >"$TMP/pty"
	return 1
}

# Not a TTY: no progress, whatever the pty situation.
mkdir -p "$TMP/many"
i=0
while [ $i -lt 1100 ]; do : >"$TMP/many/f$i"; i=$((i + 1)); done
(cd "$TMP" && "$GOELF" scan --no-policy -f text many) >"$TMP/out" 2>"$TMP/err"
check "no progress when stderr is not a TTY" "" "$(cat "$TMP/err")"
"$GOELF" scan --no-policy -f jsonl "$FIX" >/dev/null 2>"$TMP/err"
check "no progress when not a TTY (jsonl)" 0 "$(grep -c 'files seen' "$TMP/err")"

if have_pty; then
	(cd "$TMP" && script -qc "'$GOELF' scan --no-policy -f text many" /dev/null) \
		</dev/null >"$TMP/tty" 2>&1
	has "progress line on a TTY" "files seen" "$TMP/tty"
	(cd "$TMP" && script -qc "'$GOELF' scan --no-policy -q -f text many" /dev/null) \
		</dev/null >"$TMP/tty" 2>&1
	check "no progress with -q" 0 "$(grep -c 'files seen' "$TMP/tty")"
	script -qc "'$GOELF' scan --no-policy -f jsonl '$FIX' >/dev/null" /dev/null \
		</dev/null | tr '\r' '\n' >"$TMP/tty"
	has "progress on a TTY (jsonl)" "scan: [0-9]* files seen, [0-9]* ELF" "$TMP/tty"
	script -qc "'$GOELF' scan --no-policy -q -f jsonl '$FIX' >/dev/null" /dev/null \
		</dev/null | tr '\r' '\n' >"$TMP/tty"
	check "no progress with --quiet (jsonl)" 0 "$(grep -c 'files seen' "$TMP/tty")"
else
	skipped=$((skipped + 4))
	echo "SKIP: progress-line tests need a pseudo-terminal: $(head -1 "$TMP/pty" | tr -d '\r')"
fi

# The skip path for real: the same script in a mount namespace where no
# pseudo-terminal can be opened (/dev/pts an empty tmpfs, /dev/ptmx
# /dev/null), as in a chroot without /dev/pts.  GOELF_PROGRESS_NOPTY
# only stops the recursion; it does not change the detection.
if [ -z "${GOELF_PROGRESS_NOPTY:-}" ] && [ "$(id -u)" = 0 ] &&
	command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	# shellcheck disable=SC2016
	GOELF_PROGRESS_NOPTY=1 unshare -m sh -c '
		mount -t tmpfs none /dev/pts || exit 99
		if [ -e /dev/ptmx ]; then mount --bind /dev/null /dev/ptmx || exit 99; fi
		exec sh "$0" "$1" "$2"' "$SELF" "$GOELF" "$FIX" >"$TMP/nopty" 2>&1
	rc=$?
	if [ $rc = 99 ]; then
		skipped=$((skipped + 1))
		echo "SKIP: cannot hide /dev/pts in a mount namespace"
	else
		check "without a pty: exit" 0 "$rc"
		has "without a pty: skipped with a message" \
			"^SKIP: progress-line tests need a pseudo-terminal: ." "$TMP/nopty"
		has "without a pty: nothing failed" \
			"^progress: [0-9]* passed, 0 failed, 4 skipped$" "$TMP/nopty"
	fi
elif [ -z "${GOELF_PROGRESS_NOPTY:-}" ]; then
	echo "note: no mount namespace (unshare -m needs root): the no-pty path is not exercised"
fi

echo "progress: $pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
