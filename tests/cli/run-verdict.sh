#!/bin/sh
# Issue 12 items 8, 9, 12-15: the verdict agrees with what is shown,
# gate says which targets it checked, every target reason is shown,
# allowlisted findings stay visible (text and SARIF), the options agree
# across commands (goelf targets, goelf help, image references), and
# diff shows target changes and fails on new findings from a severity.
# Every check names its item: [8] ... [15].
# usage: sh tests/cli/run-verdict.sh GOELF FIXTURES
# Prints `verdict: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-verdict.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
has() { # has LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no [$2] in output:"; head -5 "$3"; fi
}
hasnt() { # hasnt LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then bad "$1: [$2] in output"; else ok; fi
}
run() { # run EXPECTED-EXIT LABEL ARGS... (in $TMP, output in out/err)
	want=$1 label=$2
	shift 2
	(cd "$TMP" && "$GOELF" "$@") >"$TMP/out" 2>"$TMP/err"
	check "$label exit" "$want" $?
}

# A FreeBSD binary: go-minimal with EI_OSABI (byte 7) set to 9.
cp "$FIX/go-minimal" "$TMP/fbsd"
printf '\011' | dd of="$TMP/fbsd" bs=1 seek=7 conv=notrunc 2>/dev/null

# --- [8] the verdict agrees with what is shown ------------------------------
run 0 "[8] freebsd inspect" inspect fbsd
has "[8] freebsd answer line" "Targets .*runs on: none; fails on: every target" "$TMP/out"
has "[8] freebsd verdict labelled" "Verdict .*(findings only; no target selected)" "$TMP/out"
run 0 "[8] cgo inspect" inspect "$FIX/go-cgo-dyn"
has "[8] cgo answer names a failing family" "fails on: scratch, distroless-static, alpine-\*" "$TMP/out"
has "[8] cgo answer names where it runs" "runs on: distroless-base-nossl" "$TMP/out"
has "[8] cgo verdict labelled" "Verdict  *warn (findings only; no target selected)" "$TMP/out"
run 0 "[8] selected inspect" inspect --targets scratch "$FIX/go-cgo-dyn"
has "[8] selected target counts" "Verdict  *fail$" "$TMP/out"
hasnt "[8] selected: no findings-only label" "findings only" "$TMP/out"
"$GOELF" inspect -f json "$FIX/go-cgo-dyn" >"$TMP/j"
check "[8] json targets_selected false" false "$(jq -r '.verdict.targets_selected' "$TMP/j")"
check "[8] json fails_on has scratch" true "$(jq -r '.verdict.fails_on | index("scratch") != null' "$TMP/j")"
check "[8] json runs_on has distroless-base" true "$(jq -r '.verdict.runs_on | index("distroless-base") != null' "$TMP/j")"
check "[8] json warns_on has debian-12" true "$(jq -r '.verdict.warns_on | index("debian-12") != null' "$TMP/j")"
"$GOELF" inspect -f json --targets debian-12 "$FIX/go-cgo-dyn" >"$TMP/j"
check "[8] json targets_selected true" true "$(jq -r '.verdict.targets_selected' "$TMP/j")"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
tr '\n' ' ' <"$TOP/README.md" >"$TMP/readme"
tr '\n' ' ' <"$TOP/man/goelf.1" >"$TMP/man"
has "[8] README defines the verdict" "is the worst of the findings and of the \*selected\* targets" "$TMP/readme"
has "[8] man page defines the verdict" "worst of its findings and of the .Em selected targets" "$TMP/man"
has "[8] man page labels findings only" "findings only; no target selected" "$TMP/man"

# --- [9] gate says what it checked; --platform alone checks the arch ---------
run 0 "[9] gate no target" gate --no-policy "$FIX/go-cgo-dyn"
has "[9] gate says no target" "no target selected: findings only" "$TMP/out"
run 0 "[9] gate with targets" gate --no-policy --targets debian-12,distroless-base "$FIX/go-cgo-dyn"
has "[9] gate names the targets" "targets checked: debian-12, distroless-base" "$TMP/out"
run 1 "[9] gate --platform alone" gate --no-policy --platform linux/arm64 "$FIX/go-static"
has "[9] arch finding" "fail policy.arch_mismatch: built for amd64, the platform is linux/arm64" "$TMP/out"
run 0 "[9] gate --platform matching" gate --no-policy --platform linux/amd64 "$FIX/go-minimal"
run 1 "[9] inspect json --platform" gate --no-policy -f json --arch arm64 "$FIX/go-minimal"
check "[9] json arch finding" fail "$(jq -r '.findings[] | select(.id=="policy.arch_mismatch") | .severity' "$TMP/out")"
printf 'not elf\n' >"$TMP/junk"
run 2 "[9] fail + not analysed is 2" gate --no-policy --targets scratch "$FIX/go-cgo-dyn" junk
has "[9] both counted" "1 failed, 1 not analysed" "$TMP/out"
"$GOELF" gate --help >"$TMP/h"
has "[9] --help documents 2 over 1" "2$" "$TMP/h"
has "[9] --help: 2 wins" "wins when some files failed" "$TMP/h"
has "[9] man: 2 wins" "some files failed (1) and others could not be analysed (2), the exit status is 2" "$TMP/man"
has "[9] README: 2 wins" "some files fail the gate (1) and others cannot be analysed (2), the exit status is 2" "$TMP/readme"

