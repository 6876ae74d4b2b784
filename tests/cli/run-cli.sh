#!/bin/sh
# CLI tests: bad inputs, cross-checks against readelf, expected
# classifications per fixture, and golden outputs.
# usage: sh tests/cli/run-cli.sh GOELF FIXTURES BADDIR
# Prints `N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$1
FIX=$2
BAD=$3
GOLDEN=$(dirname "$0")/../golden
pass=0
fail=0
skipped=0
TMP=$(mktemp -d /tmp/goelf-cli.XXXXXX)
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}
need_fixture() {
	[ -f "$FIX/$1" ] && return 0
	bad "fixture $1 missing (run make fixtures)"
	return 1
}

# --- 1. bad inputs: one line on stderr naming the file, exit 2 ------------
expect_error() { # expect_error LABEL PATH
	out=$(timeout 10 "$GOELF" inspect "$2" 2>"$TMP/err" </dev/null)
	rc=$?
	lines=$(wc -l <"$TMP/err")
	check "$1 exit" 2 "$rc"
	check "$1 stderr lines" 1 "$lines"
	case $(cat "$TMP/err") in
	"goelf: $2: "*) ok ;;
	*) bad "$1: stderr [$(cat "$TMP/err")]" ;;
	esac
	[ -z "$out" ] && ok || bad "$1: text output on error"
}
for f in empty three-bytes text truncated-ehdr bad-class bad-data \
	bad-version phoff-beyond-eof phoff-beyond-eof-32 shoff-beyond-eof \
	shoff-overflow shnum-absurd shnum-xindex phentsize-wrong \
	shentsize-wrong truncated-phdrs truncated-shdrs phnum-xnum; do
	expect_error "bad/$f" "$BAD/$f"
done
mkdir "$TMP/dir"
mkfifo "$TMP/fifo"
ln -s "$TMP/nowhere" "$TMP/dangling"
ln -s "$TMP/loop1" "$TMP/loop2"
ln -s "$TMP/loop2" "$TMP/loop1"
expect_error directory "$TMP/dir"
expect_error fifo "$TMP/fifo"
expect_error dev-zero /dev/zero
expect_error dangling-symlink "$TMP/dangling"
expect_error symlink-loop "$TMP/loop1"
expect_error missing "$TMP/missing"
# An unreadable file: root reads anything, so drop to nobody when root.
cp "$GOELF" "$TMP/goelf-copy"
printf '\177ELF' >"$TMP/unreadable"
chmod 000 "$TMP/unreadable"
chmod 755 "$TMP"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TMP/goelf-copy" inspect "$TMP/unreadable" 2>"$TMP/err" >/dev/null
	rc=$?
else
	"$TMP/goelf-copy" inspect "$TMP/unreadable" 2>"$TMP/err" >/dev/null
	rc=$?
fi
check "unreadable exit" 2 "$rc"
grep -q "^goelf: $TMP/unreadable: Permission denied$" "$TMP/err" && ok ||
	bad "unreadable: stderr [$(cat "$TMP/err")]"

