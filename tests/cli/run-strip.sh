#!/bin/sh
# run-strip.sh - checks goelf's strip-savings model against the real GNU
# strip, and its DWARF compile-unit count against readelf.
#
#   sh tests/cli/run-strip.sh GOELF FIXTURES
#
# For every fixture with section headers: copy it to a temporary directory,
# run `strip --strip-all` and `strip --strip-debug` on copies, and compare
# the real sizes with goelf's predictions (debug.strip_savings in the
# JSON): the error must be within 1% of the file or 4 KiB, whichever is
# larger.  Fixtures the host strip cannot handle (foreign architectures
# without binutils-multiarch) are skipped and counted.  For fixtures with
# DWARF, `goelf inspect --dwarf` must report as many compile units as
# `readelf --debug-dump=info` shows "Compilation Unit @" lines.
# Ends with exactly "strip: N passed, N failed" (and exits 1 on failure).

if [ $# -ne 2 ]; then
	echo "usage: sh tests/cli/run-strip.sh GOELF FIXTURES" >&2
	exit 2
fi
GOELF=$1
FIX=$2
STRIP=${STRIP:-strip}
READELF=${READELF:-readelf}
passed=0
failed=0
skipped=0
maxerr=0

for tool in jq "$STRIP" "$READELF"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "run-strip.sh: $tool not found" >&2
		echo "strip: 0 passed, 1 failed"
		exit 1
	fi
done

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

ok() { passed=$((passed + 1)); }
bad() {
	echo "FAIL $*"
	failed=$((failed + 1))
}

# within REAL PRED SIZE: |REAL-PRED| <= max(SIZE/100, 4096)
within() {
	tol=$(($3 / 100))
	[ "$tol" -lt 4096 ] && tol=4096
	d=$(($1 - $2))
	[ "$d" -lt 0 ] && d=$((-d))
	[ "$d" -gt "$maxerr" ] && maxerr=$d
	[ "$d" -le "$tol" ]
}

for path in "$FIX"/*; do
	[ -f "$path" ] || continue
	name=$(basename "$path")
	json=$("$GOELF" inspect --format json "$path" 2>/dev/null) || {
		bad "$name: goelf inspect failed"
		continue
	}
	[ "$(printf '%s' "$json" | jq -r .elf.section_headers)" = true ] ||
		continue
	# DWARF compile units against readelf.
	if [ "$(printf '%s' "$json" | jq -r .debug.dwarf_present)" = true ]; then
		want=$("$READELF" --debug-dump=info "$path" 2>/dev/null |
			grep -c 'Compilation Unit @')
		got=$("$GOELF" inspect --dwarf --format json "$path" 2>/dev/null |
			jq -r '.debug.dwarf.compile_units // "none"')
		if [ "$want" = "$got" ]; then ok; else
			bad "$name: --dwarf reports $got compile units, readelf $want"
		fi
	fi

	size=$(printf '%s' "$json" | jq -r .elf.size)
	pall=$(printf '%s' "$json" | jq -r '.debug.strip_savings.strip_all_size // empty')
	pdbg=$(printf '%s' "$json" | jq -r '.debug.strip_savings.strip_debug_size // empty')
	if [ -z "$pall" ] || [ -z "$pdbg" ]; then
		bad "$name: no strip model"
		continue
	fi
	cp "$path" "$TMP/all" && cp "$path" "$TMP/dbg" || exit 1
	if ! "$STRIP" --strip-all "$TMP/all" 2>"$TMP/err" ||
		! "$STRIP" --strip-debug "$TMP/dbg" 2>>"$TMP/err"; then
		if grep -qi 'unable to recognise the format\|file format not recognized\|format is ambiguous' "$TMP/err"; then
			skipped=$((skipped + 1))
			continue
		fi
		bad "$name: $STRIP failed: $(head -1 "$TMP/err")"
		continue
	fi
	rall=$(wc -c <"$TMP/all")
	rdbg=$(wc -c <"$TMP/dbg")
	if within "$rall" "$pall" "$size"; then ok; else
		bad "$name: strip --strip-all gives $rall bytes, goelf predicted $pall"
	fi
	if within "$rdbg" "$pdbg" "$size"; then ok; else
		bad "$name: strip --strip-debug gives $rdbg bytes, goelf predicted $pdbg"
	fi
	[ -n "${GOELF_STRIP_VERBOSE:-}" ] &&
		echo "$name: size $size strip-all $rall (predicted $pall) strip-debug $rdbg (predicted $pdbg)"

done

echo "strip: max prediction error $maxerr bytes, $skipped fixtures skipped (host strip cannot read them)"
echo "strip: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
exit 0