# --- [12] every reason per target; ok with unknown facts says so -------------
run 0 "[12] cgo inspect" inspect "$FIX/go-cgo-dyn"
grep -A2 '^    ubuntu-20.04 ' "$TMP/out" >"$TMP/u"
has "[12] second reason of ubuntu-20.04 shown" "warn: loads system root certificates" "$TMP/u"
has "[12] third reason of ubuntu-20.04 shown" "warn: loads named time zones" "$TMP/u"
has "[12] ok with unknown fact" "^    ubi-9  *ok    unconfirmed: " "$TMP/out"
has "[12] ok: every unconfirmed fact" "^  *unconfirmed: loads system root certificates; whether ubi-9" "$TMP/out"
n_json=$("$GOELF" inspect -f json "$FIX/go-cgo-dyn" | jq '[.verdict.targets[].reasons[]] | length')
n_text=$(awk '/^  Targets/{t=1;next} /^  Verdict/{t=0} t && NF' "$TMP/out" | grep -vc ' ok  *$')
check "[12] text shows as many reasons as JSON" "$n_json" "$n_text"

# --- [13] allowed findings stay visible --------------------------------------
run 0 "[13] gate allow" gate --no-policy --allow go.toolchain_unsupported "$FIX/go-static"
has "[13] gate marks allowed" "go.toolchain_unsupported: .*(allowed)" "$TMP/out"
run 0 "[13] inspect allow" inspect "$FIX/go-static"
run 0 "[13] sarif allow" gate --no-policy -f sarif --allow go.toolchain_unsupported "$FIX/go-static"
check "[13] sarif carries the allowed result" 1 \
	"$(jq '[.runs[0].results[] | select(.ruleId=="go.toolchain_unsupported")] | length' "$TMP/out")"
check "[13] sarif suppression kind" external \
	"$(jq -r '.runs[0].results[] | select(.ruleId=="go.toolchain_unsupported") | .suppressions[0].kind' "$TMP/out")"
check "[13] sarif suppression justified" true \
	"$(jq -r '.runs[0].results[] | select(.ruleId=="go.toolchain_unsupported") | .suppressions[0].justification | length > 0' "$TMP/out")"
check "[13] unallowed has no suppression" null \
	"$(jq -r '[.runs[0].results[] | select(.ruleId=="debug.sections_present")][0].suppressions' "$TMP/out")"
run 0 "[13] gate allowed target reason" gate --no-policy --targets debian-12 --allow target.no_ca_certs "$FIX/go-cgo-dyn"
has "[13] allowed target reason shown" "target.no_ca_certs on debian-12: .*(allowed)" "$TMP/out"

# --- [14] options agree; goelf targets; goelf help; image references ---------
printf '[gate]\nmax-growth = 10%%\n' >"$TMP/g.ini"
run 2 "[14] max-growth in [gate] is an error" gate --policy g.ini "$FIX/go-minimal"
has "[14] names [diff]" "max-growth is a key of \[diff\]" "$TMP/err"
"$GOELF" gate --help >"$TMP/h"
for opt in --policy --no-policy --targets --fail-on --max-glibc --require \
	--max-debug-bytes --min-go --allow --platform --arch --format --dwarf \
	--color --quiet --help; do
	has "[14] gate --help lists $opt" "$opt" "$TMP/h"
done
head -6 "$TMP/h" | tr -d '\n' >"$TMP/u"
for opt in --policy --no-policy --targets --fail-on --max-glibc --require \
	--max-debug-bytes --min-go --allow --platform --arch -f --dwarf --color -q; do
	has "[14] gate usage line lists $opt" "$opt" "$TMP/u"
done
"$GOELF" inspect --help | sed "/^$/q" | tr -d '\n' >"$TMP/u"
for opt in -f --targets --platform --arch --dwarf --color; do
	has "[14] inspect usage line lists $opt" "$opt" "$TMP/u"
done
"$GOELF" size --help | head -2 | tr -d '\n' >"$TMP/u"
for opt in --top -f --color --ascii; do
	has "[14] size usage line lists $opt" "$opt" "$TMP/u"
done
"$GOELF" diff --help | head -3 | tr -d '\n' >"$TMP/u"
for opt in --max-growth --fail-on-new-finding --fail-on-glibc-raise --policy --no-policy -f --color; do
	has "[14] diff usage line lists $opt" "$opt" "$TMP/u"
done
for c in inspect gate size diff; do
	run 2 "[14] $c -f bogus" "$c" -f bogus "$FIX/go-minimal" "$FIX/go-minimal"
	has "[14] $c names the formats" "unknown format 'bogus'" "$TMP/err"
