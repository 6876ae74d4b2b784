#!/bin/sh
# The examples (examples/*.c, built by `make examples` against an
# installed goelf through pkg-config) on every fixture: inspect's linking
# kind against readelf (PT_INTERP or DT_NEEDED: dynamic; else ET_EXEC:
# static, ET_DYN: static-pie) and its Go version against `go version`;
# judge on scratch against readelf (scratch has no loader and no
# library: a file with PT_INTERP or DT_NEEDED fails there, one without
# does not) and on an unknown target (exit 2).
# usage: sh tests/cli/run-examples.sh EXAMPLES-DIR FIXTURES
# Prints `examples: N passed, N failed` last; exits 1 when anything failed.
set -u
EX=$(cd "$1" && pwd)
FIX=$(cd "$2" && pwd)
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-examples.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }

for x in inspect judge; do
	check "$x built" yes "$([ -x "$EX/$x" ] && echo yes || echo no)"
	# Linked against libgoelf.a: the program needs no libgoelf.so.
	check "$x needs no libgoelf.so" 0 "$(readelf -dW "$EX/$x" | grep -c 'libgoelf')"
done

n=0
for f in "$FIX"/* "$FIX"/strip/* "$FIX"/sw/*; do
	[ -f "$f" ] || continue
	case $f in *.debug) continue ;; esac # separate debug files: no program
	n=$((n + 1))
	name=${f#"$FIX"/}
	dyn=$(($(readelf -lW "$f" | grep -c 'Requesting program interpreter') +
		$(readelf -dW "$f" | grep -c '(NEEDED)')))
	if [ "$dyn" -gt 0 ]; then
		kind=dynamic
	elif readelf -hW "$f" | grep -q 'Type:[[:space:]]*EXEC'; then
		kind=static
	else
		kind=static-pie
	fi
	# go version prints "FILE: goX.Y.Z" for a Go executable with build
	# info; goelf also dates files without it (other evidence): those
	# are compared only on the linking kind.
	gv=$(go version "$f" 2>/dev/null | sed -n "s|^$f: \(go[^ ]*\).*|\1|p")
	got=$("$EX/inspect" "$f")
	check "inspect exit on $name" 0 $?
	if [ -n "$gv" ]; then
		check "inspect $name" "$f: $kind $gv" "$got"
	else
		check "inspect $name (kind)" "$f: $kind" "${got% *}"
	fi
	if [ "$dyn" -gt 0 ]; then want="fail 1"; else want="ok 0"; fi
	"$EX/judge" scratch "$f" >"$TMP/out" 2>&1
	rc=$?
	st=$(sed -n "s|^$f: \([a-z]*\) on scratch$|\1|p" "$TMP/out")
	case $st in pass | warn) st=ok ;; esac
	check "judge scratch $name" "$want" "$st $rc"
done
check "fixtures run" yes "$([ "$n" -ge 20 ] && echo yes || echo "no ($n)")"

"$EX/inspect" "$TMP/nowhere" >"$TMP/out" 2>"$TMP/err"
check "inspect: missing file (exit)" 2 $?
check "inspect: missing file (message)" 1 "$(grep -c "^inspect: $TMP/nowhere: " "$TMP/err")"
"$EX/judge" no-such-image "$FIX/go-static" >"$TMP/out" 2>"$TMP/err"
check "judge: unknown target (exit)" 2 $?
check "judge: unknown target (message)" 1 "$(grep -c "unknown target 'no-such-image'" "$TMP/err")"
"$EX/judge" alpine:3.20 "$FIX/go-cgo-dyn" >"$TMP/out" 2>&1
check "judge: an image reference resolves" "$FIX/go-cgo-dyn: fail on alpine-3.20" "$(head -1 "$TMP/out")"

echo "examples: $pass passed, $fail failed"
[ "$fail" = 0 ]
