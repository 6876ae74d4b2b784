#!/bin/sh
# goelf scan: directory trees (ELF and non-ELF files, symlinks to ELF,
# dangling and looping links, a FIFO, an unreadable file), --root, -j
# determinism, --gate (the progress line: run-progress.sh); images built
# here from tar + JSON + sha256: a
# docker-save tarball and an OCI layout (directory and tar) with two
# layers and whiteouts, gzip and zstd layers, a root and a non-root
# config; bad images (a layer that is not a tar, a truncated gzip layer,
# a manifest naming a missing blob, members with '..' and absolute names).
# usage: sh tests/cli/run-scan.sh GOELF FIXTURES
# Prints `scan: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-scan.XXXXXX)
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
has() { # has LABEL PATTERN FILE
	if grep -q -- "$2" "$3"; then ok; else bad "$1: no [$2] in:"; head -20 "$3"; fi
}
hasnt() {
	if grep -q -- "$2" "$3"; then bad "$1: unexpected [$2] in:"; head -20 "$3"; else ok; fi
}
scan() { # scan EXPECTED-EXIT LABEL ARGS...; output in $TMP/out, $TMP/err
	want=$1 label=$2
	shift 2
	(cd "$TMP" && timeout 60 "$GOELF" scan --no-policy -q "$@") \
		>"$TMP/out" 2>"$TMP/err"
	check "$label exit" "$want" $?
}
paths() { jq -r 'select(.image == null) | .path' "$TMP/out" | tr '\n' ' '; }
# an image streams its files in reading order (layers top-down, tar order)
ipaths() { jq -r 'select(.image == null) | .path' "$TMP/out" | LC_ALL=C sort | tr '\n' ' '; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# --- a directory tree --------------------------------------------------------
T=$TMP/tree
mkdir -p "$T/bin" "$T/lib/deep" "$T/share" "$T/usr/bin"
cp "$FIX/go-static" "$T/bin/app"
cp "$FIX/c-hello" "$T/lib/deep/hello"
cp "$FIX/go-cgo-dyn" "$T/bin/cgo"
echo "not an ELF" >"$T/share/readme"
printf '\177EL' >"$T/share/short"
: >"$T/share/empty"
ln -s app "$T/bin/link-to-app"
ln -s ../../lib/deep/hello "$T/usr/bin/hello-rel"
ln -s /bin/app "$T/usr/bin/abs-link"
ln -s missing "$T/bin/dangling"
ln -s loop2 "$T/bin/loop1"
ln -s loop1 "$T/bin/loop2"
ln -s ../.. "$T/share/up"
mkfifo "$T/share/fifo"
chmod -R a+rX "$TMP"

scan 0 "tree" -f jsonl tree
check "tree: ELF files and links, sorted" \
	"tree/bin/app tree/bin/cgo tree/bin/link-to-app tree/lib/deep/hello tree/usr/bin/hello-rel " \
	"$(paths)"
check "tree: link record" "symlink app tree/bin/app" \
	"$(jq -r 'select(.path=="tree/bin/link-to-app") | "\(.link.kind) \(.link.target) \(.link.resolves_to)"' "$TMP/out")"
check "tree: same report as inspect" \
	"$("$GOELF" inspect --format json "$FIX/c-hello" | jq -c '.linking, .libc')" \
	"$(jq -c 'select(.path=="tree/lib/deep/hello") | .linking, .libc' "$TMP/out")"
check "tree: nothing on stderr" "" "$(cat "$TMP/err")"
scan 0 "tree -j1" -f jsonl -j1 tree
cp "$TMP/out" "$TMP/out.j1"
scan 0 "tree -j4" -f jsonl -j4 tree
if cmp -s "$TMP/out" "$TMP/out.j1"; then ok; else bad "-j1 and -j4 differ"; fi
scan 0 "tree trailing slash" -f jsonl tree/
check "tree/: same paths" \
	"tree/bin/app tree/bin/cgo tree/bin/link-to-app tree/lib/deep/hello tree/usr/bin/hello-rel " \
	"$(paths)"

# --root: in-root paths, absolute links resolve inside the root
scan 0 "--root" -f jsonl --root tree
check "--root paths" \
	"/bin/app /bin/cgo /bin/link-to-app /lib/deep/hello /usr/bin/abs-link /usr/bin/hello-rel " \
	"$(paths)"
check "--root absolute link" "/bin/app" \
	"$(jq -r 'select(.path=="/usr/bin/abs-link") | .link.resolves_to' "$TMP/out")"
# two walks on one command line, -j 4: each link resolves against its
# own root (the walk's root travels with its link jobs)
rm -rf "$TMP/tree2" && cp -a "$T" "$TMP/tree2"
scan 0 "two trees" -f jsonl -j 4 tree tree2
check "two trees: links resolve in their own tree" "tree/bin/app tree2/bin/app" \
	"$(jq -r 'select(.link and (.path | endswith("bin/link-to-app"))) | .link.resolves_to' "$TMP/out" | tr '\n' ' ' | sed 's/ $//')"
rm -rf "$TMP/tree2"
scan 0 "-x" -f jsonl -x tree
check "-x same tree" 5 "$(jq -s length "$TMP/out")"

# text summary
scan 0 "text" -f text tree
has "summary counts" "scan: 6 files, 3 ELF (2 Go), 2 links to ELF, 0 not analysed" "$TMP/out"
has "summary skipped" "5 other links (not followed), 1 FIFOs" "$TMP/out"
has "summary linking" "static 1" "$TMP/out"
has "summary libc" "glibc 2" "$TMP/out"
has "summary go" "go1" "$TMP/out"
has "summary strip" "strip savings" "$TMP/out"
has "summary findings" "findings, worst first" "$TMP/out"

# progress: tests/cli/run-progress.sh (it needs a pseudo-terminal)

# --gate: exit 1 when a file fails, 0 when all pass
scan 1 "gate require static" -f text --gate --require static tree
has "gate names the failing file" "FAIL tree/bin/cgo" "$TMP/out"
scan 0 "gate default policy" -f text --gate tree

# an unreadable file is a per-file error; the rest is still reported
cp "$FIX/c-hello" "$T/lib/secret"
chmod 000 "$T/lib/secret"
cp "$GOELF" "$TMP/goelf-copy"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	(cd "$TMP" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TMP/goelf-copy" scan -q -f jsonl tree) >"$TMP/out" 2>"$TMP/err"
	rc=$?
else
	(cd "$TMP" && "$TMP/goelf-copy" scan -q -f jsonl tree) >"$TMP/out" 2>"$TMP/err"
	rc=$?
fi
check "unreadable exit" 2 "$rc"
has "unreadable stderr" "^goelf: tree/lib/secret: Permission denied$" "$TMP/err"
check "unreadable: JSON error record" io \
	"$(jq -r 'select(.path=="tree/lib/secret") | .error.code' "$TMP/out")"
check "unreadable: others reported" 3 \
	"$(jq -r 'select(.error == null and .link == null) | .path' "$TMP/out" | wc -l | tr -d ' ')"
rm -f "$T/lib/secret"

# file names with terminal escapes (OSC title, BEL) never reach the
# terminal raw: stderr error lines and the text summary escape them,
# JSON escapes them its own way.  The old code printed error lines raw.
rawesc() { tr -d -c '\033\007' <"$1" | wc -c | tr -d ' '; }
E=$TMP/esc
mkdir -p "$E"
evil=$(printf 'bad\033]0;x\007name')
cp "$FIX/c-hello" "$E/$evil"
cp "$FIX/c-hello" "$E/$evil-ok"
chmod 000 "$E/$evil"
chmod a+rX "$E"
for f in jsonl text; do
	if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
		(cd "$TMP" && setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$TMP/goelf-copy" scan -q -f $f esc) >"$TMP/out" 2>"$TMP/err"
	else
		(cd "$TMP" && "$TMP/goelf-copy" scan -q -f $f esc) >"$TMP/out" 2>"$TMP/err"
	fi
	has "escaped name: error line ($f)" '^goelf: esc/bad\\x1b]0;x\\x07name: Permission denied$' "$TMP/err"
	check "escaped name: no raw ESC/BEL on stderr ($f)" 0 "$(rawesc "$TMP/err")"
	check "escaped name: no raw ESC/BEL on stdout ($f)" 0 "$(rawesc "$TMP/out")"
done
has "escaped name: summary names the file" 'esc/bad\\x1b]0;x\\x07name-ok' "$TMP/out"
scan 2 "escaped missing path" -f jsonl "$evil"
check "escaped missing path: no raw ESC/BEL" 0 "$(rawesc "$TMP/err")"
has "escaped missing path: message" '^goelf: bad\\x1b]0;x\\x07name: No such file' "$TMP/err"
rm -rf "$E"

# bad arguments
scan 2 "missing path" -f jsonl nowhere
has "missing path message" "goelf: nowhere: No such file or directory" "$TMP/err"
scan 2 "bad -j" -j 0 tree
scan 2 "bad format" -f xml tree

# --- images ------------------------------------------------------------------
# Layer 1: /bin/app, /bin/old, /opt/dir/x (ELF), /etc/passwd, /tmp 1777.
# Layer 2: deletes /bin/old (.wh.old), makes /opt/dir opaque and adds
# /opt/dir/y, adds /usr/local/bin/tool and a symlink /bin/sh-link -> app.
L1=$TMP/l1 L2=$TMP/l2
mkdir -p "$L1/bin" "$L1/opt/dir" "$L1/etc" "$L1/tmp" "$L2/bin" "$L2/opt/dir" \
	"$L2/usr/local/bin"
cp "$FIX/go-static" "$L1/bin/app"
cp "$FIX/c-hello" "$L1/bin/old"
cp "$FIX/c-hello" "$L1/opt/dir/x"
echo "root:x:0:0::/root:/bin/sh" >"$L1/etc/passwd"
chmod 1777 "$L1/tmp"
: >"$L2/bin/.wh.old"
: >"$L2/opt/dir/.wh..wh..opq"
cp "$FIX/go-minimal" "$L2/opt/dir/y"
cp "$FIX/go-musl-static" "$L2/usr/local/bin/tool"
ln -s app "$L2/bin/sh-link"
tar -C "$L1" -cf "$TMP/layer1.tar" .
tar -C "$L2" -cf "$TMP/layer2.tar" .
gzip -9n <"$TMP/layer2.tar" >"$TMP/layer2.tar.gz"
zstd -q -f -o "$TMP/layer1.tar.zst" "$TMP/layer1.tar"
zstd -q -f -o "$TMP/layer2.tar.zst" "$TMP/layer2.tar"
root_cfg='{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":[]}}'
user_cfg='{"architecture":"amd64","os":"linux","config":{"User":"1000:1000","Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":[]}}'
want_files="/bin/app /bin/sh-link /opt/dir/y /usr/local/bin/tool "

# docker save: plain layer 1, gzip layer 2, root config
D=$TMP/dsave
mkdir -p "$D/l1" "$D/l2"
printf '%s' "$root_cfg" >"$D/cfg.json"
cfg=$(sha "$D/cfg.json")
mv "$D/cfg.json" "$D/$cfg.json"
cp "$TMP/layer1.tar" "$D/l1/layer.tar"
cp "$TMP/layer2.tar.gz" "$D/l2/layer.tar"
printf '[{"Config":"%s.json","RepoTags":["test/root:1"],"Layers":["l1/layer.tar","l2/layer.tar"]}]' \
	"$cfg" >"$D/manifest.json"
tar -C "$D" -cf "$TMP/dsave.tar" .
scan 0 "docker-save" -f jsonl dsave.tar
check "docker-save: final files only" "$want_files" "$(ipaths)"
check "docker-save: image record after its files" "docker-save" "$(tail -1 "$TMP/out" | jq -r .image.format)"
check "docker-save: reference" "test/root:1" "$(tail -1 "$TMP/out" | jq -r .image.reference)"
check "docker-save: arch" "amd64 linux" "$(tail -1 "$TMP/out" | jq -r '"\(.image.architecture) \(.image.os)"')"
check "docker-save: layers" "2" "$(tail -1 "$TMP/out" | jq -r '.image.layers | length')"
# (the size findings, image.wasted_bytes and the like, are checked by
# run-image-size.sh)
nosize='select(.id | test("^image[.](wasted_bytes|build_leftovers|unstripped_binaries)$") | not)'
check "docker-save: root finding" "image.user_root warn" \
	"$(tail -1 "$TMP/out" | jq -r ".findings[] | $nosize"' | "\(.id) \(.severity)"')"
check "docker-save: /tmp 1777" "1777" "$(tail -1 "$TMP/out" | jq -r .image.tmp_mode)"
check "docker-save: symlink in image" "/bin/app" \
	"$(jq -r 'select(.path=="/bin/sh-link") | .link.resolves_to' "$TMP/out")"
check "docker-save: musl static tool" "musl" \
	"$(jq -r 'select(.path=="/usr/local/bin/tool") | .libc.family' "$TMP/out")"
scan 0 "docker-save dir" -f jsonl dsave
check "docker-save dir: same files" "$want_files" "$(ipaths)"
gzip -9n <"$TMP/dsave.tar" >"$TMP/dsave.tar.gz"
scan 0 "docker-save gzip" -f jsonl dsave.tar.gz
check "docker-save gzip: same files" "$want_files" "$(ipaths)"
scan 0 "docker-save text" -f text dsave.tar
has "image text summary" "4 files, 3 ELF (3 Go) in 1 image" "$TMP/out"
has "image text finding" "image.user_root: 1 file (test/root:1)" "$TMP/out"
scan 1 "docker-save gate fail-on warn" -f text --gate --fail-on warn dsave.tar
has "docker-save gate: the image failed" "1 of 1 image failed" "$TMP/out"
# image findings go through the file verdict's allowlist: a glob matches
# the path with its "./" stripped, as for files (the old image copy of
# the allowlist did not strip it, so this failed)
scan 1 "image allow ./path" -f text --gate --fail-on warn \
	--allow 'image.user_root:dsave.tar' \
	--allow 'image.unstripped_binaries:dsave.tar' ./dsave.tar
has "image allow ./path: the image passes" "0 of 1 image failed" "$TMP/out"
scan 1 "image allow id" -f text --gate --fail-on warn --allow 'image.*' dsave.tar
has "image allow id: the image passes" "0 of 1 image failed" "$TMP/out"

# OCI layout: zstd layers, non-root config, no /tmp
O=$TMP/oci
mkdir -p "$O/blobs/sha256"
blob() { # blob FILE -> prints the digest, stores the blob
	d=$(sha "$1")
	cp "$1" "$O/blobs/sha256/$d"
	echo "$d"
}
# layer 1 without /tmp this time
mkdir -p "$TMP/l1b"
cp -a "$L1/." "$TMP/l1b/"
rm -rf "$TMP/l1b/tmp"
tar -C "$TMP/l1b" -cf - . | zstd -q >"$TMP/layer1b.tar.zst"
printf '%s' "$user_cfg" >"$TMP/user.json"
c=$(blob "$TMP/user.json")
a=$(blob "$TMP/layer1b.tar.zst")
b=$(blob "$TMP/layer2.tar.zst")
sz() { wc -c <"$1" | tr -d ' '; }
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"sha256:%s","size":%s},{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"sha256:%s","size":%s}]}' \
	"$c" "$(sz "$TMP/user.json")" "$a" "$(sz "$TMP/layer1b.tar.zst")" "$b" "$(sz "$TMP/layer2.tar.zst")" >"$TMP/manifest.json"
