#!/bin/sh
# Verdict and gate tests: per-target statuses on the fixtures, exit codes
# 0/1/2, policy files, allowlists, fail-on=warn, SARIF 2.1.0 fields.
# usage: sh tests/cli/run-gate.sh GOELF FIXTURES
# Prints `gate: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-gate.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
has() { # has LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no [$2] in output:"; head -20 "$3"; fi
}
gate() { # gate EXPECTED-EXIT LABEL ARGS...
	want=$1 label=$2
	shift 2
	(cd "$TMP" && "$GOELF" gate --no-policy "$@") >"$TMP/out" 2>"$TMP/err"
	check "$label exit" "$want" $?
}
target_status() { # target_status FIXTURE TARGET
	"$GOELF" inspect --format json "$FIX/$1" | jq -r ".verdict.targets[\"$2\"].status"
}

# --- per-target statuses (the issue's list) --------------------------------
while read -r fx target want; do
	check "$fx on $target" "$want" "$(target_status "$fx" "$target")"
done <<'TABLE'
go-minimal scratch ok
go-minimal distroless-static ok
go-minimal alpine-3.20 ok
go-minimal debian-12 ok
go-static distroless-static ok
go-static scratch warn
go-cgo-dyn scratch fail
go-cgo-dyn alpine-3.20 fail
go-cgo-dyn debian-11 fail
go-cgo-dyn ubuntu-20.04 fail
go-cgo-dyn debian-12 warn
go-cgo-dyn ubuntu-22.04 warn
go-cgo-dyn distroless-base-nossl ok
go-cgo-dyn amazonlinux-2023 ok
go-cgo-dyn distroless-static fail
go-cgo-dyn distroless-base ok
go-musl-dyn alpine-3.20 warn
go-musl-dyn alpine-3.18 warn
go-musl-dyn scratch fail
go-musl-dyn debian-12 fail
go-musl-dyn distroless-base fail
go-static-glibc scratch warn
go-static-glibc debian-12 warn
go-musl-static scratch warn
c-hello alpine-3.20 fail
c-hello debian-11 fail
c-hello debian-12 ok
TABLE
# The warnings above are the hello program's CA and tzdata needs only.
check "cgo on debian-12 warns only for CA" target.no_ca_certs \
	"$("$GOELF" inspect --format json "$FIX/go-cgo-dyn" | jq -r '[.verdict.targets["debian-12"].reasons[].id] | join(",")')"
check "musl on alpine warns only for tzdata" target.no_tzdata \
	"$("$GOELF" inspect --format json "$FIX/go-musl-dyn" | jq -r '[.verdict.targets["alpine-3.20"].reasons[].id] | join(",")')"
"$GOELF" inspect --format json "$FIX/go-cgo-dyn" >"$TMP/j"
jq -r '.verdict.targets["debian-11"].reasons[].message' "$TMP/j" >"$TMP/m"
has "debian-11 names the glibc floor" "needs glibc 2.34" "$TMP/m"
has "debian-11 names a symbol" "pthread_create@GLIBC_2.34" "$TMP/m"
check "glibc finding" glibc.min_version \
	"$(jq -r '.findings[].id' "$TMP/j" | grep -x glibc.min_version)"
jq -r '.findings[] | select(.id=="glibc.min_version") | .message' "$TMP/j" >"$TMP/m"
has "glibc finding names symbols" "GLIBC_2.34: " "$TMP/m"
"$GOELF" inspect --format json "$FIX/go-static-glibc" >"$TMP/j"
check "static glibc NSS finding" "warn" \
	"$(jq -r '.findings[] | select(.id=="libc.static_glibc_nss") | .severity' "$TMP/j")"
jq -r '.findings[] | select(.id=="libc.static_glibc_nss") | .message' "$TMP/j" >"$TMP/m"
has "NSS finding names getaddrinfo" getaddrinfo "$TMP/m"
"$GOELF" inspect --format json "$FIX/go-static" >"$TMP/j"
check "CA finding" go.ca_certs_needed \
	"$(jq -r '.findings[].id' "$TMP/j" | grep -x go.ca_certs_needed)"
check "CA finding says how" "decided_by=pclntab function crypto/x509.loadSystemRoots" \
	"$(jq -r '.findings[] | select(.id=="go.ca_certs_needed") | .evidence[0]' "$TMP/j")"
check "tzdata finding" go.tzdata_needed \
	"$(jq -r '.findings[].id' "$TMP/j" | grep -x go.tzdata_needed)"
check "minimal has no CA finding" "" \
	"$("$GOELF" inspect --format json "$FIX/go-minimal" | jq -r '.findings[].id' | grep -x go.ca_certs_needed)"
check "race finding" go.race \
	"$("$GOELF" inspect --format json "$FIX/go-race" | jq -r '.findings[].id' | grep -x go.race)"
