#!/bin/sh
# Correctness against independent tools (issue 12): truncated files,
# separate debug-info files, shared libraries, FORTIFY on static glibc.
# usage: sh tests/cli/run-correct.sh GOELF FIXTURES
# Prints `N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$1
FIX=$2
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-correct.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}

# --- a file cut short is an error, with the bytes it needs ----------------
# The end of the furthest section or segment, from readelf (decimal).
readelf_end() {
	{
		readelf -W -S "$1" 2>/dev/null | sed -n 's/^ *\[ *[0-9]*\] *//p' |
			awk '$2 != "NOBITS" && $2 != "NULL" { print $4, $5 }'
		readelf -W -l "$1" 2>/dev/null | awk '$1 == "LOAD" { print substr($2, 3), substr($5, 3) }'
		readelf -h "$1" | awk '/Start of section headers/ { o = $5 }
			/Size of section headers/ { s = $5 }
			/Number of section headers/ { n = $5 }
			END { printf "%x %x\n", o, s * n }'
	} | while read -r off size; do
		echo $((0x$off + 0x$size))
	done | sort -n | tail -1
}
for name in go-static go-cgo-dyn go-stripped go-static-glibc c-static; do
	src=$FIX/$name
	[ -f "$src" ] || { bad "fixture $name missing"; continue; }
	size=$(stat -c %s "$src")
	cut=$((size * 2 / 3))
	head -c "$cut" "$src" >"$TMP/$name"
	need=$(readelf_end "$src")
	"$GOELF" inspect "$TMP/$name" >"$TMP/out" 2>"$TMP/err"
	check "$name cut: exit" 2 $?
	check "$name cut: one stderr line" 1 "$(wc -l <"$TMP/err")"
	case $(cat "$TMP/err") in
	"goelf: $TMP/$name: truncated: "*" needs $need bytes, file has $cut") ok ;;
	*) bad "$name cut: stderr [$(cat "$TMP/err")], want ... needs $need bytes, file has $cut" ;;
	esac
	check "$name cut: no report" "" "$(cat "$TMP/out")"
	"$GOELF" gate --no-policy "$TMP/$name" >/dev/null 2>&1
	check "$name cut: gate exit" 2 $?
	check "$name cut: json error code" truncated \
		"$("$GOELF" inspect --format json "$TMP/$name" 2>/dev/null | jq -r .error.code)"
done
# Damage inside one table of a complete file stays a finding (exit 0).
"$GOELF" inspect "$FIX/go-noshdr" >/dev/null 2>&1
check "go-noshdr still analysed" 0 $?

# --- separate debug-info files are data -----------------------------------
for name in go-cgo-dyn.debug c-hello.debug; do
	f=$FIX/$name
	[ -f "$f" ] || { bad "fixture $name missing"; continue; }
	# readelf finds no interpreter name in it; file(1) says "interpreter *empty*".
	readelf -W -p .interp "$f" 2>&1 | grep -q "NOBITS\|no data" && ok ||
		readelf -W -l "$f" 2>&1 | grep -q "Unable to find program interpreter" && ok ||
		bad "$name: readelf sees an interpreter"
	"$GOELF" inspect --format json "$f" >"$TMP/j" 2>"$TMP/err"
	check "$name exit" 0 $?
	check "$name interpreter" null "$(jq -r .linking.interpreter "$TMP/j")"
	check "$name debug_only" true "$(jq -r .elf.debug_only "$TMP/j")"
	check "$name interp malformed" interp \
		"$(jq -r '[.findings[] | select(.id == "input.malformed") | .evidence[]] | map(select(. == "part=interp")) | .[0] | sub("part="; "")' "$TMP/j")"
	check "$name is data" elf.debug_only \
		"$(jq -r '.findings[].id' "$TMP/j" | grep -x elf.debug_only)"
	check "$name no program findings" "" \
		"$(jq -r '.findings[].id' "$TMP/j" | grep -E '^(hardening|libc|linkage|debug)\.')"
	check "$name fails no target" "" \
		"$(jq -r '.verdict.targets[] | select(.status != "ok") | .status' "$TMP/j")"
done
check "an executable is not debug_only" false \
	"$("$GOELF" inspect --format json "$FIX/go-cgo-dyn" | jq -r .elf.debug_only)"

# --- shared libraries are not executables ---------------------------------
f=$FIX/go-cshared.so
if [ -f "$f" ]; then
	# readelf: ELF type DYN, no PT_INTERP, no DF_1_PIE: a DSO.
	check "cshared readelf type" DYN "$(readelf -h "$f" | awk '/Type:/ { print $2 }')"
	check "cshared readelf no PIE flag" "" "$(readelf -d "$f" | grep 'FLAGS_1.*PIE')"
	"$GOELF" inspect --format json "$f" >"$TMP/j"
	check "cshared shared_library" true "$(jq -r .linking.shared_library "$TMP/j")"
	check "cshared no no_pie" "" "$(jq -r '.findings[].id' "$TMP/j" | grep -x hardening.no_pie)"
	jq -r '.findings[].message' "$TMP/j" >"$TMP/m"
	grep -q CGO_ENABLED=0 "$TMP/m" && bad "cshared: CGO_ENABLED=0 advice" || ok
	"$GOELF" inspect "$f" | grep -q '^  Hardening     PIE DSO,' && ok || bad "cshared: text not PIE DSO"
