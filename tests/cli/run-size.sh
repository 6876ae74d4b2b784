#!/bin/sh
# goelf size and goelf diff on the fixtures: package bytes add up and cover
# >= 95% of .text on every pure-Go fixture, an honest unattributed figure
# on the cgo ones, diff deltas checked against stat/readelf, thresholds
# and their exit codes, bad baselines.
# usage: sh tests/cli/run-size.sh GOELF FIXTURES
# Prints `size: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-size.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
has() { # has LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no [$2] in:"; head -20 "$3"; fi
}
diffx() { # diffx EXPECTED-EXIT LABEL ARGS...
	want=$1 label=$2
	shift 2
	(cd "$TMP" && "$GOELF" diff --no-policy "$@") >"$TMP/out" 2>"$TMP/err"
	check "$label exit" "$want" $?
}
fsize() { stat -c %s "$1"; }
textsize() { # the .text sh_size from readelf, in decimal
	echo $((0x$(readelf -SW "$1" | sed 's/^ *\[ */[/' | awk '$2==".text"{print $6}')))
}

# --- goelf size: every pure-Go fixture (CGO_ENABLED=0) ------------------------
for fx in go-static go-stripped go-trimpath go-debug go-minimal go-nobuildinfo \
	go-pie-internal go-386 go-arm go-arm64 go-s390x go-ppc64 go-ppc64le \
	go-mips go-mipsle go-mips64 go-mips64le go-riscv64 go-loong64; do
	[ -f "$FIX/$fx" ] || { echo "skip $fx (not built)"; continue; }
	"$GOELF" size --format json "$FIX/$fx" >"$TMP/j" || bad "$fx: size exit $?"
	# The .text size from readelf, independently of goelf.
	text=$(textsize "$FIX/$fx")
	check "$fx text bytes = readelf" "$text" "$(jq .size.text_bytes "$TMP/j")"
	check "$fx packages add up" true \
		"$(jq '([.size.packages[].bytes]|add) == .size.attributed_bytes' "$TMP/j")"
	check "$fx attributed + unattributed = text" true \
		"$(jq '.size.attributed_bytes + .size.unattributed_bytes == .size.text_bytes' "$TMP/j")"
	check "$fx >= 95% of .text" true \
		"$(jq '.size.attributed_bytes * 100 >= .size.text_bytes * 95' "$TMP/j")"
	check "$fx classes add up to the file" "$(fsize "$FIX/$fx")" \
		"$(jq '[.size.classes[]]|add' "$TMP/j")"
	check "$fx has runtime and main" 2 \
		"$(jq '[.size.packages[].name | select(.=="runtime" or .=="main")] | length' "$TMP/j")"
	check "$fx no C in pure Go" 0 \
		"$(jq '[.size.packages[].name | select(startswith("C"))] | length' "$TMP/j")"
	echo "  $fx: $(jq -r '"\(.size.attributed_bytes*1000/.size.text_bytes|floor/10)% of .text attributed"' "$TMP/j")"
done

# --- cgo fixtures: C attributed from .symtab, the rest unattributed -------------
for fx in go-cgo-ext go-cgo-dyn go-static-glibc go-musl-static go-pie; do
	[ -f "$FIX/$fx" ] || continue
	"$GOELF" size --format json "$FIX/$fx" >"$TMP/j"
	text=$(textsize "$FIX/$fx")
	check "$fx text bytes" "$text" "$(jq .size.text_bytes "$TMP/j")"
	check "$fx packages add up" true \
		"$(jq '([.size.packages[].bytes]|add) == .size.attributed_bytes' "$TMP/j")"
	check "$fx unattributed is the rest" true \
		"$(jq '.size.attributed_bytes + .size.unattributed_bytes == .size.text_bytes' "$TMP/j")"
	echo "  $fx: $(jq -r '"go \(.size.go_bytes) + C \(.size.c_bytes), unattributed \(.size.unattributed_bytes) of \(.size.text_bytes)"' "$TMP/j")"