check "toolchain finding" warn \
	"$("$GOELF" inspect --format json "$FIX/go-static" | jq -r '.findings[] | select(.id=="go.toolchain_unsupported") | .severity')"
check "inspect --targets narrows" '["alpine-3.20","scratch"]' \
	"$("$GOELF" inspect --format json --targets scratch,alpine:3.20 "$FIX/go-static" | jq -c '.verdict.targets | keys')"
"$GOELF" inspect --targets alpine:3.17 "$FIX/go-static" >/dev/null 2>"$TMP/err"
check "unknown target exit" 2 $?
has "unknown target lists known ones" "known targets: scratch distroless-static" "$TMP/err"

# --- gate exit codes -----------------------------------------------------------
# go-minimal warns only for its old Go and unstripped debug data.
OLD="--allow go.toolchain_unsupported --allow debug.*"
# shellcheck disable=SC2086
gate 0 "minimal on scratch" --targets scratch $OLD "$FIX/go-minimal"
has "pass line" "^PASS " "$TMP/out"
has "summary line" "^gate: 1 file: 1 passed" "$TMP/out"
gate 1 "cgo on scratch" --targets scratch "$FIX/go-cgo-dyn"
has "fail names the fix" "CGO_ENABLED=0" "$TMP/out"
gate 1 "cgo on alpine" --targets alpine:3.20 "$FIX/go-cgo-dyn"
gate 1 "cgo on debian 11" --targets debian:bullseye "$FIX/go-cgo-dyn"
has "gate names the symbols" "pthread_create@GLIBC_2.34" "$TMP/out"
gate 0 "cgo on bookworm" --targets debian:bookworm "$FIX/go-cgo-dyn"
gate 0 "musl on alpine" --targets alpine:3.20 "$FIX/go-musl-dyn"
gate 1 "musl on distroless base" --targets gcr.io/distroless/base-debian12 "$FIX/go-musl-dyn"
gate 0 "static warns only" --targets scratch "$FIX/go-static"
has "warn line" "^WARN " "$TMP/out"
gate 1 "fail-on warn" --targets scratch --fail-on warn "$FIX/go-static"
gate 1 "fail-on warn minimal (old Go)" --fail-on warn "$FIX/go-minimal"
gate 1 "allowlist one of two" --fail-on warn --allow go.toolchain_unsupported "$FIX/go-minimal"
gate 0 "allowlist" --fail-on warn --allow go.toolchain_unsupported --allow "debug.sections_present" "$FIX/go-minimal"
gate 0 "allowlist glob" --fail-on warn --allow "go.*:*/go-minimal" --allow "debug.*:*/go-minimal" "$FIX/go-minimal"
gate 1 "allowlist glob other path" --fail-on warn --allow "go.*:*/other" --allow "debug.*" "$FIX/go-minimal"
has "allowed shown as not counted" "gate: 1 file: 0 passed, 0 warned, 1 failed" "$TMP/out"
gate 0 "allow target reason" --targets scratch --allow "target.interpreter_missing" "$FIX/go-cgo-dyn"
gate 1 "max-glibc" --max-glibc 2.31 "$FIX/go-cgo-dyn"
has "max-glibc finding" "policy.max_glibc" "$TMP/out"
gate 0 "max-glibc ok" --max-glibc 2.36 "$FIX/go-cgo-dyn"
gate 1 "require static" --require static "$FIX/go-cgo-dyn"
gate 0 "require static ok" --require static "$FIX/go-minimal"
gate 1 "require no-cgo" --require no-cgo "$FIX/go-cgo-ext"
gate 1 "require trimpath" --require trimpath "$FIX/go-static"
gate 0 "require trimpath ok" --require trimpath "$FIX/go-minimal"
gate 1 "require stripped" --require stripped "$FIX/go-static"
gate 1 "min-go" --min-go 1.22 "$FIX/go-static"
gate 0 "min-go ok" --min-go 1.18 "$FIX/go-static"
gate 1 "max-debug-bytes" --max-debug-bytes 1KiB "$FIX/go-debug"
gate 1 "platform mismatch" --platform linux/arm64 --targets scratch "$FIX/go-minimal"
gate 0 "platform match" --platform linux/arm64 --targets scratch "$FIX/go-arm64"
gate 2 "missing file" "$TMP/nope"
gate 2 "missing file wins over fail" --targets scratch "$FIX/go-cgo-dyn" "$TMP/nope"
gate 2 "bad flag value" --fail-on sometimes "$FIX/go-minimal"
gate 2 "bad require" --require dynamic "$FIX/go-minimal"
gate 2 "unknown target" --targets alpine:3.17 "$FIX/go-minimal"
# JSON verdict and exit code agree.
for fx in go-minimal go-cgo-dyn go-static go-musl-dyn; do
	(cd "$TMP" && "$GOELF" gate --no-policy --targets scratch,alpine:3.20 \
		--format json "$FIX/$fx") >"$TMP/j"
	rc=$?
	want=$([ "$(jq -r .verdict.gate_failed "$TMP/j")" = true ] && echo 1 || echo 0)
	check "$fx json agrees with exit" "$want" "$rc"
