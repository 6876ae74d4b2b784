#!/bin/sh
# Terminal safety and the shared output options.
# 1. Bytes a terminal obeys (ESC, BEL, an OSC title sequence) in a file's
#    interpreter path, in a Go module path and in a file name never reach
#    stdout or stderr raw: not from inspect, gate, buildinfo, size or diff,
#    and not from the error path ("goelf: PATH: reason").
# 2. A file name that is not valid UTF-8 keeps its exact bytes in JSON as
#    path_raw (path itself stays valid UTF-8).
# 3. --format and --color mean the same in every command: a bad value is
#    rejected with the same message and exit 2; -f jsonl is -f json.
# usage: sh tests/cli/run-escape.sh GOELF FIXTURES
# Prints `N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$1
FIX=$2
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-esc.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ESC=$(printf '\033')
BEL=$(printf '\007')

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}
# no_raw LABEL FILE...: none of the files holds a raw ESC or BEL byte.
no_raw() {
	label=$1
	shift
	n=$(cat "$@" | tr -dc '\033\007' | wc -c)
	check "$label: raw ESC/BEL bytes" 0 "$n"
}
# patch FILE OLD NEW: overwrites every occurrence of OLD in FILE with NEW
# (same length), in place.
patch() {
	if [ "$(printf '%s' "$2" | wc -c)" != "$(printf '%s' "$3" | wc -c)" ]; then
		bad "patch: '$2' and its replacement differ in length"
		return 1
	fi
	offs=$(LC_ALL=C grep -obUa -- "$2" "$1" | cut -d: -f1)
	if [ -z "$offs" ]; then
		bad "patch: '$2' not found in $1"
		return 1
	fi
	for off in $offs; do
		printf '%s' "$3" | dd of="$1" bs=1 seek="$off" conv=notrunc \
			2>/dev/null
	done
}
run() { # run NAME CMD...: stdout to $TMP/NAME.out, stderr to .err
	name=$1
	shift
	"$@" >"$TMP/$name.out" 2>"$TMP/$name.err" </dev/null
}

for f in go-cgo-dyn go-minimal; do
	[ -f "$FIX/$f" ] || { bad "fixture $f missing (run make fixtures)"; exit 1; }
done

# --- 1a. an interpreter path with an OSC title sequence ---------------------
# /lib64/ld-linux-x86-64.so.2 (27 bytes) -> same length with ESC ] 0 ; ... BEL
cp "$FIX/go-cgo-dyn" "$TMP/interp"
patch "$TMP/interp" /lib64/ld-linux-x86-64.so.2 \
	"/lib64/${ESC}]0;pwned${BEL}ld-64.so.2"
run i-text "$GOELF" inspect --color=never "$TMP/interp"
check "interp inspect exit" 0 $?
no_raw "interp inspect" "$TMP/i-text.out" "$TMP/i-text.err"
grep -q 'Interpreter.*\\x1b]0;pwned\\x07ld-64.so.2' "$TMP/i-text.out" && ok ||
	bad "interp inspect: escaped interpreter not shown"
run i-gate "$GOELF" gate --no-policy --targets alpine,scratch --color=never \
	"$TMP/interp"
check "interp gate exit" 1 $?
no_raw "interp gate" "$TMP/i-gate.out" "$TMP/i-gate.err"
grep -q 'interpreter /lib64/\\x1b]0;pwned\\x07ld-64.so.2' "$TMP/i-gate.out" &&
	ok || bad "interp gate: escaped interpreter not in [$(cat "$TMP/i-gate.out")]"
run i-gq "$GOELF" gate --no-policy --targets scratch -q "$TMP/interp"
no_raw "interp gate -q" "$TMP/i-gq.out" "$TMP/i-gq.err"
run i-json "$GOELF" inspect --format json "$TMP/interp"
no_raw "interp inspect json" "$TMP/i-json.out" "$TMP/i-json.err"
check "interp json keeps the bytes" "/lib64/${ESC}]0;pwned${BEL}ld-64.so.2" \
	"$(jq -r .linking.interpreter "$TMP/i-json.out")"

# --- 1b. a Go module path with escape bytes ---------------------------------
# example.com/minimal (19 bytes, the path and mod lines of .go.buildinfo)
cp "$FIX/go-minimal" "$TMP/modpath"
patch "$TMP/modpath" example.com/minimal "ex${ESC}]0;pw${BEL}ned/minima"
run m-text "$GOELF" inspect --color=never "$TMP/modpath"
check "modpath inspect exit" 0 $?
no_raw "modpath inspect" "$TMP/m-text.out" "$TMP/m-text.err"
run m-bi "$GOELF" buildinfo "$TMP/modpath"
check "modpath buildinfo exit" 0 $?
no_raw "modpath buildinfo" "$TMP/m-bi.out" "$TMP/m-bi.err"
check "modpath buildinfo line" \
	"$(printf '\tpath\tex\\x1b]0;pw\\x07ned/minima')" \
	"$(sed -n 2p "$TMP/m-bi.out")"
run m-gate "$GOELF" gate --no-policy --color=always "$TMP/modpath"
no_raw_colour=$(sed 's/\x1b\[[0-9;]*m//g' "$TMP/m-gate.out" | tr -dc '\033\007' | wc -c)
check "modpath gate: raw bytes besides its own colour" 0 "$no_raw_colour"
run m-size "$GOELF" size "$TMP/modpath"
no_raw "modpath size" "$TMP/m-size.out" "$TMP/m-size.err"
run m-diff "$GOELF" diff --no-policy "$FIX/go-minimal" "$TMP/modpath"
no_raw "modpath diff" "$TMP/m-diff.out" "$TMP/m-diff.err"

