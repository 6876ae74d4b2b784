#!/bin/sh
# Stripped twins: what goelf says about a fixture must hold for the same
# program after GNU strip --strip-all (FIX/strip/NAME) and when rebuilt
# with -ldflags="-s -w" (FIX/sw/NAME), except the debug and symbol-table
# findings themselves.  Where stripping removed the evidence, the twin
# must say unknown (null), never the opposite answer.
# usage: sh tests/cli/run-twins.sh GOELF FIXTURES
# Prints `N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$1
FIX=$2
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-twins.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}

# The facts and findings that must survive, as one line per key.
summary() { # summary REPORT.json
	jq -r '
	  "ids " + ([.findings[].id | select(startswith("debug.") | not)]
		    | unique | join(",")),
	  "kind " + .linking.kind, "pie " + (.linking.pie | tostring),
	  "libc " + .libc.family, "is_go " + (.is_go | tostring),
	  "go " + (.go.version // "null"), "cgo " + (.go.cgo | tostring),
	  "min_glibc " + (.libc.min_glibc // "null"),
	  "targets " + ([.verdict.targets | to_entries[]
			 | .key + "=" + .value.status] | join(","))' "$1"
}

ntwins=0
for kind in strip sw; do
	for twin in "$FIX/$kind"/*; do
		[ -f "$twin" ] || continue
		name=$(basename "$twin")
		orig=$FIX/$name
		[ -f "$orig" ] || { bad "$kind/$name: no original"; continue; }
		ntwins=$((ntwins + 1))
		"$GOELF" inspect --format json "$orig" >"$TMP/a.json" 2>&1 ||
			{ bad "$name: inspect failed"; continue; }
		"$GOELF" inspect --format json "$twin" >"$TMP/b.json" 2>&1 ||
			{ bad "$kind/$name: inspect failed"; continue; }
		summary "$TMP/a.json" >"$TMP/a.sum"
		summary "$TMP/b.json" >"$TMP/b.sum"
		if diff "$TMP/a.sum" "$TMP/b.sum" >"$TMP/d"; then ok; else
			bad "$kind/$name differs from $name:"
			sed 's/^/    /' "$TMP/d"
		fi
		# Hardening answers the twin has lost must read unknown.
		for key in stack_canary fortify; do
			a=$(jq -r ".hardening.$key | tostring" "$TMP/a.json")
			b=$(jq -r ".hardening.$key | tostring" "$TMP/b.json")
			if [ "$a" = "$b" ] || [ "$b" = null ]; then ok; else
				bad "$kind/$name: $key $a became $b (must be $a or unknown)"
			fi
		done
	done
done
# Every fixture of this machine's architecture has a strip twin, every
# go-built fixture a -s -w twin (fixtures/build.sh).
[ "$ntwins" -ge 30 ] && ok || bad "only $ntwins twins found (run make fixtures)"
echo "twins: $ntwins twins"
echo "twins: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
