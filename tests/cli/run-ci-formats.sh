#!/bin/sh
# The CI and SBOM formats (issue 17, items 5 and 6): gate and scan --gate
# as GitLab Code Quality JSON and JUnit XML, inspect/scan/gate as
# CycloneDX 1.5; action.yml and ci/gitlab-goelf.yml run as CI runs them.
# Truth: go version -m and sha256 (python hashlib) for the SBOM, the
# official CycloneDX 1.5 schema (tests/schema/cyclonedx/), Python's XML
# and YAML parsers, and the gate's own JSON verdicts for what the
# documents must say (tests/tools/check-ci-formats.py).
# usage: sh tests/cli/run-ci-formats.sh GOELF FIXTURES
# Prints `ci-formats: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
CHK="$ROOT/tests/tools/check-ci-formats.py"
SCHEMA="$ROOT/tests/schema/cyclonedx"
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-ci.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
# py LABEL ARGS...: runs the checker, counts its ok/FAIL lines.
py() {
	label=$1
	shift
	"$PY" "$CHK" "$@" >"$TMP/py.out" 2>&1
	rc=$?
	n=$(grep -c '^ok ' "$TMP/py.out")
	pass=$((pass + n))
	if [ "$rc" != 0 ]; then
		nf=$(grep -c '^FAIL' "$TMP/py.out")
		[ "$nf" = 0 ] && nf=1
		fail=$((fail + nf))
		echo "FAIL: $label:"
		grep -v '^ok ' "$TMP/py.out" | head -20
	fi
}
run() { # run EXPECTED-EXIT LABEL OUT ARGS...: goelf ARGS > OUT
	want=$1 label=$2 out=$3
	shift 3
	(cd "$TMP" && "$GOELF" "$@") >"$out" 2>"$TMP/err"
	check "$label exit" "$want" $?
}

cp "$FIX/go-cgo-dyn" "$FIX/go-static" "$FIX/go-replace" "$FIX/go-minimal" \
	"$FIX/c-hello" "$TMP/"
cd "$TMP" || exit 2
FILES="go-cgo-dyn go-static go-replace go-minimal c-hello"
T=scratch,alpine:3.20

# --- gate --format codeclimate ------------------------------------------------
# shellcheck disable=SC2086
run 1 "gate codeclimate" cc1.json gate --no-policy --targets $T -f codeclimate $FILES
# shellcheck disable=SC2086
run 1 "gate codeclimate again" cc2.json gate --no-policy --targets $T -f codeclimate $FILES
# shellcheck disable=SC2086
run 1 "gate json" gate.jsonl gate --no-policy --targets $T -f json $FILES
py "codeclimate" codeclimate cc1.json cc2.json gate.jsonl
# fail-on warn: warnings become blockers; an allowlisted finding is info;
# a file that is not ELF is an error.blocker issue.
echo notelf >notelf
run 2 "gate codeclimate fail-on warn" cc3.json gate --no-policy --fail-on warn \
	--allow 'debug.*' -f codeclimate go-static go-minimal notelf
run 2 "gate json fail-on warn" gate3.jsonl gate --no-policy --fail-on warn \
	--allow 'debug.*' -f json go-static go-minimal notelf
py "codeclimate fail-on warn" codeclimate cc3.json cc3.json gate3.jsonl
check "codeclimate: allowlisted is info" "info" \
	"$(jq -r '[.[] | select(.check_name == "debug.sections_present")][0].severity' cc3.json)"
check "codeclimate: not ELF" "error.not_elf blocker notelf" \
	"$(jq -r '.[] | select(.check_name | startswith("error.")) | "\(.check_name) \(.severity) \(.location.path)"' cc3.json)"
# A renamed file keeps no fingerprint of the old name.
cp go-static go-static-2
run 0 "gate codeclimate renamed" cc4.json gate --no-policy -f codeclimate go-static-2
jq -r '.[].fingerprint' cc1.json >fp1
check "codeclimate: a different file, different fingerprints" "0" \
	"$(jq -r '.[].fingerprint' cc4.json | grep -c -Fx -f fp1)"

# --- gate --format junit --------------------------------------------------------
# shellcheck disable=SC2086
run 1 "gate junit" junit.xml gate --no-policy --targets $T -f junit $FILES
py "junit" junit junit.xml gate.jsonl gate
run 2 "gate junit with an error" junit3.xml gate --no-policy --fail-on warn \
	--allow 'debug.*' -f junit go-static go-minimal notelf