else
	bad "fixture go-cshared.so missing"
fi
check "a PIE executable is not a shared library" false \
	"$("$GOELF" inspect --format json "$FIX/go-pie" | jq -r .linking.shared_library)"
check "libc.so.6 is a shared library" true \
	"$("$GOELF" inspect --format json "$(readlink -f /lib/x86_64-linux-gnu/libc.so.6)" | jq -r .linking.shared_library)"

# --- FORTIFY on static glibc: the __*_chk of libc.a are no evidence --------
# checksec says no; goelf cannot tell without relocations: unknown.
for name in go-static-glibc c-static; do
	check "$name fortify unknown" null \
		"$("$GOELF" inspect --format json "$FIX/$name" | jq -r .hardening.fortify)"
	"$GOELF" inspect "$FIX/$name" | grep -q "FORTIFY unknown" && ok || bad "$name: text FORTIFY not unknown"
done


# --- libraries the table does not list are unknown, not missing -----------
# Truth from Debian's own package data on this (Debian 12) machine: a
# NEEDED library that a Priority: required package ships is in debian:12
# (debuerreotype's minbase image), so goelf must not say debian-12 lacks it.
for prog in /usr/bin/ls /bin/bash /usr/bin/grep /usr/bin/sed /usr/bin/dpkg /usr/bin/apt; do
	[ -f "$prog" ] || continue
	"$GOELF" inspect --format json --targets debian-12,ubuntu-24.04,distroless-cc "$prog" >"$TMP/j"
	for lib in $(jq -r '.linking.needed[]' "$TMP/j"); do
		file=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ { print $NF; exit }')
		[ -n "$file" ] || continue
		pkg=$(dpkg -S "$(readlink -f "$file")" 2>/dev/null | head -1 | cut -d: -f1)
		prio=$(dpkg-query -W -f='${Priority}' "$pkg" 2>/dev/null)
		[ "$prio" = required ] || continue
		check "$prog: debian-12 has $lib ($pkg, required)" "" \
			"$(jq -r --arg l "$lib" '.verdict.targets["debian-12"].reasons[] | select(.id == "target.library_missing" and (.message | contains($l))) | .id' "$TMP/j")"
	done
	check "$(basename "$prog") ok on debian-12" ok \
		"$(jq -r '.verdict.targets["debian-12"].status' "$TMP/j")"
	check "$(basename "$prog"): ubuntu-24.04 never says missing" "" \
		"$(jq -r '.verdict.targets["ubuntu-24.04"].reasons[].id' "$TMP/j" | grep -x target.library_missing)"
done
# The loader's own name as a NEEDED entry (libc.so.6 needs it).
libc=$(readlink -f /lib/x86_64-linux-gnu/libc.so.6)
"$GOELF" inspect --format json --targets debian-12,distroless-cc,ubuntu-24.04 "$libc" >"$TMP/j"
check "ld-linux-x86-64.so.2 is not missing" "" \
	"$(jq -r '.verdict.targets[].reasons[] | select(.message | contains("ld-linux-x86-64.so.2")) | .id' "$TMP/j")"
# A complete set still says missing for what it lacks: jq's libjq.so.1
# comes from libjq1, Priority optional, not in debian:12's minbase.
jqlib=$(dpkg -S "$(readlink -f "$(ldconfig -p | awk '$1 == "libjq.so.1" { print $NF; exit }')")" 2>/dev/null | cut -d: -f1)
check "libjq1 is not required" optional "$(dpkg-query -W -f='${Priority}' "$jqlib" 2>/dev/null)"
"$GOELF" inspect --format json --targets debian-12,ubuntu-24.04 "$(command -v jq)" >"$TMP/j"
check "debian-12 lacks libjq.so.1" fail \
	"$(jq -r '[.verdict.targets["debian-12"].reasons[] | select(.id == "target.library_missing" and (.message | contains("libjq.so.1")))][0].severity' "$TMP/j")"
check "ubuntu-24.04 does not know about libjq.so.1" target.library_unknown \
	"$(jq -r '[.verdict.targets["ubuntu-24.04"].reasons[] | select(.message | contains("libjq.so.1"))][0].id' "$TMP/j")"
check "partial sets say unknown" warn \
	"$("$GOELF" inspect --format json --targets alpine-3.22 "$FIX/go-musl-dyn" | jq -r '[.verdict.targets["alpine-3.22"].reasons[] | select(.id == "target.library_unknown" or .id == "target.library_missing") | .severity] | if length == 0 then "warn" else .[0] end')"

