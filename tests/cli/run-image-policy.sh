#!/bin/sh
# The [image] run-time keys of the policy (issue 14): user, tmpfs,
# read-only-root and env give the settings of --user, --tmpfs,
# --read-only-root and --env, and the flags win over them.  The truth is
# the same judgement made with the flags (inspect --image, scan of a
# root directory): go-probe in a root whose /tmp is 0755 is
# runtime.tmp_not_writable for user 65532 unless /tmp is a tmpfs.
# usage: sh tests/cli/run-image-policy.sh GOELF FIXTURES
# Prints `image-policy: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-imgpol.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }

R=$TMP/root
mkdir -p "$R/tmp" "$R/etc" "$R/app"
chmod 0755 "$R/tmp"
cp "$FIX/go-probe" "$R/app/probe"
printf '[image]\nuser = 65532\n' >"$TMP/user.ini"
printf '[image]\ntmpfs = /tmp, /run\n' >"$TMP/tmpfs.ini"
printf '[image]\nuser = 0\n' >"$TMP/root.ini"
printf '[image]\nread-only-root = true\nenv = TMPDIR=/nope, GODEBUG=x509sha1=1\n' >"$TMP/ro.ini"
printf '[image]\ntmpfs = tmp\n' >"$TMP/bad1.ini"
printf '[image]\nenv = NOEQUALS\n' >"$TMP/bad2.ini"
printf '[image]\nread-only-root = maybe\n' >"$TMP/bad3.ini"
printf '[image]\nusr = 1\n' >"$TMP/bad4.ini"

# ids POLICY ARGS...: the image target's reason ids of gate
ids() {
	pol=$1
	shift
	timeout 60 "$GOELF" gate --policy "$pol" -f json --image "$R" \
		--at /app/probe "$@" "$R/app/probe" 2>"$TMP/err" |
		jq -r '[.verdict.targets.image.reasons[].id] | join(" ")'
}
# sids POLICY ARGS...: the same from scan of the root
sids() {
	pol=$1
	shift
	timeout 60 "$GOELF" scan --root --policy "$pol" -q -f jsonl "$@" "$R" 2>"$TMP/err" |
		jq -r 'select(.path == "/app/probe") |
			[.verdict.targets.image.reasons[].id] | join(" ")'
}
tmpw() { case " $1 " in *" runtime.tmp_not_writable "*) echo yes ;; *) echo no ;; esac; }
printf '[gate]\n' >"$TMP/none.ini"

for f in ids sids; do

	flags_user=$($f "$TMP/none.ini" --user 65532)
	check "$f: truth: --user 65532 cannot write /tmp" yes "$(tmpw "$flags_user")"
	check "$f: [image] user = 65532 is --user 65532" "$flags_user" \
		"$($f "$TMP/user.ini")"
	flags_tmpfs=$($f "$TMP/none.ini" --user 65532 --tmpfs /tmp --tmpfs /run)
	check "$f: truth: --tmpfs /tmp makes it writable" no "$(tmpw "$flags_tmpfs")"
	check "$f: [image] tmpfs = /tmp, /run is --tmpfs" "$flags_tmpfs" \
		"$($f "$TMP/tmpfs.ini" --user 65532)"
	check "$f: --user wins over [image] user = 0" "$flags_user" \
		"$($f "$TMP/root.ini" --user 65532)"
	check "$f: [image] user = 0 is root (writes /tmp)" no \
		"$(tmpw "$($f "$TMP/root.ini")")"
	check "$f: read-only-root and env are the flags" \
		"$($f "$TMP/none.ini" --read-only-root --env TMPDIR=/nope --env GODEBUG=x509sha1=1)" \
		"$($f "$TMP/ro.ini")"
done
for b in bad1 bad2 bad3 bad4; do
	timeout 60 "$GOELF" scan --policy "$TMP/$b.ini" -q "$R" >/dev/null 2>"$TMP/err"
	check "$b: a bad [image] key is a usage error" 2 "$?"
done
grep -qF "user, tmpfs, read-only-root, env" "$TMP/err" && ok ||
	bad "unknown key message lists the run keys: $(cat "$TMP/err")"
echo "image-policy: $pass passed, $fail failed"
[ "$fail" = 0 ]