done
run 0 "[14] size -f jsonl" size -f jsonl "$FIX/go-minimal"
run 0 "[14] inspect -f jsonl" inspect -f jsonl "$FIX/go-minimal"
run 0 "[14] diff -f jsonl" diff --no-policy -f jsonl "$FIX/go-minimal" "$FIX/go-minimal"
run 0 "[14] goelf targets" targets
has "[14] targets lists debian-12" "^debian-12$" "$TMP/out"
has "[14] targets shows the source" "source .*repo-info repos/debian/local/12.md" "$TMP/out"
has "[14] targets shows the libraries" "libraries .*libc.so.6" "$TMP/out"
run 0 "[14] goelf targets json" targets --format json
check "[14] targets json has every target" "$("$GOELF" inspect -f json "$FIX/go-minimal" | jq '.verdict.targets | length')" \
	"$(jq '.targets | length' "$TMP/out")"
check "[14] targets json facts" "glibc 2.36" \
	"$(jq -r '.targets[] | select(.name=="debian-12") | "\(.libc) \(.libc_version)"' "$TMP/out")"
run 0 "[14] goelf help" help
has "[14] help lists the commands" "targets" "$TMP/out"
run 0 "[14] goelf help gate" help gate
has "[14] help gate is gate --help" "usage: goelf gate" "$TMP/out"
run 2 "[14] goelf help nosuch" help nosuch
while read -r ref want; do
	got=$("$GOELF" inspect -f json --targets "$ref" "$FIX/go-minimal" 2>/dev/null |
		jq -r '.verdict.targets | keys | join(",")')
	check "[14] $ref resolves" "$want" "$got"
done <<'REFS'
debian:12.5 debian-12
debian:12.5-slim debian-12
alpine:3.20.3 alpine-3.20
gcr.io/distroless/static-debian12:debug-nonroot distroless-static
gcr.io/distroless/base-debian12:latest distroless-base
gcr.io/distroless/cc-debian12:nonroot-arm64 distroless-cc
cc-debian12 distroless-cc
distroless/base-nossl-debian12 distroless-base-nossl
REFS
run 2 "[14] alpine:3.17.1 stays unknown" inspect --targets alpine:3.17.1 "$FIX/go-minimal"

# --- [15] diff: target changes, one warning, new findings by severity --------
run 0 "[15] diff static -> dynamic" diff --no-policy "$FIX/go-static" "$FIX/go-cgo-dyn"
has "[15] linking change" "linking.kind: static -> dynamic" "$TMP/out"
has "[15] target change" "target distroless-static: ok -> fail" "$TMP/out"
"$GOELF" diff --no-policy -f json "$FIX/go-static" "$FIX/go-cgo-dyn" >"$TMP/j"
check "[15] json target change" "warn fail" \
	"$(jq -r '.targets[] | select(.target=="scratch") | "\(.old) \(.new)"' "$TMP/j")"
run 0 "[15] diff across arches" diff --no-policy "$FIX/go-minimal" "$FIX/go-arm64"
check "[15] arch warning once on stderr" 1 "$(grep -c 'comparing amd64 with arm64' "$TMP/err")"
hasnt "[15] arch warning not in the body" "comparing amd64 with arm64" "$TMP/out"
# go-static -> go-cgo-dyn brings new info findings only; go-stripped ->
# go-static a new warn (and info) and no new fail.
sevs() { "$GOELF" diff --no-policy -f json "$FIX/$1" "$FIX/$2" | jq -r '[.findings.new[].severity] | unique | join(",")'; }
check "[15] info-only pair" info "$(sevs go-static go-cgo-dyn)"
check "[15] warn pair" info,warn "$(sevs go-stripped go-static)"
run 0 "[15] plain flag ignores new info" diff --no-policy --fail-on-new-finding "$FIX/go-static" "$FIX/go-cgo-dyn"
run 1 "[15] plain flag fails on new warn" diff --no-policy --fail-on-new-finding "$FIX/go-stripped" "$FIX/go-static"
has "[15] threshold names the severity" "severity warn or above" "$TMP/out"
run 1 "[15] =warn fails on new warn" diff --no-policy --fail-on-new-finding=warn "$FIX/go-stripped" "$FIX/go-static"
run 0 "[15] =fail passes without a new fail" diff --no-policy --fail-on-new-finding=fail "$FIX/go-stripped" "$FIX/go-static"
run 1 "[15] =info fails on new info" diff --no-policy --fail-on-new-finding=info "$FIX/go-static" "$FIX/go-cgo-dyn"
run 2 "[15] =bogus is usage" diff --no-policy --fail-on-new-finding=bogus "$FIX/go-static" "$FIX/go-cgo-dyn"
for v in fail:0 warn:1 info:1 true:1 false:0; do
	printf '[diff]\nfail-on-new-finding = %s\n' "${v%:*}" >"$TMP/d.ini"
	run "${v#*:}" "[15] policy fail-on-new-finding = ${v%:*}" diff --policy d.ini "$FIX/go-stripped" "$FIX/go-static"
done

echo "verdict: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