m=$(blob "$TMP/manifest.json")
printf '{"imageLayoutVersion":"1.0.0"}' >"$O/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"test/user:2"}}]}' \
	"$m" "$(sz "$TMP/manifest.json")" >"$O/index.json"
scan 0 "oci dir" -f jsonl oci
check "oci dir: final files" "$want_files" "$(ipaths)"
check "oci dir: format and ref" "oci test/user:2 1000:1000" \
	"$(tail -1 "$TMP/out" | jq -r '"\(.image.format) \(.image.reference) \(.image.user)"')"
check "oci dir: no root finding, no /tmp" "image.tmp_not_writable" \
	"$(tail -1 "$TMP/out" | jq -r "[.findings[] | $nosize | .id]"' | join(",")')"
check "oci dir: layer digests" "sha256:$a sha256:$b" \
	"$(tail -1 "$TMP/out" | jq -r '[.image.layers[].digest] | join(" ")')"
tar -C "$O" -cf "$TMP/oci.tar" .
scan 0 "oci tar" -f jsonl oci.tar
check "oci tar: final files" "$want_files" "$(ipaths)"
scan 0 "oci tar gate (warn does not fail)" -f text --gate oci.tar
# root and no /tmp: two failing findings are one failed image (the old
# gate rule counted findings: "2 of 1 image failed")
D2=$TMP/dsave2
mkdir -p "$D2/l1"
cp "$D/$cfg.json" "$D2/"
tar -C "$TMP/l1b" -cf "$D2/l1/layer.tar" .
printf '[{"Config":"%s.json","RepoTags":["test/root:2"],"Layers":["l1/layer.tar"]}]' \
	"$cfg" >"$D2/manifest.json"
