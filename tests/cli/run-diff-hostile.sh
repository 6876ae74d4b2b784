#!/bin/sh
# goelf diff against hostile saved reports (issue 13, items 11 and 12).
# 1. Sizes the engine computes with are checked against the schema ranges
#    before use: negative, huge (2^63-1), fractional and string-typed
#    sizes, a million sections, deeply nested arrays in place of rows,
#    each exit 2 with one line "not a valid goelf report: KEY ...", and
#    no "signed integer overflow" (run under the sanitizer build too:
#    make check-asan).  Every report goelf writes still diffs (exit 0).
# 2. ESC, BEL and OSC sequences (and newlines) in a saved report's fields
#    (module paths, finding ids and messages, section and package names,
#    arch, interpreter, settings, NEEDED, glibc versions, the saved error)
#    never reach stdout or stderr raw, in text or in warnings, and a
#    warning or error stays on one line.
# The baselines are generated here from a real report with jq/printf.
# usage: sh tests/cli/run-diff-hostile.sh GOELF FIXTURES
# Prints `diff-hostile: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-dh.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
has() { # has LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no [$2] in:"; head -c 600 "$3"; echo; fi
}
hasnt() {
	if grep -q -- "$2" "$3"; then bad "$1: unexpected [$2] in:"; head -c 600 "$3"; echo; else ok; fi
}
diffx() { # diffx EXPECTED-EXIT LABEL ARGS...; output in $TMP/out, $TMP/err
	want=$1 label=$2
	shift 2
	(cd "$TMP" && timeout 120 "$GOELF" diff --no-policy "$@") \
		>"$TMP/out" 2>"$TMP/err"
	check "$label exit" "$want" $?
}
no_raw() { # no_raw LABEL FILE...: no raw ESC or BEL byte
	label=$1
	shift
	check "$label: raw ESC/BEL bytes" 0 "$(cat "$@" | tr -dc '\033\007' | wc -c)"
}
one_line() { check "$1: stderr lines" 1 "$(wc -l <"$2")"; }

B=$TMP/base.json
"$GOELF" inspect --sizes --format json "$FIX/go-static" >"$B" ||
	bad "inspect of go-static failed"
diffx 0 "baseline itself" "$B" "$FIX/go-static"
for f in go-cgo-dyn go-replace c-hello go-noshdr go-nobuildinfo; do
	"$GOELF" inspect --format json "$FIX/$f" >"$TMP/r.json"
	diffx 0 "report of $f as a baseline" "$TMP/r.json" "$FIX/$f"
	check "report of $f: no stderr" "" "$(cat "$TMP/err")"
done

# --- 1. ranges -----------------------------------------------------------------
# jq holds numbers as doubles (2^63-1 would print as 9223372036854776000):
# exact integers go in as the string "@V@" and are put in place with sed.
# hostile JQ-FILTER [V]: the baseline, in $TMP/h.json.
hostile() {
	jq -c "$1" "$B" | sed "s/\"@V@\"/${2:-0}/g" >"$TMP/h.json"
}
# bad_base LABEL KEY-IN-MESSAGE JQ-FILTER [V]: the baseline made by the
# filter is rejected with the one-line message, as OLD and as NEW.
bad_base() {
	hostile "$3" "${4:-}" || { bad "$1: jq"; return; }
	for sidex in old new; do
		if [ $sidex = old ]; then
			diffx 2 "$1 ($sidex)" "$TMP/h.json" "$FIX/go-static"
		else
			diffx 2 "$1 ($sidex)" "$FIX/go-static" "$TMP/h.json"
		fi
		has "$1 ($sidex): message" "not a valid goelf report: $2" "$TMP/err"
		one_line "$1 ($sidex)" "$TMP/err"
		hasnt "$1 ($sidex): no overflow" "overflow" "$TMP/err"
	done
}
M63=9223372036854775807 # 2^63-1
P62=4611686018427387904 # 2^62, the largest byte count read
P62_1=4611686018427387905
bad_base "negative elf.size" "elf.size out of range" '.elf.size = -3816729'
bad_base "huge elf.size" "elf.size out of range" '.elf.size = "@V@"' $M63
# The UBSan case of the old engine: 3816729 - -(2^63-1) overflowed.
bad_base "most negative elf.size" "elf.size out of range" '.elf.size = "@V@"' -$M63
bad_base "2^62+1 elf.size" "elf.size out of range" '.elf.size = "@V@"' $P62_1
bad_base "negative section" "size.sections\[0\].size out of range" \
	'.size.sections[0].size = "@V@"' -$M63
