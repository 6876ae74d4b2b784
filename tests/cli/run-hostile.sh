#!/bin/sh
# Hostile policies, baselines and trees (issue 13): what a gate reads must
# never let a failing binary through or cost unbounded memory or time.
# usage: sh tests/cli/run-hostile.sh GOELF FIXTURES
# Prints `N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$1
FIX=$2
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-hostile.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}
has() { # has NAME NEEDLE FILE
	if grep -qF -- "$2" "$3"; then ok; else bad "$1: [$2] not in [$(head -c 300 "$3")]"; fi
}

# --- a long policy line never becomes a live key --------------------------
# go-cgo-dyn fails on scratch; an [allow] "* = *" would pass it.
pad=$(printf '%0198d' 0 | tr 0 x)
printf '[gate]\ntargets = scratch\n[allow]\n;%s* = *\n' "$pad" >"$TMP/long.ini"
"$GOELF" gate --policy "$TMP/long.ini" "$FIX/go-cgo-dyn" >/dev/null 2>"$TMP/err"
check "long comment line: exit" 2 $?
has "long comment line: FILE:LINE" "$TMP/long.ini:4: line too long" "$TMP/err"
printf '[gate]\ntargets = scratch\n; %s\n' "$(printf '%0190d' 0)" >"$TMP/ok.ini"
"$GOELF" gate --policy "$TMP/ok.ini" "$FIX/go-cgo-dyn" >/dev/null 2>&1
check "a 193-byte comment is fine (the binary still fails)" 1 $?
printf '[gate]\ntargets = scratch\n\000\n' >"$TMP/nul.ini"
"$GOELF" gate --policy "$TMP/nul.ini" "$FIX/go-cgo-dyn" >/dev/null 2>"$TMP/err"
check "NUL byte in policy: exit" 2 $?
has "NUL byte in policy: message" "$TMP/nul.ini:3: NUL byte" "$TMP/err"
mkfifo "$TMP/fifo.ini"
timeout 10 "$GOELF" gate --policy "$TMP/fifo.ini" "$FIX/go-static" >/dev/null 2>"$TMP/err"
check "a FIFO as policy: exit" 2 $?
has "a FIFO as policy: message" "not a regular file" "$TMP/err"

# --- min-go accepts only Go versions ---------------------------------------
for v in 2.0 9.99 go2 1 abc 1.x; do
	"$GOELF" gate --no-policy --min-go "$v" "$FIX/go-static" >/dev/null 2>&1
	check "--min-go $v rejected" 2 $?
	printf '[gate]\nmin-go = %s\n' "$v" >"$TMP/mg.ini"
	"$GOELF" gate --policy "$TMP/mg.ini" "$FIX/go-static" >/dev/null 2>&1
	check "min-go = $v in a file rejected" 2 $?
done
for v in 1.18 go1.19 1.19.8; do
	"$GOELF" gate --no-policy --allow 'go.*' --allow 'debug.*' --min-go "$v" "$FIX/go-static" >/dev/null 2>&1
	check "--min-go $v accepted and met" 0 $?
done

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