scan 1 "root, no /tmp: gate fail-on warn" -f text --gate --fail-on warn dsave2
has "two findings, one failed image" "1 of 1 image failed" "$TMP/out"
# TMPDIR set: no finding
cp -a "$O" "$TMP/oci-tmpdir"
printf '%s' '{"architecture":"amd64","os":"linux","config":{"User":"app","Env":["TMPDIR=/var/tmp"]}}' >"$TMP/t.json"
c2=$(sha "$TMP/t.json")
cp "$TMP/t.json" "$TMP/oci-tmpdir/blobs/sha256/$c2"
sed "s/$c/$c2/" "$TMP/manifest.json" >"$TMP/m2.json"
m2=$(sha "$TMP/m2.json")
cp "$TMP/m2.json" "$TMP/oci-tmpdir/blobs/sha256/$m2"
sed "s/$m/$m2/" "$O/index.json" >"$TMP/oci-tmpdir/index.json"
scan 0 "oci TMPDIR" -f jsonl oci-tmpdir
check "oci TMPDIR: no findings" "0 /var/tmp" \
	"$(tail -1 "$TMP/out" | jq -r "[.findings[] | $nosize] as \$f"' | "\($f | length) \(.image.tmpdir)"')"

# --- bad images ----------------------------------------------------------------
# a layer that is not a tar: the other layer is still scanned
B=$TMP/bad1
cp -a "$D" "$B"
head -c 3000 /dev/urandom >"$B/l2/layer.tar"
scan 2 "layer not a tar" -f jsonl bad1
has "not a tar: stderr" "goelf: bad1: layer 2" "$TMP/err"
check "not a tar: finding" "image.malformed" \
	"$(tail -1 "$TMP/out" | jq -r '[.findings[].id] | map(select(. == "image.malformed")) | unique | join(",")')"