done
# External link: the C code is not in the pclntab and part of .text has no
# sized symbol (crt padding, PLT-adjacent stubs): reported, not hidden.
"$GOELF" size --format json "$FIX/go-cgo-ext" >"$TMP/j"
check "cgo-ext has C/cgo" true "$(jq '[.size.packages[].name]|index("C/cgo") != null' "$TMP/j")"
check "cgo-ext unattributed > 0" true "$(jq '.size.unattributed_bytes > 0' "$TMP/j")"
check "cgo-ext C bytes > 0" true "$(jq '.size.c_bytes > 0' "$TMP/j")"
"$GOELF" size --format json "$FIX/go-static-glibc" >"$TMP/j"
check "static glibc has C/libc" true "$(jq '[.size.packages[].name]|index("C/libc") != null' "$TMP/j")"
# Internal link: runtime/cgo's C is in the pclntab.
"$GOELF" size --format json "$FIX/go-cgo-dyn" >"$TMP/j"
check "cgo-dyn C/cgo from pclntab" true "$(jq '[.size.packages[].name]|index("C/cgo") != null' "$TMP/j")"

# --- text view -------------------------------------------------------------------
"$GOELF" size --ascii --top 3 "$FIX/go-static" >"$TMP/out"
check "size exit" 0 $?
has "size header" "go-static: 3" "$TMP/out"
has "size ascii bar" "  text .*#" "$TMP/out"
has "size packages line" "^Packages (3 of " "$TMP/out"
has "size more line" "more)" "$TMP/out"
if grep -q "$(printf '\342\226')" "$TMP/out"; then bad "ascii has no blocks"; else ok; fi
LANG=C.UTF-8 script -qc "$GOELF size --top 2 $FIX/go-static" /dev/null >"$TMP/out" 2>&1 &&
	{ if grep -q "$(printf '\342\226\210')" "$TMP/out"; then ok; else bad "utf-8 tty gets blocks"; fi; }
"$GOELF" size "$FIX/go-static" | grep -q '#' && ok || bad "non-tty uses #"
"$GOELF" size "$TMP/nope" >/dev/null 2>&1
check "size missing file" 2 $?
"$GOELF" size --top x "$FIX/go-static" >/dev/null 2>&1
check "size bad --top" 2 $?
"$GOELF" size "$FIX/go-noshdr" >"$TMP/out"
check "size no section headers" 0 $?

# --- diff: static pure Go -> dynamic cgo -----------------------------------------
diffx 0 "static->cgo" --format json "$FIX/go-static" "$FIX/go-cgo-dyn"
cp "$TMP/out" "$TMP/d"
check "size delta = stat" $(($(fsize "$FIX/go-cgo-dyn") - $(fsize "$FIX/go-static"))) \
	"$(jq .file_size.delta "$TMP/d")"
check "libc.so.6 added" '["libc.so.6"]' "$(jq -c .needed.added "$TMP/d")"
check "glibc floor raised" "null 2.34 true" "$(jq -r '"\(.glibc.old) \(.glibc.new) \(.glibc.raised)"' "$TMP/d")"
check "glibc symbols" true \
	"$(jq '[.glibc.symbols[] | select(.version=="GLIBC_2.34") | .symbols[]] | index("pthread_create") != null' "$TMP/d")"
check "CGO_ENABLED changed" "0 1" "$(jq -r '.settings[] | select(.key=="CGO_ENABLED") | "\(.old) \(.new)"' "$TMP/d")"
check "linking kind" "static dynamic" "$(jq -r '.changes[] | select(.key=="linking.kind") | "\(.old) \(.new)"' "$TMP/d")"
check "new finding linkage.dynamic" true "$(jq '[.findings.new[].id]|index("linkage.dynamic") != null' "$TMP/d")"
check "packages present" true "$(jq '.packages|type=="array" and length>0' "$TMP/d")"
check "section delta .text = readelf" \
	$(($(textsize "$FIX/go-cgo-dyn") - $(textsize "$FIX/go-static"))) \
	"$(jq '.sections[] | select(.name==".text") | .delta' "$TMP/d")"
