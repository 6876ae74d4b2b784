#!/bin/sh
# The JSON contract: every JSON document the CLI tests made (saved by
# tests/tools/goelf-json-log.sh in LOGDIR) validates against its schema
# (docs/report-schema.json, diff-schema.json, size-schema.json; SARIF
# against the structural subset tests/tools/sarif-subset-schema.json),
# and so do a scan of the real /usr/bin and /usr/lib/x86_64-linux-gnu,
# and a report, a size and a diff record of each
# fixture.  The validator is checked to reject broken documents first.
# usage: sh tests/cli/run-json.sh GOELF FIXTURES LOGDIR
# Needs Debian's python3 and python3-jsonschema (scripts/deps.sh).
# Prints `json: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
LOG=$3
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
VALIDATE="$PY -I $TOP/tests/tools/validate-json.py --schemas $TOP/docs"
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-json.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
has() { # has LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no [$2] in:"; head -20 "$3"; fi
}
validate() { # validate EXPECTED-EXIT LABEL ARGS...; output in $TMP/v
	want=$1 label=$2
	shift 2
	# shellcheck disable=SC2086
	$VALIDATE "$@" >"$TMP/v" 2>&1
	rc=$?
	check "$label exit" "$want" "$rc"
	[ "$rc" = "$want" ] || head -20 "$TMP/v"
}

if ! "$PY" -I -c 'import jsonschema' 2>/dev/null; then
	echo "FAIL: $PY has no jsonschema module: apt-get install python3-jsonschema (scripts/deps.sh)"
	echo "json: 0 passed, 1 failed"
	exit 1
fi

# --- the validator rejects what it should ------------------------------------
"$GOELF" inspect --format json "$FIX/go-static" "$FIX/c-hello" >"$TMP/report.jsonl"
validate 0 "two good reports" --kind report "$TMP/report.jsonl"
has "two good reports: count" "json: 2 documents valid, 0 invalid" "$TMP/v"
# line 2 broken in three ways: a wrong type, an unknown key, a bad enum
{
	head -1 "$TMP/report.jsonl"
	tail -1 "$TMP/report.jsonl" |
		jq -c '.elf.size = "big" | .surprise = 1 | .linking.kind = "odd"'
	echo '{"truncated": '
} >"$TMP/report.jsonl.bad"
validate 1 "broken reports" --kind report "$TMP/report.jsonl.bad"
has "broken: file:line and pointer" "report.jsonl.bad:2: /elf/size: 'big' is not of type 'integer'" "$TMP/v"
has "broken: unknown key" "report.jsonl.bad:2: .*surprise" "$TMP/v"
has "broken: enum" "report.jsonl.bad:2: /linking/kind: 'odd' is not one of" "$TMP/v"
has "broken: not JSON" "report.jsonl.bad:3: not JSON" "$TMP/v"
has "broken: counts" "json: 1 documents valid, 2 invalid" "$TMP/v"
"$GOELF" size --format json "$FIX/go-static" | jq -c '.size.classes.text = -1' >"$TMP/size.bad"
validate 1 "size: the report's size object is checked" --kind size "$TMP/size.bad"
has "size: minimum" "/size/classes/text: -1 is less than the minimum of 0" "$TMP/v"
"$GOELF" diff --format json "$FIX/go-static" "$FIX/go-cgo-dyn" |
	jq -c '.deps[0] = {"path": "x", "change": "moved", "old": null, "new": null}' >"$TMP/diff.bad"
validate 1 "diff: a bad change" --kind diff "$TMP/diff.bad"
has "diff: enum" "/deps/0/change: 'moved' is not one of" "$TMP/v"
echo '{"version": "2.0.0", "runs": []}' >"$TMP/sarif.bad"
validate 1 "sarif: version" --kind sarif "$TMP/sarif.bad"
has "sarif: version named" "/version: '2.1.0' was expected" "$TMP/v"
mkdir "$TMP/unknown"
echo '{}' >"$TMP/unknown/other.abc"
validate 1 "a JSON output without a schema" "$TMP/unknown"
has "no schema named" "no schema for output of kind 'other'" "$TMP/v"

# --- every fixture: report, size, diff ----------------------------------------
mkdir "$TMP/fx"
: >"$TMP/fx/report.jsonl"
: >"$TMP/fx/size.jsonl"
: >"$TMP/fx/diff.jsonl"
for path in "$FIX"/*; do
	[ -f "$path" ] || continue
	"$GOELF" inspect --dwarf --format json "$path" >>"$TMP/fx/report.jsonl" 2>/dev/null
	"$GOELF" size --format json "$path" >>"$TMP/fx/size.jsonl" 2>/dev/null
	"$GOELF" diff --format json "$FIX/go-static" "$path" >>"$TMP/fx/diff.jsonl" 2>/dev/null
done
validate 0 "fixtures: reports, sizes, diffs" "$TMP/fx"
grep "^json:" "$TMP/v"

# (tests/golden/*.json are reports without their size key, so they are
# not goelf output; run-cli.sh's runs that make them are in LOGDIR.)

# --- a real tree ------------------------------------------------------------------
# Every record type of a scan of the system: file reports of programs and
# libraries, link records, error records.  Bounded by timeout.
for d in /usr/bin /usr/lib/x86_64-linux-gnu; do
	[ -d "$d" ] || continue
	timeout 300 "$GOELF" scan --no-policy -q -f jsonl "$d" >"$TMP/real.jsonl" 2>/dev/null
	rc=$?
	case $rc in 0 | 1 | 2) ok ;; *) bad "scan $d: exit $rc" ;; esac
	validate 0 "scan $d" --kind report "$TMP/real.jsonl"
	echo "json: scan $d: $(tail -1 "$TMP/v" | sed 's/^json: //')"
done

# --- everything the CLI tests wrote -----------------------------------------------
if [ -d "$LOG" ]; then
	validate 0 "CLI test outputs" "$LOG"
	grep "^json:" "$TMP/v"
	for kind in report diff size sarif; do
		grep -q "^json: $kind: [1-9]" "$TMP/v" && ok ||
			bad "no $kind document in the CLI test outputs ($LOG)"
	done
else
	bad "no JSON log $LOG: run make check-cli (GOELF_JSON_LOG)"
fi

echo "json: $pass passed, $fail failed"
[ "$fail" = 0 ]