# Damage inside tables is a finding, not an error: exit 0, report out.
for f in "$BAD"/*; do
	name=$(basename "$f")
	timeout 10 "$GOELF" inspect --format json "$f" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	case $rc in
	0 | 2) ok ;;
	*) bad "bad/$name: exit $rc (crash?)" ;;
	esac
	jq -e . "$TMP/out" >/dev/null 2>&1 && ok || bad "bad/$name: invalid JSON"
done
# Several files: errors do not stop the others.
"$GOELF" inspect --format json "$BAD/empty" "$FIX/go-static" "$TMP/dir" \
	>"$TMP/out" 2>"$TMP/err"
check "mixed exit" 2 $?
check "mixed stderr lines" 2 "$(wc -l <"$TMP/err")"
check "mixed records" 3 "$(wc -l <"$TMP/out")"
check "mixed error code" not_elf "$(jq -r 'select(.error) | .error.code' "$TMP/out" | head -1)"
"$GOELF" inspect --format yaml "$FIX/go-static" 2>/dev/null
check "bad format exit" 2 $?
"$GOELF" inspect 2>/dev/null
check "no file exit" 2 $?
"$GOELF" --help >/dev/null
check "help exit" 0 $?
"$GOELF" --version | grep -q '^goelf ' && ok || bad "--version"

# --- 2. cross-check with readelf on every fixture ----------------------------
readelf_interp() {
	readelf -W -l "$1" 2>/dev/null |
		sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p'
}
readelf_needed() {
	readelf -W -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | sort
}
readelf_versions() {
	readelf -W -V "$1" 2>/dev/null | awk '
		/^Version needs section/ { inneed = 1; next }
		/^Version .* section/ { inneed = 0 }
		inneed && /File:/ { for (i = 1; i <= NF; i++) if ($i == "File:") file = $(i + 1) }
		inneed && /Name:/ { for (i = 1; i <= NF; i++) if ($i == "Name:") print file " " $(i + 1) }' |
		sort
}
readelf_definitions() {
	readelf -W -V "$1" 2>/dev/null | awk '
		/Rev: / && !/Flags: BASE/ { for (i = 1; i <= NF; i++) if ($i == "Name:") print $(i + 1) }'
}
readelf_versym() {
	readelf -W --dyn-syms "$1" 2>/dev/null |
		awk '$7 == "UND" && $8 ~ /@/ && $8 !~ /@@/ { print $8 }' | sort -u
}
for path in "$FIX"/*; do
	[ -f "$path" ] || continue
	name=$(basename "$path")
	ref=$path
	# go-noshdr is go-cgo-dyn with its section headers removed: readelf
	# needs the section headers for -V, so compare with the original.
	[ "$name" = go-noshdr ] && ref=$FIX/go-cgo-dyn
	"$GOELF" inspect --format json "$path" >"$TMP/j" 2>"$TMP/err" ||
		{ bad "$name: inspect failed: $(cat "$TMP/err")"; continue; }
	check "$name interpreter" "$(readelf_interp "$path")" \
		"$(jq -r '.linking.interpreter // empty' "$TMP/j")"
	check "$name needed" "$(readelf_needed "$path")" \
		"$(jq -r '.linking.needed[]' "$TMP/j" | sort)"
	check "$name versions" "$(readelf_versions "$ref")" \
		"$(jq -r '.libc.versions[] | "\(.library) \(.version)"' "$TMP/j" | sort)"
	check "$name definitions" "$(readelf_definitions "$ref")" \
		"$(jq -r '.libc.definitions[]' "$TMP/j")"
	check "$name versioned symbols" "$(readelf_versym "$ref")" \
		"$(jq -r '.libc.versions[] | .version as $v | .symbols[] | "\(.)@\($v)"' "$TMP/j" | sort -u)"
	want=$(readelf_versions "$ref" | sed -n 's/.* GLIBC_\([0-9][0-9.]*\)$/\1/p' | sort -V | tail -1)
	check "$name min_glibc" "$want" "$(jq -r '.libc.min_glibc // empty' "$TMP/j")"
	hdr=$(readelf -h "$path")
	cls=$(echo "$hdr" | sed -n 's/.*Class: *ELF\([0-9]*\)/\1/p')
	check "$name class" "$cls" "$(jq -r .elf.class "$TMP/j")"
	case $(echo "$hdr" | grep 'Data:') in
	*little*) e=little ;; *big*) e=big ;; *) e=? ;;
	esac
	check "$name endian" "$e" "$(jq -r .elf.endian "$TMP/j")"
done

# Libraries define versions: libc.definitions in table order.
for path in /lib/x86_64-linux-gnu/libc.so.6 /lib/x86_64-linux-gnu/libm.so.6 \
	/lib/x86_64-linux-gnu/libpthread.so.0; do
	[ -f "$path" ] || continue
	"$GOELF" inspect --format json "$path" >"$TMP/j" 2>/dev/null
	check "$path definitions" "$(readelf_definitions "$path")" \
		"$(jq -r '.libc.definitions[]' "$TMP/j")"
done

# --- 3. expected classification per fixture ---------------------------------
# name kind libc pie arch is_go
while read -r name kind libc pie arch isgo; do
	need_fixture "$name" || continue
	"$GOELF" inspect --format json "$FIX/$name" >"$TMP/j" 2>/dev/null
	check "$name kind" "$kind" "$(jq -r .linking.kind "$TMP/j")"
	check "$name libc" "$libc" "$(jq -r .libc.family "$TMP/j")"
	check "$name pie" "$pie" "$(jq -r .linking.pie "$TMP/j")"
	check "$name arch" "$arch" "$(jq -r .elf.arch "$TMP/j")"
	check "$name is_go" "$isgo" "$(jq -r .is_go "$TMP/j")"
done <<'TABLE'
go-static static none false amd64 true
go-cgo-dyn dynamic glibc false amd64 true
go-cgo-ext dynamic glibc false amd64 true
go-pie dynamic glibc true amd64 true
go-pie-internal dynamic glibc true amd64 true
go-stripped static none false amd64 true
go-trimpath static none false amd64 true
go-debug static none false amd64 true
go-nobuildinfo static none false amd64 true
go-static-glibc static glibc false amd64 true
go-musl-static static musl false amd64 true
go-musl-dyn dynamic musl false amd64 true
go-race dynamic glibc false amd64 true
go-noshdr dynamic glibc false amd64 true
go-386 static none false 386 true
go-arm static none false arm true
go-arm64 static none false arm64 true
go-s390x static none false s390x true
go-ppc64 static none false ppc64 true
go-ppc64le static none false ppc64le true
go-mips static none false mips true
go-mipsle static none false mipsle true
go-mips64 static none false mips64 true
go-mips64le static none false mips64le true
go-riscv64 static none false riscv64 true
go-loong64 static none false loong64 true
c-hello dynamic glibc true amd64 false
c-static static glibc false amd64 false
TABLE
check "go-noshdr has no section headers" false \
	"$("$GOELF" inspect --format json "$FIX/go-noshdr" | jq -r .elf.section_headers)"

# --- 4. golden outputs (machine-independent parts only) ---------------------
norm() { sed -e "s|$BAD/||g" -e "s|$FIX/||g"; }
for f in "$BAD"/*; do
	name=$(basename "$f")
	echo "== $name"
	"$GOELF" inspect --format json "$f" 2>&1 | norm
	echo "rc=$?"
done >"$TMP/bad.out"
if [ -n "${GOELF_UPDATE_GOLDEN:-}" ]; then
	cp "$TMP/bad.out" "$GOLDEN/bad.jsonl"
fi
if diff -u "$GOLDEN/bad.jsonl" "$TMP/bad.out" >"$TMP/diff"; then ok; else
	bad "golden bad.jsonl differs:"
	head -40 "$TMP/diff"
fi
for name in go-minimal go-trimpath go-nobuildinfo; do
	need_fixture "$name" || continue
	for fmt in text json; do
		# JSON: the per-package size table is checked by run-size.sh;
		# one key per line keeps golden diffs readable.
		"$GOELF" inspect --color=never --format $fmt "$FIX/$name" 2>&1 | norm |
			if [ $fmt = json ]; then jq 'del(.size)'; else cat; fi |
			sed -E -e 's/("(go_)?build_id": )"[^"]*"/\1"X"/g' \
				-e 's/(Go build ID +).*/\1X/' >"$TMP/g"
		if [ -n "${GOELF_UPDATE_GOLDEN:-}" ]; then
			cp "$TMP/g" "$GOLDEN/$name.$fmt"
		fi
		if diff -u "$GOLDEN/$name.$fmt" "$TMP/g" >"$TMP/diff"; then ok; else
			bad "golden $name.$fmt differs:"
			head -40 "$TMP/diff"
		fi
	done