diffx 0 "static->cgo text" "$FIX/go-static" "$FIX/go-cgo-dyn"
has "text names NEEDED" "NEEDED added: libc.so.6" "$TMP/out"
has "text names glibc" "glibc floor: none -> 2.34 (raised)" "$TMP/out"
has "text names the symbols" "GLIBC_2.34: pthread_attr_getstacksize, pthread_create" "$TMP/out"
has "text names CGO_ENABLED" "CGO_ENABLED: 0 -> 1" "$TMP/out"

# --- diff with itself and with its own saved report ------------------------------
for fx in go-static go-cgo-ext go-stripped go-arm64; do
	"$GOELF" inspect --format json "$FIX/$fx" >"$TMP/$fx.json"
	diffx 0 "$fx vs itself" "$FIX/$fx" "$FIX/$fx"
	has "$fx vs itself empty" "^no differences" "$TMP/out"
	diffx 0 "$fx vs its report" --format json "$TMP/$fx.json" "$FIX/$fx"
	check "$fx vs its report empty" true "$(jq .empty "$TMP/out")"
	diffx 0 "$fx report vs report" "$TMP/$fx.json" "$TMP/$fx.json"
	has "$fx report vs report empty" "^no differences" "$TMP/out"
done
diffx 0 "arch difference" "$FIX/go-static" "$FIX/go-arm64"
has "arch warning on stderr" "warning: comparing amd64 with arm64" "$TMP/err"
check "arch warning once, on stderr only" 0 "$(grep -c "comparing amd64 with arm64" "$TMP/out")"

# --- thresholds: a passing and a failing case each --------------------------------
grow=$(($(fsize "$FIX/go-cgo-dyn") - $(fsize "$FIX/go-static")))
diffx 0 "max-growth bytes pass" --max-growth $((grow + 1)) "$FIX/go-static" "$FIX/go-cgo-dyn"
diffx 0 "max-growth exact pass" --max-growth $grow "$FIX/go-static" "$FIX/go-cgo-dyn"
diffx 1 "max-growth bytes fail" --max-growth $((grow - 1)) "$FIX/go-static" "$FIX/go-cgo-dyn"
has "max-growth names the id" "FAIL diff.size_growth" "$TMP/out"
diffx 0 "max-growth MiB pass" --max-growth 5MiB "$FIX/go-static" "$FIX/go-cgo-dyn"
diffx 1 "max-growth KiB fail" --max-growth 10KiB "$FIX/go-static" "$FIX/go-cgo-dyn"
diffx 0 "max-growth % pass" --max-growth 10% "$FIX/go-static" "$FIX/go-cgo-dyn"
diffx 1 "max-growth % fail" --max-growth 1% "$FIX/go-static" "$FIX/go-cgo-dyn"
diffx 0 "shrink passes" --max-growth 0 "$FIX/go-cgo-dyn" "$FIX/go-static"
# go-cgo-dyn's new findings are info: the plain flag (warn and up) needs =info
diffx 0 "new info finding passes the plain flag" --fail-on-new-finding "$FIX/go-static" "$FIX/go-cgo-dyn"
diffx 1 "new finding fail" --fail-on-new-finding=info "$FIX/go-static" "$FIX/go-cgo-dyn"
has "new finding id" "FAIL diff.new_finding" "$TMP/out"
diffx 0 "new finding pass" --fail-on-new-finding "$FIX/go-cgo-dyn" "$FIX/go-static"
diffx 1 "glibc raise fail" --fail-on-glibc-raise "$FIX/go-static" "$FIX/go-cgo-dyn"
has "glibc raise id" "FAIL diff.glibc_raised" "$TMP/out"
diffx 0 "glibc raise pass" --fail-on-glibc-raise "$FIX/go-cgo-dyn" "$FIX/go-static"
diffx 0 "no thresholds: changes pass" "$FIX/go-static" "$FIX/go-cgo-dyn"
diffx 1 "json failed agrees" --format json --max-growth 1% "$FIX/go-static" "$FIX/go-cgo-dyn"
check "json failed true" true "$(jq .failed "$TMP/out")"
# The same keys from the policy file's [diff] section.
printf '[diff]\nmax-growth = 1%%\n' >"$TMP/p1.ini"
(cd "$TMP" && "$GOELF" diff --policy p1.ini "$FIX/go-static" "$FIX/go-cgo-dyn") >/dev/null 2>&1
check "policy max-growth fail" 1 $?
printf '[diff]\nmax-growth = 5MiB\nfail-on-glibc-raise = true\n' >"$TMP/p2.ini"
(cd "$TMP" && "$GOELF" diff --policy p2.ini "$FIX/go-cgo-dyn" "$FIX/go-static") >/dev/null 2>&1
check "policy pass" 0 $?
(cd "$TMP" && "$GOELF" diff --policy p2.ini "$FIX/go-static" "$FIX/go-cgo-dyn") >/dev/null 2>&1
check "policy glibc fail" 1 $?
printf '[diff]\nfail-on-new-finding = info\n' >"$TMP/.goelf.ini"
(cd "$TMP" && "$GOELF" diff "$FIX/go-static" "$FIX/go-cgo-dyn") >/dev/null 2>&1
check "default .goelf.ini" 1 $?
rm -f "$TMP/.goelf.ini"
printf '[diff]\nmax-growth = lots\n' >"$TMP/p3.ini"
(cd "$TMP" && "$GOELF" diff --policy p3.ini "$FIX/go-static" "$FIX/go-static") >/dev/null 2>&1
check "bad policy value" 2 $?
diffx 2 "bad --max-growth" --max-growth 5parsecs "$FIX/go-static" "$FIX/go-static"
diffx 2 "one file" "$FIX/go-static"