check "not a tar: layer 1 still scanned" "/bin/app /bin/old /opt/dir/x " "$(ipaths)"
# a truncated gzip layer
B=$TMP/bad2
cp -a "$D" "$B"
head -c 20000 "$TMP/layer2.tar.gz" >"$B/l2/layer.tar"
scan 2 "truncated gzip" -f jsonl bad2
has "truncated: stderr" "goelf: bad2: layer 2" "$TMP/err"
check "truncated: layer error recorded" "true" \
	"$(tail -1 "$TMP/out" | jq -r '.image.layers[1].error != null')"
# a manifest naming a missing blob
B=$TMP/bad3
cp -a "$O" "$B"
rm "$B/blobs/sha256/$b"
scan 2 "missing blob" -f jsonl bad3
has "missing blob: stderr" "missing or unreadable blob" "$TMP/err"
check "missing blob: layer 1 scanned" "/bin/app /bin/old /opt/dir/x " "$(ipaths)"
B=$TMP/bad4
cp -a "$O" "$B"
rm "$B/blobs/sha256/$m"
scan 2 "missing manifest blob" -f jsonl bad4
has "missing manifest: stderr" "manifest sha256:$m: missing" "$TMP/err"
# members with '..' and absolute names, next to a good ELF file
mkdir -p "$TMP/evil"
cp "$FIX/go-static" "$TMP/evil/good"
cp "$FIX/c-hello" "$TMP/evil/x"
cp "$FIX/c-hello" "$TMP/evil/y"
tar -C "$TMP/evil" -cPf "$TMP/evil.tar" \
	--transform 's,^x$,../../goelf-scan-escape,;s,^y$,/tmp/goelf-scan-abs,' good x y