bad_base "huge section" "size.sections\[1\].size out of range" \
	'.size.sections[1].size = "@V@"' $M63
bad_base "fractional section" "size.sections\[0\].size out of range" \
	'.size.sections[0].size = 1.5'
bad_base "string section size" "size.sections\[0\].size out of range" \
	'.size.sections[0].size = "1248529"'
bad_base "section sum" "size.sections total out of range" \
	'.size.sections[0].size = "@V@" | .size.sections[1].size = "@V@"' $P62
bad_base "negative package" "size.packages\[0\].bytes out of range" \
	'.size.packages[0].bytes = -1'
bad_base "string package" "size.packages\[2\].bytes out of range" \
	'.size.packages[2].bytes = "394912"'
bad_base "huge class" "size.classes value out of range" \
	'.size.classes.text = "@V@"' $M63
bad_base "negative debug total" "debug.total_bytes out of range" \
	'.debug.total_bytes = -5'
bad_base "number as a finding message" "findings\[0\].message is not a string" \
	'.findings[0].message = 12'
bad_base "section name not a string" "size.sections\[0\].name is not a string" \
	'.size.sections[0].name = {"a": 1}'
# A million sections: rejected, not diffed name by name.
jq -c '.size.sections = [range(1000000) | {name: ("s\(.)"), size: 1}]' "$B" \
	>"$TMP/h.json"
diffx 2 "10^6 sections" "$TMP/h.json" "$FIX/go-static"
has "10^6 sections: message" "not a valid goelf report: size.sections has too many entries" "$TMP/err"
one_line "10^6 sections" "$TMP/err"
# Deeply nested arrays where rows are expected (within jansson's depth
# limit, so the JSON itself parses).
nest() { # nest N: N levels of [ ... ]
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "["; printf "1"; for (i = 0; i < n; i++) printf "]" }'
}
nest 1500 >"$TMP/deep"
for key in size.sections size.packages findings; do
	jq -c "setpath(\"$key\" | split(\".\"); \"@DEEP@\")" "$B" |
		awk -v f="$TMP/deep" 'BEGIN { getline d <f } { sub(/"@DEEP@"/, d); print }' >"$TMP/h.json"
	diffx 2 "nested $key" "$TMP/h.json" "$FIX/go-static"
	has "nested $key: message" "not a valid goelf report: $key\[0\] is not an object" "$TMP/err"
	one_line "nested $key" "$TMP/err"
done
# Deeper than the parser goes: still one line, exit 2.
{ printf '{"schema_version":1,"elf":{"size":1,"arch":"amd64"},"x":'; nest 100000; printf '}'; } >"$TMP/h.json"
diffx 2 "nested beyond the parser" "$TMP/h.json" "$FIX/go-static"
one_line "nested beyond the parser" "$TMP/err"
# The largest sizes in range diff without overflow either way.
hostile '.elf.size = "@V@" | .size.sections |= map(.size = 0) | .size.sections[0].size = "@V@"' $P62
diffx 0 "2^62 baseline" --format json "$TMP/h.json" "$FIX/go-static"
check "2^62 baseline: delta" "$(( $(stat -c %s "$FIX/go-static") - P62 ))" \
	"$(grep -o '"file_size":{[^}]*}' "$TMP/out" | grep -oE '"delta":-?[0-9]+' | cut -d: -f2)"