# --- 1c. a file name with escape bytes, not ELF: the error path -------------
NAME="$TMP/x${ESC}[31my${BEL}"
echo 'not an ELF file' >"$NAME"
for cmd in inspect gate size buildinfo; do
	run "n-$cmd" "$GOELF" "$cmd" "$NAME"
	rc=$?
	[ "$rc" != 0 ] && ok || bad "name $cmd: exit $rc"
	no_raw "name $cmd" "$TMP/n-$cmd.out" "$TMP/n-$cmd.err"
done
check "name inspect error line" "goelf: $TMP/x\\x1b[31my\\x07: not an ELF file" \
	"$(cut -d: -f1-3 "$TMP/n-inspect.err")"
run n-diff "$GOELF" diff --no-policy "$NAME" "$FIX/go-minimal"
check "name diff exit" 2 $?
no_raw "name diff" "$TMP/n-diff.out" "$TMP/n-diff.err"
case $(cat "$TMP/n-diff.err") in
"goelf: $TMP/x\\x1b[31my\\x07: "*) ok ;;
*) bad "name diff: stderr [$(cat "$TMP/n-diff.err")]" ;;
esac
run n-json "$GOELF" inspect --format json "$NAME"
no_raw "name inspect json" "$TMP/n-json.out" "$TMP/n-json.err"
# An ESC in an argument (not a file) is escaped in the usage error too.
run n-usage "$GOELF" inspect --format "$(printf 'j\033[2Jx')" x
no_raw "usage error" "$TMP/n-usage.out" "$TMP/n-usage.err"

# --- 2. names that are not UTF-8 keep their bytes as path_raw ---------------
RAW="$TMP/bad$(printf '\377')\\name"
cp "$FIX/go-minimal" "$RAW"
"$GOELF" inspect --format json "$RAW" >"$TMP/raw.json"
check "path_raw exit" 0 $?
check "path is UTF-8 with U+FFFD" "$TMP/bad$(printf '\357\277\275')\\name" \
	"$(jq -r .path "$TMP/raw.json")"
check "path_raw has \\xff and \\\\" "$TMP/bad\\xff\\\\name" \
	"$(jq -r .path_raw "$TMP/raw.json")"
"$GOELF" size --format json "$RAW" >"$TMP/raw-size.json"
check "size path_raw" "$TMP/bad\\xff\\\\name" "$(jq -r .path_raw "$TMP/raw-size.json")"
"$GOELF" inspect --format json "$FIX/go-minimal" >"$TMP/plain.json"
check "no path_raw for a UTF-8 name" false "$(jq 'has("path_raw")' "$TMP/plain.json")"
# A valid UTF-8 name that prints like the invalid one: told apart.
TWIN="$TMP/bad$(printf '\357\277\275')\\name"
cp "$FIX/go-minimal" "$TWIN"
"$GOELF" inspect --format json "$TWIN" >"$TMP/twin.json"
check "twin has no path_raw" false "$(jq 'has("path_raw")' "$TMP/twin.json")"
"$GOELF" inspect "$RAW" "$TWIN" | grep "^$TMP/bad" | cut -d: -f1 >"$TMP/names"
check "text names differ" 2 "$(sort -u "$TMP/names" | wc -l)"

# --- 3. one parser for --format and --color ----------------------------------
for cmd in inspect gate size diff scan; do
	"$GOELF" "$cmd" --color bogus "$FIX/go-minimal" "$FIX/go-minimal" \
		>/dev/null 2>"$TMP/e"
	check "$cmd --color bogus exit" 2 $?
	check "$cmd --color bogus message" \
		"goelf $cmd: --color takes auto, always or never" \
		"$(head -n 1 "$TMP/e")"
	"$GOELF" "$cmd" --format bogus "$FIX/go-minimal" "$FIX/go-minimal" \
		>/dev/null 2>"$TMP/e"
	check "$cmd --format bogus exit" 2 $?
	case $(head -n 1 "$TMP/e") in
	"goelf $cmd: unknown format 'bogus' (text"*) ok ;;
	*) bad "$cmd --format bogus message [$(head -n 1 "$TMP/e")]" ;;
	esac
	"$GOELF" "$cmd" --color never "$FIX/go-minimal" "$FIX/go-minimal" \
		>/dev/null 2>&1
	rc=$?
	[ "$rc" -le 1 ] && ok || bad "$cmd --color never: exit $rc"
	# -f json and -f jsonl: the same bytes.
	"$GOELF" "$cmd" -f json "$FIX/go-minimal" "$FIX/go-minimal" \
		>"$TMP/j1" 2>/dev/null
	"$GOELF" "$cmd" -f jsonl "$FIX/go-minimal" "$FIX/go-minimal" \
		>"$TMP/j2" 2>/dev/null
	check "$cmd jsonl exit" "$([ -s "$TMP/j1" ] && echo nonempty)" \
		"$([ -s "$TMP/j2" ] && echo nonempty)"
	cmp -s "$TMP/j1" "$TMP/j2" && ok || bad "$cmd: -f jsonl differs from -f json"
done
"$GOELF" gate --format sarif --color never --no-policy "$FIX/go-minimal" >/dev/null
check "gate sarif with --color" 0 $?

echo "escape: $pass passed, $fail failed"
[ "$fail" = 0 ]