B=$TMP/bad5
cp -a "$D" "$B"
cp "$TMP/evil.tar" "$B/l2/layer.tar"
scan 2 "'..' and absolute members" -f jsonl bad5
has "dotdot: stderr" "member '../../goelf-scan-escape'" "$TMP/err"
has "absolute: stderr" "member '/tmp/goelf-scan-abs'" "$TMP/err"
check "hostile members: good file reported" "/bin/app /bin/old /good /opt/dir/x " "$(ipaths)"
[ ! -e "$TMP/../goelf-scan-escape" ] && [ ! -e /tmp/goelf-scan-abs ] && ok ||
	bad "something was written outside"
# not an image at all
echo "hello" >"$TMP/plain.txt"
scan 2 "plain file" -f jsonl plain.txt
has "plain file: message" "not a docker-save or OCI image" "$TMP/err"
# a single ELF file given directly
scan 0 "single ELF" -f jsonl "$FIX/go-static"
check "single ELF: one record" "1" "$(jq -s length "$TMP/out")"
# a very deep tree: the walk stops at the depth cap with a per-entry
# error, and still reports what is above it
d=$TMP/deep
mkdir "$d"
cp "$FIX/go-minimal" "$d/top"
for i in $(seq 1 140); do d=$d/d; done
mkdir -p "$d"
cp "$FIX/go-minimal" "$d/app"
scan 2 "deep tree" -f jsonl deep
has "deep tree: depth cap named" "more than 128 directory levels" "$TMP/err"
check "deep tree: the file above the cap is reported" 1 \
	"$(jq -r .path "$TMP/out" | grep -c 'deep/top$')"