diffx 0 "2^62 new" "$FIX/go-static" "$TMP/h.json"
has "2^62 new: text" "file size: " "$TMP/out"
hasnt "2^62 new: no negative growth" "+-" "$TMP/out"
diffx 1 "2^62 new over --max-growth" --max-growth 1 "$FIX/go-static" "$TMP/h.json"
has "2^62 new: growth message" "grew by 46116860" "$TMP/out"

# --- 2. escapes in every field ----------------------------------------------------
ESC=$(printf '\033')
BEL=$(printf '\007')
# An OSC title, a colour and a bell, and a newline that would fake a line.
jq -c --arg e "$(printf '\033]0;pwned\007\033[31mred\033[0m\007\nfake line')" '
	.elf.arch = ("arm64" + $e)
	| .linking.interpreter = ("/lib/ld" + $e)
	| .linking.kind = ("dynamic" + $e)
	| .go.version = ("go1.0" + $e)
	| .go.deps = [{path: ("example.com/m" + $e), version: ("v1" + $e)}]
	| .go.settings = {("k" + $e): ("v" + $e)}
	| .linking.needed = [("libc.so.6" + $e)]
	| .libc.min_glibc = ("2.99" + $e)
	| .findings = [{id: ("x.y" + $e), severity: "fail", message: ("m" + $e)}]
	| .size.sections = [{name: (".text" + $e), size: 5}] + .size.sections
	| .size.packages = [{name: ("pkg" + $e), bytes: 5}] + .size.packages
	| .size.classes = (.size.classes + {("cls" + $e): 5})
	| .verdict.targets = {("t" + $e): {status: ("fail" + $e)}}
	| .debug.total_bytes = 1' "$B" >"$TMP/esc.json" || bad "jq escape report"
check "escape report: raw ESC stays \\u001b in JSON" 0 "$(tr -dc '\033' <"$TMP/esc.json" | wc -c)"
for dir in old new; do
	# As NEW, the hostile finding is new and fails the threshold.
	if [ $dir = old ]; then
		set -- "$TMP/esc.json" "$FIX/go-static"
		want=1 # go-static's own findings are new
	else
		set -- "$FIX/go-static" "$TMP/esc.json"
		want=1
	fi
	diffx $want "escapes as $dir, text" --fail-on-new-finding=info "$@"
	no_raw "escapes as $dir, text" "$TMP/out" "$TMP/err"
	has "escapes as $dir: warning escaped" 'comparing .*\\x1b\]0;pwned\\x07' "$TMP/err"
	one_line "escapes as $dir: the warning" "$TMP/err"
	hasnt "escapes as $dir: no faked line in text" "^fake line" "$TMP/out"
	hasnt "escapes as $dir: no faked line on stderr" "^fake line" "$TMP/err"
	has "escapes as $dir: module path escaped" 'example.com/m\\x1b' "$TMP/out"
	has "escapes as $dir: section name escaped" '\.text\\x1b' "$TMP/out"
	has "escapes as $dir: interpreter escaped" '/lib/ld\\x1b' "$TMP/out"
	diffx 0 "escapes as $dir, json" --format json "$@"
	no_raw "escapes as $dir, json" "$TMP/out" "$TMP/err"
done
# The saved error message of a report of a file that failed.
jq -c --arg e "$(printf '\033]0;pwned\007\nfake line')" '.error = {code: "io", message: ("gone" + $e)}' "$B" >"$TMP/err.json"
diffx 2 "saved error" "$TMP/err.json" "$FIX/go-static"
no_raw "saved error" "$TMP/out" "$TMP/err"
one_line "saved error" "$TMP/err"
# A schema_version that is a hostile string.
jq -c --arg e "$(printf '\033]0;pwned\007\nfake')" '.schema_version = $e' "$B" >"$TMP/sv.json"
diffx 2 "schema_version string" "$TMP/sv.json" "$FIX/go-static"
no_raw "schema_version string" "$TMP/out" "$TMP/err"
one_line "schema_version string" "$TMP/err"

echo "diff-hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
