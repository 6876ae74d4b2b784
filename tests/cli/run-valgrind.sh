#!/bin/sh
# The CLI under valgrind memcheck on every fixture and crafted bad file:
# inspect (text and JSON, with --dwarf), gate and buildinfo.
# usage: sh tests/cli/run-valgrind.sh "VALGRIND CMD" GOELF FIXTURES BADDIR
set -u
VG=$1
GOELF=$2
FIX=$3
BAD=$4
pass=0
fail=0
for f in "$FIX"/* "$BAD"/*; do
	[ -f "$f" ] || continue
	for args in "inspect --dwarf --format json" "inspect" \
		"gate --no-policy --targets all --format sarif" "buildinfo"; do
		# shellcheck disable=SC2086
		$VG "$GOELF" $args "$f" >/dev/null 2>/tmp/goelf-vg.$$
		rc=$?
		# The DWARF walk's forked child is checked too: its reports
		# appear in the output, not in our exit status.
		if [ "$rc" = 99 ] || grep -qE 'Invalid (read|write|free)|definitely lost in|uninitialised|Conditional jump|Mismatched|Syscall param|overlap' /tmp/goelf-vg.$$; then
			fail=$((fail + 1))
			echo "FAIL: valgrind $args $f"
			head -30 /tmp/goelf-vg.$$
		else
			pass=$((pass + 1))
		fi
	done
done
rm -f /tmp/goelf-vg.$$
echo "valgrind: $pass passed, $fail failed"
[ "$fail" = 0 ]
