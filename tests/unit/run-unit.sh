#!/bin/sh
# run-unit.sh - run the cmocka unit test binaries.
#
#   sh tests/unit/run-unit.sh BUILDDIR TEST...
#
# Each TEST is run with GOELF_FIXTURES and GOELF_BAD exported (defaults:
# build/fixtures and build/bad; already-set values are kept).  With
# GOELF_VALGRIND set, each test runs under valgrind.  Prints one line per
# binary and ends with exactly "N passed, N failed"; exits 1 if any failed.

if [ $# -lt 1 ]; then
	echo "usage: sh tests/unit/run-unit.sh BUILDDIR TEST..." >&2
	exit 2
fi
builddir=$1
shift

GOELF_FIXTURES=${GOELF_FIXTURES:-build/fixtures}
GOELF_BAD=${GOELF_BAD:-build/bad}
export GOELF_FIXTURES GOELF_BAD

passed=0
failed=0
for t in "$@"; do
	case $t in
	*.c|*.o|*.d) continue ;; # stray globbed build files
	esac
	if [ ! -f "$t" ] || [ ! -x "$t" ]; then
		echo "FAIL $t (missing or not executable; BUILDDIR $builddir)"
		failed=$((failed + 1))
		continue
	fi
	if [ -n "${GOELF_VALGRIND:-}" ]; then
		valgrind --error-exitcode=1 --leak-check=full \
			--errors-for-leak-kinds=definite -q "$t"
	else
		"$t"
	fi
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "PASS $t"
		passed=$((passed + 1))
	else
		echo "FAIL $t (exit $rc)"
		failed=$((failed + 1))
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
exit 0