# --- bad baselines ------------------------------------------------------------------
echo 'this is not json' >"$TMP/notjson"
diffx 2 "not JSON" "$TMP/notjson" "$FIX/go-static"
has "not JSON message" "neither an ELF file nor a valid JSON report" "$TMP/err"
echo '{"name": "x", "version": 3}' >"$TMP/other.json"
diffx 2 "not a goelf report" "$TMP/other.json" "$FIX/go-static"
has "not a goelf report message" "not a goelf report" "$TMP/err"
jq -c '.schema_version = 99' "$TMP/go-static.json" >"$TMP/v99.json"
diffx 2 "schema_version 99" "$TMP/v99.json" "$FIX/go-static"
has "schema message" "schema_version 99, which this goelf does not read" "$TMP/err"
head -c 2000 "$TMP/go-static.json" >"$TMP/trunc.json"
diffx 2 "truncated" "$TMP/trunc.json" "$FIX/go-static"
has "truncated message" "truncated?" "$TMP/err"
diffx 2 "truncated NEW" "$FIX/go-static" "$TMP/trunc.json"
jq -c 'del(.elf.size)' "$TMP/go-static.json" >"$TMP/nosize.json"
diffx 2 "key missing" "$TMP/nosize.json" "$FIX/go-static"
has "key missing message" "key elf.size missing" "$TMP/err"
printf '{"schema_version":1,"schema_version":1}' >"$TMP/dup.json"
diffx 2 "duplicate keys" "$TMP/dup.json" "$FIX/go-static"
cat "$TMP/go-static.json" "$TMP/go-static.json" >"$TMP/two.jsonl"
diffx 2 "two reports" "$TMP/two.jsonl" "$FIX/go-static"
has "two reports message" "more than one JSON value" "$TMP/err"
: >"$TMP/empty"
diffx 2 "empty file" "$TMP/empty" "$FIX/go-static"
diffx 2 "missing file" "$TMP/nope" "$FIX/go-static"
diffx 2 "directory" "$TMP" "$FIX/go-static"
"$GOELF" inspect --format json "$TMP/nope" 2>/dev/null >"$TMP/err.json"
diffx 2 "report of an unreadable file" "$TMP/err.json" "$FIX/go-static"
has "unreadable report message" "could not be analysed" "$TMP/err"

echo "size: $pass passed, $fail failed"
[ "$fail" = 0 ]