# --- platforms and the architectures each image is published for -----------
for p in windows/amd64 foo linux/nosucharch linux/arm/v9 darwin/arm64; do
	"$GOELF" inspect --platform "$p" "$FIX/go-static" >/dev/null 2>"$TMP/err"
	check "--platform $p rejected" 2 $?
	"$GOELF" gate --no-policy --platform "$p" "$FIX/go-static" >/dev/null 2>&1
	check "gate --platform $p rejected" 2 $?
done
for p in linux/arm/v7 linux/arm64/v8 arm64 linux/amd64; do
	"$GOELF" inspect --platform "$p" "$FIX/go-static" >/dev/null 2>&1
	check "--platform $p accepted" 0 $?
done
j=$("$GOELF" inspect --format json "$FIX/go-386")
check "386 not on distroless-static" target.arch_unsupported \
	"$(echo "$j" | jq -r '.verdict.targets["distroless-static"].reasons[].id' | grep -x target.arch_unsupported)"
check "386 on debian-12 is fine" "" \
	"$(echo "$j" | jq -r '.verdict.targets["debian-12"].reasons[].id' | grep -x target.arch_unsupported)"
check "ubi-9 arches unknown, said so" target.unknown_fact \
	"$(echo "$j" | jq -r '.verdict.targets["ubi-9"].reasons[] | select(.message | contains("architectures")) | .id')"
j=$("$GOELF" inspect --format json "$FIX/go-ppc64")
check "ppc64 big-endian runs on no published image but scratch" scratch \
	"$(echo "$j" | jq -r '[.verdict.targets | to_entries[] | select([.value.reasons[].id] | index("target.arch_unsupported") | not) | .key] | map(select(. != "ubi-8" and . != "ubi-9")) | join(",")')"

# --- no percentage over 100%, no row without a name -----------------------
BADDIR=${GOELF_BAD:-build/bad}
for f in "$FIX"/* "$BADDIR"/*; do
	[ -f "$f" ] || continue
	{ "$GOELF" inspect "$f"; "$GOELF" size --top 0 "$f"; } 2>/dev/null >"$TMP/t"
	over=$(grep -oE '[0-9]+(\.[0-9]+)?%' "$TMP/t" | tr -d % | awk '$1 > 100' | head -1)
	[ -z "$over" ] && ok || bad "$(basename "$f"): a share of $over%"
	# A section row starts with its name: never with bars, a size or blanks.
	awk '/^(Sections|  Debug and size)/ { s = 1; next } /^[A-Z]/ { s = 0 }
	     s && /^ +[#0-9]/ { print; exit 1 }' "$TMP/t" >/dev/null &&
		ok || bad "$(basename "$f"): a row without a name"
done

# --- --compact: the full record minus the long lists, nothing else --------
# The expected compact record is derived from the full one with jq.
to_compact='if .error != null then . else
  .compact = true
  | if (.size.sections // []) | length > 0 then .size.sections = [] | .size.sections_listed_all = false else . end
  | if (.size.packages // []) | length > 0 then .size.packages = [] | .size.packages_listed_all = false else . end
  | if (.debug.sections | length) > 0 then .debug.sections = [] | .debug.sections_listed_all = false else . end
  | .libc.versions |= map(if (.symbols | length) > 0 then .symbols = [] | .symbols_truncated = true else . end)
  | if .verdict.targets_selected then . else .verdict.targets |= map_values(.reasons = []) end
  end'
for name in go-static go-cgo-dyn go-static-glibc go-debug c-hello; do
	"$GOELF" inspect -f json "$FIX/$name" | jq -S -c "$to_compact" >"$TMP/want"
	"$GOELF" inspect -f json --compact "$FIX/$name" | jq -S -c . >"$TMP/got"
	cmp -s "$TMP/want" "$TMP/got" && ok || bad "$name: --compact is not the full record minus the lists"
done
"$GOELF" inspect -f json --compact --targets debian-12 "$FIX/go-cgo-dyn" >"$TMP/j"
check "--compact keeps selected targets' reasons" target.no_ca_certs \
	"$(jq -r '.verdict.targets["debian-12"].reasons[0].id' "$TMP/j")"
"$GOELF" gate --no-policy -f json --compact "$FIX/go-static" | jq -e '.compact == true' >/dev/null &&
	ok || bad "gate --compact"
full=$("$GOELF" scan -q -f jsonl "$FIX" | wc -c)
small=$("$GOELF" scan -q --compact -f jsonl "$FIX" | wc -c)
[ "$small" -lt $((full / 2)) ] && ok || bad "scan --compact: $small bytes of $full"
"$GOELF" scan -q --compact -f jsonl "$FIX" | jq -s -e 'map(select(.elf != null) | .compact) | all' >/dev/null &&
	ok || bad "scan --compact: a file record without compact"

echo "correct: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