py "junit errors" junit junit3.xml gate3.jsonl gate
# Control bytes and markup in a path: still well-formed XML, shown as \xNN.
# shellcheck disable=SC1003
evil=$(printf 'a<b>&"\001\033[31m\302\205\377\\')
cp go-cgo-dyn "$evil"
run 1 "junit hostile name" junit4.xml gate --no-policy --targets scratch -f junit "$evil"
"$PY" -c 'import sys, xml.etree.ElementTree as E
c = E.parse(sys.argv[1]).getroot().find("testsuite/testcase")
print(c.get("name"))' junit4.xml >name.out 2>&1
check "junit: hostile name escaped visibly" 'a<b>&"\x01\x1b[31m\xc2\x85\xff\x5c' "$(cat name.out)"
run 1 "codeclimate hostile name" cc5.json gate --no-policy --targets scratch -f codeclimate "$evil"
check "codeclimate hostile name: valid JSON, U+FFFD for the bad byte" "True" \
	"$("$PY" -c 'import json, sys
print(json.load(open(sys.argv[1]))[0]["location"]["path"] == "a<b>&\"\x01\x1b[31m\x85\ufffd\\")' cc5.json)"
run 0 "cyclonedx hostile name" bom5.json inspect -f cyclonedx "$evil"
py "cyclonedx hostile name" cyclonedx bom5.json "$SCHEMA" --schema-only

# --- scan --gate --------------------------------------------------------------
mkdir tree
cp go-static go-replace c-hello tree/
run 1 "scan --gate codeclimate" scc.json scan --no-policy --gate --targets scratch -j 2 -f codeclimate tree
run 1 "scan --gate json" scan.jsonl scan --no-policy --gate --targets scratch -j 2 -f jsonl tree
py "scan codeclimate" codeclimate scc.json scc.json scan.jsonl
run 1 "scan --gate junit" sj.xml scan --no-policy --gate --targets scratch -j 2 -f junit tree
py "scan junit" junit sj.xml scan.jsonl scan
run 2 "scan codeclimate without --gate" out scan -f codeclimate tree
check "scan codeclimate without --gate: message" \
	"goelf scan: --format codeclimate needs --gate" "$(head -1 "$TMP/err")"

# --- the shared format check: other commands refuse them ----------------------
for c in "inspect -f codeclimate" "inspect -f junit" "size -f cyclonedx" \
	"targets -f junit" "diff -f codeclimate go-static"; do
	# shellcheck disable=SC2086
	run 2 "$c" out $c go-static
	check "$c: message" "unknown format" \
		"$(head -1 "$TMP/err" | grep -o 'unknown format')"
done

# --- cyclonedx ----------------------------------------------------------------
# shellcheck disable=SC2086
run 2 "inspect cyclonedx" bom1.json inspect -f cyclonedx $FILES notelf
# shellcheck disable=SC2086
py "inspect cyclonedx" cyclonedx bom1.json "$SCHEMA" $FILES
# shellcheck disable=SC2086
run 1 "gate cyclonedx" bom2.json gate --no-policy --targets $T -f cyclonedx $FILES
# shellcheck disable=SC2086
py "gate cyclonedx" cyclonedx bom2.json "$SCHEMA" $FILES
check "cyclonedx: a file's gate status" "fail" \
	"$(jq -r '.components[] | select(.name == "go-cgo-dyn") | .properties[] | select(.name == "goelf:status") | .value' bom2.json)"
SOURCE_DATE_EPOCH=86400 "$GOELF" inspect -f cyclonedx go-replace >t1.json
SOURCE_DATE_EPOCH=86400 "$GOELF" inspect -f cyclonedx go-replace >t2.json
check "cyclonedx: SOURCE_DATE_EPOCH timestamp" "1970-01-02T00:00:00Z" \
	"$(jq -r .metadata.timestamp t1.json)"
check "cyclonedx: reproducible" "$(cat t1.json)" "$(cat t2.json)"
check "cyclonedx: the replacement is the replacing module" \
	"example.com/b v1.0.0 example.com/a@v1.0.0" \
	"$(jq -r '.components[] | select(.name == "example.com/b") | "\(.name) \(.version) \(.properties[] | select(.name == "goelf:replaces") | .value)"' t1.json)"
