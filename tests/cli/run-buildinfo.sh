#!/bin/sh
# goelf buildinfo as a drop-in for go version -m: every case is compared
# byte for byte (stdout and stderr) with the real `go version -m` run in
# the same directory, except where man/goelf.1 lists a difference, and
# then goelf's documented behaviour and exit status are checked.
# usage: sh tests/cli/run-buildinfo.sh GOELF FIXTURES
# Prints `N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$1
FIX=$2
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-buildinfo.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
case $GOELF in /*) ;; *) GOELF=$(pwd)/$GOELF ;; esac
case $FIX in /*) ;; *) FIX=$(pwd)/$FIX ;; esac
unset GOFLAGS

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}
finish() {
	echo "buildinfo: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

if ! command -v go >/dev/null; then
	echo "SKIP: go not installed (Debian package golang-go)"
	finish
fi
for f in go-static go-minimal go-replace c-hello go-cshared.so \
	go-cgo-dyn.debug; do
	[ -f "$FIX/$f" ] || bad "fixture $f missing (run make fixtures)"
done
[ "$fail" = 0 ] || finish

# same LABEL WANT-RC ARGS...: in $TMP, `go version ARGS` and `goelf
# buildinfo ARGS` print the same bytes on stdout and on stderr, and goelf
# exits WANT-RC.
same() {
	label=$1 want=$2
	shift 2
	(cd "$TMP" && go version "$@" >go.out 2>go.err)
	(cd "$TMP" && "$GOELF" buildinfo "$@" >ge.out 2>ge.err)
	rc=$?
	if cmp -s "$TMP/go.out" "$TMP/ge.out"; then ok; else
		bad "$label: stdout differs from go version $*"
		diff -u "$TMP/go.out" "$TMP/ge.out" | head -12
	fi
	if cmp -s "$TMP/go.err" "$TMP/ge.err"; then ok; else
		bad "$label: stderr differs from go version $*"
		diff -u "$TMP/go.err" "$TMP/ge.err" | head -12
	fi
	check "$label exit" "$want" "$rc"
}

# The tree: Go and non-Go executables, files without an x bit, a nested
# directory, symlinks to a file inside, to a directory, to nothing, and
# one to a file outside the tree (not executable, so go prints nothing
# for it without -v either).
mkdir -p "$TMP/tree/sub/deeper" "$TMP/tree/empty" "$TMP/outside"
cp "$FIX/go-static" "$TMP/tree/go-static"
cp "$FIX/c-hello" "$TMP/tree/c-hello"
cp "$FIX/go-minimal" "$TMP/tree/B-upper-sorts-first"
cp "$FIX/go-replace" "$TMP/tree/sub/deeper/go-replace"
cp "$FIX/go-cshared.so" "$TMP/tree/sub/go-cshared.so"
cp "$FIX/go-cgo-dyn.debug" "$TMP/tree/sub/go-cgo-dyn.debug"
chmod 755 "$TMP/tree/sub/go-cgo-dyn.debug"
cp "$FIX/go-minimal" "$TMP/tree/sub/not-exec"
chmod 644 "$TMP/tree/sub/not-exec"
printf 'x\n' >"$TMP/tree/sub/short"
chmod 755 "$TMP/tree/sub/short"
printf 'plain text\n' >"$TMP/tree/sub/text.txt"
ln -s deeper/go-replace "$TMP/tree/sub/link-in"
ln -s deeper "$TMP/tree/sub/link-dir"
ln -s nowhere "$TMP/tree/sub/link-broken"
cp "$FIX/go-minimal" "$TMP/outside/not-exec"
chmod 644 "$TMP/outside/not-exec"
ln -s ../outside/not-exec "$TMP/tree/link-out"

# Named files: a Go executable, a non-Go one, a library without an x bit,
# a separate debug file (go: EOF), one with replacements.
chmod 755 "$TMP/tree/sub/go-cgo-dyn.debug"
same "files" 1 -m "$FIX/go-static" "$FIX/c-hello" "$FIX/go-cshared.so" \
	"$TMP/tree/sub/go-cgo-dyn.debug" "$FIX/go-replace"
same "one file" 0 -m "$FIX/go-replace"
# -m is optional for goelf; with -m the output is go's.
same "-m" 0 -m tree/go-static
# A missing file: "stat FILE: no such file or directory"; goelf exits 2.
same "missing" 2 -m "$TMP/missing"
same "missing relative" 2 -m missing tree/go-static
same "not a directory" 2 -m tree/go-static/x
# The directory walk, as given and in other spellings of the same path.
same "dir" 0 -m tree
same "dir ./ //" 0 -m ./tree// tree/sub/../sub
same "dir absolute" 0 -m "$TMP/tree/sub"
same "empty dir" 0 -m tree/empty
# -v: each skipped file in the walk is named, with go's reason.
same "-v dir" 1 -m -v tree/sub
same "-v file" 0 -v -m tree/go-static
# --: what follows is a file, even when it looks like an option.
cp "$FIX/go-minimal" "$TMP/-v"
same "--" 0 -m -- -v
same "-- then dir" 0 -m -- tree/sub/deeper

# -v over the whole tree: go's output except for the symlink out of the
# tree, which goelf does not follow (documented difference).
(cd "$TMP" && go version -m -v tree >go.out 2>go.err)
(cd "$TMP" && "$GOELF" buildinfo -m -v tree >ge.out 2>ge.err)
check "-v tree exit" 1 $?
sed 's|^tree/link-out: not executable file$|tree/link-out: symlink to a file outside tree, not followed (goelf)|' \
	"$TMP/go.err" >"$TMP/want.err"
if cmp -s "$TMP/go.out" "$TMP/ge.out" && cmp -s "$TMP/want.err" "$TMP/ge.err"
then ok; else
	bad "-v tree: differs from go version -m -v (but for link-out)"
	diff -u "$TMP/want.err" "$TMP/ge.err" | head -12
fi
grep -q '^tree/link-out: not executable file$' "$TMP/go.err" && ok ||
	bad "-v tree: go does not report link-out as expected"

# A symlink out of the tree to a Go executable: go follows it, goelf not.
mkdir -p "$TMP/tree2"
ln -s "$FIX/go-static" "$TMP/tree2/out"
(cd "$TMP" && "$GOELF" buildinfo tree2 >ge.out 2>ge.err)
check "symlink out exit" 0 $?
check "symlink out stdout" "" "$(cat "$TMP/ge.out")"
check "symlink out stderr" "" "$(cat "$TMP/ge.err")"
(cd "$TMP" && go version -m tree2 >go.out 2>&1)
check "symlink out: go follows it" "tree2/out: go1" \
	"$(head -1 "$TMP/go.out" | cut -c1-14)"
check "symlink out -v" \
	"tree2/out: symlink to a file outside tree2, not followed (goelf)" \
	"$(cd "$TMP" && "$GOELF" buildinfo -v tree2 2>&1 >/dev/null)"

# Mach-O and PE: headers made here (never committed), executable bits
# set.  goelf reads ELF only and says so, exit 1, named or in a walk.
mkdir -p "$TMP/other"
printf '\317\372\355\376\007\000\000\001\003\000\000\000\002\000\000\000' \
	>"$TMP/other/macho64"
printf '\000%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 >>"$TMP/other/macho64"
printf '\376\355\372\316\000\000\000\007\000\000\000\003\000\000\000\002' \
	>"$TMP/other/macho32be"
printf 'MZ\220\000\003\000\000\000\004\000\000\000\377\377\000\000' \
	>"$TMP/other/pe.exe"
printf '\000%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 >>"$TMP/other/pe.exe"
chmod 755 "$TMP/other/macho64" "$TMP/other/macho32be" "$TMP/other/pe.exe"
for f in macho64:Mach-O macho32be:Mach-O pe.exe:PE; do
	name=${f%%:*} kind=${f#*:}
	out=$(cd "$TMP" && "$GOELF" buildinfo -m "other/$name" 2>&1)
	check "$name exit" 1 $?
	check "$name message" \
		"other/$name: not an ELF file: $kind (goelf buildinfo reads ELF only)" \
		"$out"
done
out=$(cd "$TMP" && "$GOELF" buildinfo other 2>&1)
check "Mach-O/PE in a walk exit" 1 $?
check "Mach-O/PE in a walk" "other/macho32be: not an ELF file: Mach-O (goelf buildinfo reads ELF only)
other/macho64: not an ELF file: Mach-O (goelf buildinfo reads ELF only)
other/pe.exe: not an ELF file: PE (goelf buildinfo reads ELF only)" "$out"

# Usage: no FILE and an unknown option are usage errors (exit 2).
"$GOELF" buildinfo >/dev/null 2>&1
check "no FILE exit" 2 $?
"$GOELF" buildinfo -x "$FIX/go-static" >/dev/null 2>&1
check "unknown option exit" 2 $?
"$GOELF" buildinfo --help >"$TMP/help"
check "--help exit" 0 $?
grep -q 'outside that directory' "$TMP/help" && ok || bad "--help lacks the symlink rule"
finish
