#!/bin/sh
# make install / make uninstall (issue 17 item 1): with DESTDIR and the
# directory variables the install puts exactly the six files in place
# (program, man page, bash completion, goelf.h, libgoelf.a, goelf.pc)
# with their modes and contents, goelf.pc names the prefix and not
# DESTDIR, `pkg-config --static --libs goelf` links and runs a program,
# and uninstall removes exactly those files.  Then the installed bash
# completion, run in bash, against each command's --help, `goelf
# targets -f json`, and goelf itself accepting every value it offers.
# usage: sh tests/cli/run-install.sh MAKE BUILD-DIR (from the source tree)
# Prints `install: N passed, N failed` last; exits 1 when anything failed.
set -u
MAKE=$1
O=$2
GOELF=$(pwd)/$O/goelf
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-install.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
files() { (cd "$1" && find . -type f -printf '%m %p\n' | sort -k2 | tr '\n' ' '); }

# --- staged install: DESTDIR and every directory variable --------------------
D=$TMP/stage
vars="PREFIX=/opt/goelf BINDIR=/opt/goelf/sbin LIBDIR=/opt/goelf/lib64
INCLUDEDIR=/opt/goelf/inc DATAROOTDIR=/opt/goelf/data MANDIR=/opt/goelf/man"
# shellcheck disable=SC2086
$MAKE --no-print-directory install O="$O" DESTDIR="$D" $vars >"$TMP/log" 2>&1
check "staged install (exit)" 0 $?
check "staged install: the six files, their modes" \
	"644 ./opt/goelf/data/bash-completion/completions/goelf 644 ./opt/goelf/inc/goelf.h 644 ./opt/goelf/lib64/libgoelf.a 644 ./opt/goelf/lib64/pkgconfig/goelf.pc 644 ./opt/goelf/man/man1/goelf.1 755 ./opt/goelf/sbin/goelf " \
	"$(files "$D")"
P=$D/opt/goelf
for pair in "sbin/goelf $O/goelf" "man/man1/goelf.1 man/goelf.1" \
	"inc/goelf.h include/goelf.h" "lib64/libgoelf.a $O/libgoelf.a" \
	"data/bash-completion/completions/goelf contrib/bash-completion/goelf"; do
	set -- $pair
	if cmp -s "$P/$1" "$2"; then ok; else bad "installed $1 differs from $2"; fi
done
pc=$P/lib64/pkgconfig/goelf.pc
check "goelf.pc prefix (no DESTDIR)" "prefix=/opt/goelf" "$(grep '^prefix=' "$pc")"
check "goelf.pc libdir" "/opt/goelf/lib64" \
	"$(PKG_CONFIG_SYSROOT_DIR='' pkg-config --variable=libdir "$pc")"
check "goelf.pc includedir" "/opt/goelf/inc" "$(pkg-config --variable=includedir "$pc")"
check "goelf.pc version = GOELF_VERSION" \
	"$(sed -n 's/^#define GOELF_VERSION "\(.*\)"/\1/p' include/goelf.h)" \
	"$(pkg-config --modversion "$pc")"
check "goelf.pc Requires.private" "libelf jansson libarchive inih nettle" \
	"$(sed -n 's/^Requires.private: //p' "$pc")"
check "goelf.pc: no @VAR@ left" 0 "$(grep -c '@' "$pc")"
# Uninstall removes exactly the six: a file beside them stays.
echo keep >"$P/sbin/other"
# shellcheck disable=SC2086
$MAKE --no-print-directory uninstall O="$O" DESTDIR="$D" $vars >"$TMP/log" 2>&1
check "uninstall (exit)" 0 $?
check "uninstall removed exactly the six" "644 ./opt/goelf/sbin/other " "$(files "$D")"

# --- a real prefix: pkg-config --static --libs links a program ---------------
R=$TMP/prefix
$MAKE --no-print-directory install O="$O" PREFIX="$R" >"$TMP/log" 2>&1
check "install PREFIX=tmp (exit)" 0 $?
check "default layout" \
	"755 ./bin/goelf 644 ./include/goelf.h 644 ./lib/libgoelf.a 644 ./lib/pkgconfig/goelf.pc 644 ./share/bash-completion/completions/goelf 644 ./share/man/man1/goelf.1 " \
	"$(files "$R")"
cat >"$TMP/t.c" <<'EOF'
#include <goelf.h>
#include <stdio.h>
int
main(int argc, char **argv)
{
	struct goelf_report *r = goelf_report_open(argv[argc - 1], NULL);
	printf("%s %s\n", GOELF_VERSION,
	       goelf_link_kind_name(goelf_report_link_kind(r)));
	goelf_report_free(r);
	return 0;
}
EOF
export PKG_CONFIG_PATH="$R/lib/pkgconfig"
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -Wall -o "$TMP/t" "$TMP/t.c" $(pkg-config --cflags goelf) \
	$(pkg-config --static --libs goelf) >"$TMP/log" 2>&1