run 0 "scan cyclonedx tree" bom3.json scan -j 2 -f cyclonedx tree
py "scan cyclonedx tree" cyclonedx bom3.json "$SCHEMA" tree/c-hello tree/go-replace tree/go-static

# An image (docker save): the image is the root component.
mkdir -p L/bin D
cp go-replace L/bin/rep
cp go-static L/bin/app
tar -C L -cf D/layer.tar .
cfg='{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":[]}}'
printf '%s' "$cfg" >D/cfg.json
printf '[{"Config":"cfg.json","RepoTags":["test/sbom:1"],"Layers":["layer.tar"]}]' >D/manifest.json
tar -C D -cf img.tar .
run 0 "scan cyclonedx image" bom4.json scan -j 2 -f cyclonedx img.tar
py "scan cyclonedx image" cyclonedx bom4.json "$SCHEMA" --image test/sbom:1
check "cyclonedx image: files carry goelf:image" "test/sbom:1 test/sbom:1" \
	"$(jq -r '[.components[] | select(.type == "file") | .properties[] | select(.name == "goelf:image") | .value] | join(" ")' bom4.json)"
check "cyclonedx image: in-image SHA-256" "$(sha256sum go-replace | cut -c1-64)" \
	"$(jq -r '.components[] | select(.name == "/bin/rep") | .hashes[0].content' bom4.json)"
run 1 "scan --gate junit image" ij.xml scan --no-policy --gate --fail-on warn -j 2 -f junit img.tar
check "junit image: the image is a testcase, its files IMAGE:PATH" \
	"test/sbom:1 test/sbom:1:/bin/app test/sbom:1:/bin/rep" \
	"$("$PY" -c 'import sys, xml.etree.ElementTree as E
print(" ".join(sorted(c.get("name") for c in E.parse(sys.argv[1]).getroot().iter("testcase"))))' ij.xml)"
run 1 "scan --gate codeclimate image" ic.json scan --no-policy --gate --fail-on warn -j 2 -f codeclimate img.tar
check "codeclimate image: root user is a blocker at the image" "blocker test/sbom:1" \
	"$(jq -r '.[] | select(.check_name == "image.user_root") | "\(.severity) \(.location.path)"' ic.json)"

# An image with a missing layer: an <error> named by the image's path, an
# error.io blocker in Code Quality, the readable files still in the SBOM.
printf '[{"Config":"cfg.json","RepoTags":["test/bad:1"],"Layers":["layer.tar","missing.tar"]}]' >D/manifest.json
tar -C D -cf bad.tar .
run 2 "scan --gate junit bad image" bj.xml scan --no-policy --gate -j 2 -f junit bad.tar
check "junit bad image: the error" "bad.tar io 1" \
	"$("$PY" -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
e = [c for c in r.iter("testcase") if c.find("error") is not None]
print(" ".join([e[0].get("name"), e[0].find("error").get("type"), r.get("errors")]))' bj.xml)"
run 2 "scan --gate codeclimate bad image" bc.json scan --no-policy --gate -j 2 -f codeclimate bad.tar
check "codeclimate bad image: error.io at the path" "blocker bad.tar" \
	"$(jq -r '.[] | select(.check_name == "error.io") | "\(.severity) \(.location.path)"' bc.json)"
run 2 "scan cyclonedx bad image" bb.json scan -j 2 -f cyclonedx bad.tar
check "cyclonedx bad image: the readable files" "/bin/app /bin/rep" \
	"$(jq -r '[.components[] | select(.type == "file") | .name] | sort | join(" ")' bb.json)"

# --- action.yml and ci/gitlab-goelf.yml, run as the CI would -------------------
mkdir act gl
cp go-cgo-dyn go-static act/
cp go-cgo-dyn go-static gl/
py "action.yml" action "$ROOT/action.yml" "$GOELF" "$TMP/act" scratch go-cgo-dyn go-static
py "action.yml passing" action "$ROOT/action.yml" "$GOELF" "$TMP/act" distroless-static go-static
py "gitlab template" gitlab "$ROOT/ci/gitlab-goelf.yml" "$GOELF" "$TMP/gl" scratch go-cgo-dyn go-static
py "gitlab template passing" gitlab "$ROOT/ci/gitlab-goelf.yml" "$GOELF" "$TMP/gl" distroless-static go-static

echo "ci-formats: $pass passed, $fail failed"
[ "$fail" = 0 ]