done

# --- policy files ----------------------------------------------------------------
cat >"$TMP/.goelf.ini" <<'INI'
; CI gate policy
[gate]
targets = scratch, alpine:3.20
fail-on = fail
require = static

[allow]
go.toolchain_unsupported = *
INI
(cd "$TMP" && "$GOELF" gate "$FIX/go-minimal") >"$TMP/out" 2>&1
check "default .goelf.ini pass" 0 $?
has "policy named" "policy .goelf.ini" "$TMP/out"
(cd "$TMP" && "$GOELF" gate "$FIX/go-cgo-dyn") >"$TMP/out" 2>&1
check "default .goelf.ini fail" 1 $?
(cd "$TMP" && "$GOELF" gate --targets debian:bookworm --require trimpath "$FIX/go-cgo-dyn") >"$TMP/out" 2>&1
check "flags override file" 1 $?
has "flag require replaced file require" "policy.require_trimpath" "$TMP/out"
printf '[gate]\ntargets = scratch\nfail-onn = warn\n' >"$TMP/typo.ini"
"$GOELF" gate --policy "$TMP/typo.ini" "$FIX/go-minimal" >/dev/null 2>"$TMP/err"
check "typo key exit" 2 $?
has "typo key file:line" "typo.ini:3: unknown key 'fail-onn'" "$TMP/err"
printf '[gate]\ntargets = scratch\nthis is not ini\n' >"$TMP/broken.ini"
"$GOELF" gate --policy "$TMP/broken.ini" "$FIX/go-minimal" >/dev/null 2>"$TMP/err"
check "malformed policy exit" 2 $?
has "malformed policy file:line" "broken.ini:3:" "$TMP/err"
printf '[gate]\ntargets = alpine:3.17\n' >"$TMP/target.ini"
"$GOELF" gate --policy "$TMP/target.ini" "$FIX/go-minimal" >/dev/null 2>"$TMP/err"
check "unknown target in policy exit" 2 $?
has "unknown target lists known" "known targets:" "$TMP/err"
printf '[nonsense]\nx = 1\n' >"$TMP/sect.ini"
"$GOELF" gate --policy "$TMP/sect.ini" "$FIX/go-minimal" >/dev/null 2>"$TMP/err"
check "unknown section exit" 2 $?
"$GOELF" gate --policy "$TMP/absent.ini" "$FIX/go-minimal" >/dev/null 2>"$TMP/err"
check "missing policy exit" 2 $?

# --- SARIF 2.1.0 ---------------------------------------------------------------
(cd "$TMP" && "$GOELF" gate --no-policy --targets scratch --format sarif \
	"$FIX/go-cgo-dyn" "$FIX/go-minimal") >"$TMP/s"
check "sarif exit" 1 $?
check "sarif version" 2.1.0 "$(jq -r .version "$TMP/s")"
check "sarif schema" "https://json.schemastore.org/sarif-2.1.0.json" "$(jq -r '."$schema"' "$TMP/s")"
check "sarif one run" 1 "$(jq '.runs | length' "$TMP/s")"
check "sarif driver" goelf "$(jq -r '.runs[0].tool.driver.name' "$TMP/s")"
check "sarif rules have id+help" 0 \
	"$(jq '[.runs[0].tool.driver.rules[] | select((.id|type)!="string" or (.help.text|type)!="string" or (.shortDescription.text|type)!="string")] | length' "$TMP/s")"
check "sarif results have required fields" 0 \
	"$(jq '[.runs[0].results[] | select((.ruleId|type)!="string" or (.message.text|type)!="string" or ([.level]|inside(["note","warning","error"])|not) or (.locations[0].physicalLocation.artifactLocation.uri|type)!="string")] | length' "$TMP/s")"
check "sarif ruleIndex matches" 0 \
	"$(jq '.runs[0] as $r | [$r.results[] | select($r.tool.driver.rules[.ruleIndex].id != .ruleId)] | length' "$TMP/s")"
check "sarif has the scratch failure" error \
	"$(jq -r '[.runs[0].results[] | select(.ruleId=="target.interpreter_missing")][0].level' "$TMP/s")"
check "sarif execution ok" true "$(jq -r '.runs[0].invocations[0].executionSuccessful' "$TMP/s")"

echo "gate: $pass passed, $fail failed"
[ "$fail" = 0 ]