check "cc ... \$(pkg-config --static --libs goelf) (exit)" 0 $?
check "the program runs" "0.1.0 static" "$("$TMP/t" /bin/sh 2>&1 | sed 's/ dynamic$/ static/')"
check "the program's kind of /bin/sh agrees with readelf" \
	"$(readelf -lW /bin/sh | grep -q 'program interpreter' && echo dynamic || echo static)" \
	"$("$TMP/t" /bin/sh | cut -d' ' -f2)"
unset PKG_CONFIG_PATH

# --- the installed bash completion -------------------------------------------
COMP=$R/share/bash-completion/completions/goelf
cat >"$TMP/comp.bash" <<EOF
. "$COMP"
# comp WORD...: what <TAB> after the words offers (the last is the
# word being completed), one line, sorted.
comp() {
	COMP_WORDS=("\$@")
	COMP_CWORD=\$((\$# - 1))
	_goelf
	[ \${#COMPREPLY[@]} = 0 ] || printf "%s\\n" "\${COMPREPLY[@]}" | sort | tr "\\n" " "
}
cmd=\$1
shift
"\$cmd" "\$@"
EOF
comp() { bash "$TMP/comp.bash" comp "$GOELF" "$@"; }
check "completion: registered for goelf" "complete -F _goelf goelf" \
	"$(bash -c ". '$COMP'; complete -p goelf")"
check "completion: the commands" "buildinfo diff gate help inspect scan size targets " "$(comp "")"
check "completion: help CMD" "gate " "$(comp help ga)"
check "completion: global options" "--help --version " "$(comp --)"
for c in inspect buildinfo gate scan size diff targets; do
	# Every option spelt on an option line of the help (grep, not the
	# completion's awk), and nothing else.
	"$GOELF" "$c" --help >"$TMP/help" 2>&1
	want=$({ sed -n '1,/^$/p' "$TMP/help"; grep -E '^[[:space:]]+--?[A-Za-z]' "$TMP/help"; } |
		grep -oE -- '(^|[][ ,|])--?[A-Za-z][-A-Za-z]*' | sed 's/^[][ ,|]//' |
		sort -u | tr '\n' ' ')
	check "completion: options of $c" "$want" "$(comp "$c" -)"
done
check "completion: --targets = goelf targets -f json, and all" \
	"$({ "$GOELF" targets -f json | jq -r '.targets[].name'; echo all; } | sort | tr '\n' ' ')" \
	"$(comp gate --targets "")"
check "completion: --targets after a comma" "scratch,alpine-3.20 scratch,alpine-3.21 scratch,alpine-3.22 " \
	"$(comp scan --targets scratch,alpine-3.2)"
check "completion: --format=VALUE" "sarif " "$(comp gate --format = sa)"
got=$(comp inspect -f "")
check "completion: inspect formats (text, json, jsonl; no sarif)" "json jsonl text -" \
	"$(for f in $got; do case $f in json | jsonl | text) echo "$f" ;; sarif) echo sarif ;; esac; done | sort | tr '\n' ' ')-"
check "completion: a value to type (-j N)" "" "$(comp scan -j "")"
check "completion: a value to type (--max-glibc V)" "" "$(comp gate --max-glibc "")"
check "completion: file names" "$(ls -d build/fixtures/go-cgo* | sort | tr '\n' ' ')" \
	"$(comp inspect build/fixtures/go-cgo)"
# goelf accepts every value the completion offers (exit 0 or 1, never
# the usage error 2).
for c in inspect gate scan size diff targets; do
	for f in $(comp "$c" -f ""); do
		case $c in
		diff) set -- build/fixtures/go-static build/fixtures/go-static ;;
		targets) set -- ;;
		*) set -- build/fixtures/go-static ;;
		esac
		# scan's CI formats report a gate: they take --gate
		case $c/$f in
		scan/codeclimate | scan/junit) set -- --gate "$@" ;;
		esac
		"$GOELF" "$c" -f "$f" "$@" >/dev/null 2>&1
		rc=$?
		check "goelf $c -f $f accepted" yes "$([ "$rc" -le 1 ] && echo yes || echo "no ($rc)")"
	done
done
for opt in --require --color --fail-on --platform --targets; do
	for v in $(comp gate "$opt" ""); do
		"$GOELF" gate --no-policy "$opt" "$v" build/fixtures/go-static >/dev/null 2>&1
		rc=$?
		check "goelf gate $opt $v accepted" yes "$([ "$rc" -le 1 ] && echo yes || echo "no ($rc)")"
	done
done
$MAKE --no-print-directory uninstall O="$O" PREFIX="$R" >"$TMP/log" 2>&1
check "uninstall PREFIX=tmp leaves no file" "" "$(files "$R")"

echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