done

# --- 5. goelf buildinfo == go version -m, byte for byte ---------------------
if command -v go >/dev/null; then
	for path in "$FIX"/*; do
		[ -f "$path" ] || continue
		name=$(basename "$path")
		go version -m "$path" >"$TMP/go.out" 2>"$TMP/go.err"
		"$GOELF" buildinfo "$path" >"$TMP/ge.out" 2>"$TMP/ge.err"
		rc=$?
		if cmp -s "$TMP/go.out" "$TMP/ge.out" &&
			cmp -s "$TMP/go.err" "$TMP/ge.err"; then ok; else
			bad "$name: goelf buildinfo differs from go version -m"
			diff -u "$TMP/go.out" "$TMP/ge.out" | head -10
			diff -u "$TMP/go.err" "$TMP/ge.err" | head -4
		fi
		if [ -s "$TMP/go.err" ]; then check "$name buildinfo exit" 1 $rc
		else check "$name buildinfo exit" 0 $rc; fi
		# JSON agrees with go on version, path and settings.
		"$GOELF" inspect --format json "$path" >"$TMP/j"
		v=$(sed -n '1s/^[^:]*: //p' "$TMP/go.out")
		if [ -n "$v" ]; then
			check "$name go.version" "$v" "$(jq -r .go.version "$TMP/j")"
			check "$name go.version_source" buildinfo \
				"$(jq -r .go.version_source "$TMP/j")"
			check "$name go.path" "$(sed -n 's/^\tpath\t//p' "$TMP/go.out")" \
				"$(jq -r .go.path "$TMP/j")"
			check "$name CGO_ENABLED" \
				"$(sed -n 's/^\tbuild\tCGO_ENABLED=//p' "$TMP/go.out")" \
				"$(jq -r '.go.settings.CGO_ENABLED // empty' "$TMP/j")"
		fi
	done
	# go version -m reads only files with an execute bit; gen_bad writes 0644.
	cp "$BAD/buildinfo-pointer-64le" "$TMP/buildinfo-pointer-64le"
	chmod 755 "$TMP/buildinfo-pointer-64le"
	"$GOELF" buildinfo "$TMP/buildinfo-pointer-64le" >"$TMP/out"
	check "pointer-format buildinfo exit" 0 $?
	check "pointer-format version" "$TMP/buildinfo-pointer-64le: go1.16.5" \
		"$(head -1 "$TMP/out")"
	"$GOELF" buildinfo "$TMP/missing" 2>/dev/null
	check "buildinfo missing exit" 2 $?
else
	skipped=$((skipped + 1))
	echo "SKIP: go not installed (Debian package golang-go)"
fi
# A plain C binary: go is null.
check "c-hello go null" null \
	"$("$GOELF" inspect --format json "$FIX/c-hello" | jq -c .go)"
# cgo answers per fixture.
while read -r name want; do
	check "$name cgo" "$want" \
		"$("$GOELF" inspect --format json "$FIX/$name" | jq -r .go.cgo)"
done <<'TABLE'
go-static false
go-stripped false
go-cgo-dyn true
go-cgo-ext true
go-musl-static true
go-static-glibc true
go-386 false
TABLE

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
