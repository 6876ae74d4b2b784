#!/bin/sh
# docs/fleet.md: its jq queries ("# fleet-query: NAME" blocks, run as
# written) on the hand-written sample tests/data/fleet/ (one JSONL per
# image) against answers worked out by hand, and against the output
# block the doc shows after each; then on the real output of `goelf
# scan` of a small image tarball (they must run without a jq error).
# usage: sh tests/cli/run-fleet.sh GOELF FIXTURES (from the source tree)
# Prints `fleet: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
DOC=$(pwd)/docs/fleet.md
DATA=$(pwd)/tests/data/fleet
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-fleet.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
# query NAME: the sh block of the doc that starts with the marker.
query() {
	awk -v m="# fleet-query: $1" '
		$0 == m { on = 1; next }
		on && /^```/ { exit }
		on { print }' "$DOC"
}
# shown NAME: the output block the doc shows after that query.
shown() {
	awk -v m="# fleet-query: $1" '
		$0 == m { q = 1; next }
		q == 1 && /^```/ { q = 2; next }
		q == 2 && /^```$/ { q = 3; next }
		q == 3 && /^```/ { exit }
		q == 3 { print }' "$DOC"
}
run() { # run NAME DIR: the query in DIR (which holds scans/)
	query "$1" >"$TMP/$1.sh"
	(cd "$2" && sh "$TMP/$1.sh") 2>"$TMP/err"
}
D=$TMP/sample
mkdir -p "$D" && ln -s "$DATA" "$D/scans"
tab=$(printf '\t')

for q in entrypoints wasted; do
	check "doc has the $q query" yes "$([ -n "$(query $q)" ] && echo yes || echo no)"
done

# By hand: entrypoints that fail in their image (a failing library and a
# warning entrypoint are not listed; no reference: the object name).
want="docker.io/library/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef$tab/bin/tool
registry.example.com/shop/api:1.4$tab/app
scans/e2a95d07-noref.jsonl$tab/entry"
got=$(run entrypoints "$D")
check "entrypoints (exit)" 0 $?
check "entrypoints: no jq error" "" "$(cat "$TMP/err")"
check "entrypoints: the failing ones" "$want" "$got"
check "entrypoints: the doc shows this output" "$got" "$(shown entrypoints)"

# By hand: api:1.4 + api:1.5 = 1000 + 500; the port of localhost:5000 is
# not a tag; the digest is cut.
want="1500${tab}2${tab}registry.example.com/shop/api
300${tab}1${tab}scans/e2a95d07-noref.jsonl
42${tab}1${tab}localhost:5000/team/web
7${tab}1${tab}docker.io/library/tool"
got=$(run wasted "$D")
check "wasted (exit)" 0 $?
check "wasted: no jq error" "" "$(cat "$TMP/err")"
check "wasted: per repository" "$want" "$got"
check "wasted: the doc shows this output" "$got" "$(shown wasted)"

# Real output: an image whose entrypoint is dynamically linked.
L=$TMP/l
mkdir -p "$L/bin" "$TMP/i" "$TMP/real/scans"
cp "$FIX/go-cgo-dyn" "$L/bin/app"
tar -C "$L" -cf "$TMP/i/l1.tar" .
printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/bin/app"]},"rootfs":{"type":"layers","diff_ids":[]}}' >"$TMP/i/cfg.json"
printf '[{"Config":"cfg.json","RepoTags":["example/app:1"],"Layers":["l1.tar"]}]' >"$TMP/i/manifest.json"
tar -C "$TMP/i" -cf "$TMP/app.tar" manifest.json cfg.json l1.tar
"$GOELF" scan -q --compact -f jsonl "$TMP/app.tar" >"$TMP/real/scans/app.jsonl" 2>"$TMP/err"
check "scan of the image (exit)" 0 $?
check "scan output: a file and the image" 2 "$(wc -l <"$TMP/real/scans/app.jsonl" | tr -d ' ')"
for q in entrypoints wasted; do
	run "$q" "$TMP/real" >"$TMP/$q.out"
	check "$q on real scan output (exit)" 0 $?
	check "$q on real scan output: no jq error" "" "$(cat "$TMP/err")"
done
# The answers on the real image are known: /bin/app needs a loader the
# image does not have, and one layer wastes nothing.
check "entrypoints on real output" "example/app:1$tab/bin/app" "$(cat "$TMP/entrypoints.out")"
check "wasted on real output" "0${tab}1${tab}example/app" "$(cat "$TMP/wasted.out")"

echo "fleet: $pass passed, $fail failed"
[ "$fail" = 0 ]