# --- the image's platform travels with its jobs ------------------------------
# Loose amd64 ELF files named on the command line, then an arm64 image: the
# image's architecture must judge the image's files only.  The old code
# wrote it into the policy the workers were reading, so loose files still
# queued got target.arch_mismatch (every run at -j 2 on 30 files).
R=$TMP/race
mkdir -p "$R/loose" "$R/l" "$R/img"
i=0
while [ $i -lt 30 ]; do cp "$FIX/go-static" "$R/loose/f$i"; i=$((i + 1)); done
cp "$FIX/go-arm64" "$R/l/app"
cp "$FIX/c-hello" "$R/l/amd64-tool"
tar -C "$R/l" -cf "$R/img/layer.tar" .
printf '{"architecture":"arm64","os":"linux","config":{"User":"1000"}}' >"$R/img/cfg.json"
printf '[{"Config":"cfg.json","RepoTags":["test/arm:1"],"Layers":["layer.tar"]}]' \
	>"$R/img/manifest.json"
tar -C "$R/img" -cf "$R/arm.tar" .
mismatch() { # mismatch PATH-PREFIX: paths with an arch_mismatch (the
	# base targets', or the policy's when the image target replaces them)
	jq -r --arg p "$1" 'select(.path | startswith($p)) |
		select([.. | .id? // empty | select(endswith(".arch_mismatch"))]
			| length > 0) | .path' \
		"$TMP/out" | wc -l | tr -d ' '
}
races=0
for j in 2 3 8; do
	for r in 1 2 3 4 5 6 7 8 9 10; do
		(cd "$R" && timeout 60 "$GOELF" scan --no-policy -q -j $j -f jsonl \
			loose/* arm.tar loose/f0) >"$TMP/out" 2>"$TMP/err"
		[ "$(mismatch loose/)" = 0 ] || races=$((races + 1))
	done
done
check "arch race: loose amd64 files never judged as arm64 (30 runs)" 0 "$races"
check "arch race: the arm64 image's amd64 file is" 1 "$(mismatch /amd64-tool)"
check "arch race: the arm64 image's arm64 file is not" 0 "$(mismatch /app)"
(cd "$R" && "$GOELF" scan --no-policy -q --platform linux/arm64 -f jsonl \
	loose/f1 arm.tar) >"$TMP/out" 2>"$TMP/err"
check "arch: --platform still judges loose files" 1 "$(mismatch loose/)"

# --- compressions: in-process filters only ------------------------------------
# A flat root filesystem tarball in each compression libarchive reads in
# process; lrzip, lzop and grzip data would make libarchive run an
# external decompressor (filter_all), which goelf must never do: fake
# ones first on PATH record whether they ran.
C=$TMP/cz
mkdir -p "$C/root/bin" "$C/fakebin"
cp "$FIX/go-static" "$C/root/bin/app"
tar -C "$C/root" -cf "$C/r.tar" .
python3 - "$C/r.tar" <<'PY'
import bz2, gzip, lzma, sys
data = open(sys.argv[1], "rb").read()
open(sys.argv[1] + ".gz", "wb").write(gzip.compress(data))
open(sys.argv[1] + ".bz2", "wb").write(bz2.compress(data))
open(sys.argv[1] + ".xz", "wb").write(lzma.compress(data))
open(sys.argv[1] + ".lzma", "wb").write(lzma.compress(data, format=lzma.FORMAT_ALONE))
PY
zstd -q -f -o "$C/r.tar.zst" "$C/r.tar"
for z in tar tar.gz tar.bz2 tar.xz tar.lzma tar.zst; do
	scan 0 "compression $z" -f jsonl "$C/r.$z"
	check "compression $z: the file in it" "/bin/app " "$(paths)"
done
for p in lrzip lzop grzip; do
	printf '#!/bin/sh\ntouch "%s/ran-%s"\ncat >/dev/null\nexit 1\n' "$C" "$p" >"$C/fakebin/$p"
	chmod +x "$C/fakebin/$p"
done
{ printf 'LRZI\000\006'; head -c 512 "$C/r.tar"; } >"$C/x.lrz"
{ printf '\211LZO\000\015\012\032\012'; head -c 512 "$C/r.tar"; } >"$C/x.lzo"
{ printf 'GRZipII\000\002\004:)'; head -c 512 "$C/r.tar"; } >"$C/x.grz"
for z in lrz lzo grz; do
	(cd "$TMP" && PATH="$C/fakebin:$PATH" timeout 60 "$GOELF" scan --no-policy \
		-q -f jsonl "$C/x.$z") >"$TMP/out" 2>"$TMP/err"
	check "$z: exit" 2 $?
	has "$z: one error line" "goelf: .*x.$z: " "$TMP/err"
done
check "no external decompressor ran" "" "$(cd "$C" && ls ran-* 2>/dev/null)"

echo "scan: $pass passed, $fail failed"
[ "$fail" = 0 ]
