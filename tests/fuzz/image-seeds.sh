#!/bin/sh
# Builds the seed corpus of the image fuzzer (build/fuzz/fuzz_image) in
# DIR: small, reproducible image tarballs made with tar, gzip, jq and
# sha256sum, each under 64 KiB:
#   docker-save.tar       one layer with a tiny ELF as /usr/local/bin/app,
#                         a link to it, /tmp 1777; config with User
#   docker-save.tar.gz    the same, the whole tarball gzipped
#   oci-layout.tar        two gzip layers; the upper one deletes /x
#                         (.wh.x), makes /opt/d opaque (.wh..wh..opq) and
#                         links /bin/app to the ELF; an image index
#   oci-missing-blob.tar  a manifest whose layer blob is not in blobs/
#   docker-missing-layer.tar  manifest.json naming a layer not in the tar
# usage: sh tests/fuzz/image-seeds.sh DIR [ELF]
#   ELF defaults to build/bad/buildinfo-pointer-64le (make bad).
set -eu
OUT=$1
ELF=${2:-build/bad/buildinfo-pointer-64le}
[ -f "$ELF" ] || { echo "image-seeds: no $ELF (run make bad)" >&2; exit 1; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
ELF=$(cd "$(dirname "$ELF")" && pwd)/$(basename "$ELF")
W=$(mktemp -d /tmp/goelf-image-seeds.XXXXXX)
trap 'rm -rf "$W"' EXIT INT TERM

# Reproducible tar of the given members of the current directory.
rtar() {
	out=$1
	shift
	tar --format=posix --pax-option=delete=atime,delete=ctime \
		--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
		-cf "$out" "$@"
}
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }

# --- layer contents ---------------------------------------------------------
mkdir -p "$W/l1/usr/local/bin" "$W/l1/tmp" "$W/l1/etc" "$W/l1/opt/d"
cp "$ELF" "$W/l1/usr/local/bin/app"
chmod 755 "$W/l1/usr/local/bin/app"
chmod 1777 "$W/l1/tmp"
echo 'root:x:0:0::/root:/bin/sh' >"$W/l1/etc/passwd"
echo old >"$W/l1/x"
echo hidden >"$W/l1/opt/d/old"
cp "$ELF" "$W/l1/opt/d/old-elf"
ln -s ../usr/local/bin/app "$W/l1/etc/app-link"

mkdir -p "$W/l2/opt/d" "$W/l2/bin"
: >"$W/l2/.wh.x"
: >"$W/l2/opt/d/.wh..wh..opq"
echo new >"$W/l2/opt/d/new"
ln -s /usr/local/bin/app "$W/l2/bin/app"
ln "$W/l2/opt/d/new" "$W/l2/opt/d/new-hard"

(cd "$W/l1" && rtar "$W/layer1.tar" .)
(cd "$W/l2" && rtar "$W/layer2.tar" .)

# --- docker save ------------------------------------------------------------
D=$W/docker
L1=$(sha "$W/layer1.tar")
mkdir -p "$D/$L1"
cp "$W/layer1.tar" "$D/$L1/layer.tar"
jq -cn --arg d "sha256:$L1" '{
	architecture: "amd64", os: "linux",
	config: {User: "1000:1000", Env: ["PATH=/usr/local/bin:/bin"],
		 Entrypoint: ["/usr/local/bin/app"]},
	rootfs: {type: "layers", diff_ids: [$d]}}' >"$W/config.json"
CFG=$(sha "$W/config.json")
cp "$W/config.json" "$D/$CFG.json"
jq -cn --arg c "$CFG.json" --arg l "$L1/layer.tar" \
	'[{Config: $c, RepoTags: ["fuzz/app:latest"], Layers: [$l]}]' \
	>"$D/manifest.json"
jq -cn --arg l "$L1" '{"fuzz/app": {latest: $l}}' >"$D/repositories"
(cd "$D" && rtar "$OUT/docker-save.tar" .)
gzip -n -9 -c "$OUT/docker-save.tar" >"$OUT/docker-save.tar.gz"

# The same manifest naming one more layer that is not there.
jq -c '.[0].Layers += ["0000/layer.tar"]' "$D/manifest.json" \
	>"$W/manifest2.json"
cp "$W/manifest2.json" "$D/manifest.json"
(cd "$D" && rtar "$OUT/docker-missing-layer.tar" .)

# --- OCI layout -------------------------------------------------------------
O=$W/oci
B=$O/blobs/sha256
mkdir -p "$B"
echo '{"imageLayoutVersion":"1.0.0"}' >"$O/oci-layout"
gzip -n -9 -c "$W/layer1.tar" >"$W/layer1.tar.gz"
gzip -n -9 -c "$W/layer2.tar" >"$W/layer2.tar.gz"
G1=$(sha "$W/layer1.tar.gz")
G2=$(sha "$W/layer2.tar.gz")
cp "$W/layer1.tar.gz" "$B/$G1"
cp "$W/layer2.tar.gz" "$B/$G2"
jq -cn --arg a "sha256:$(sha "$W/layer1.tar")" \
	--arg b "sha256:$(sha "$W/layer2.tar")" '{
	architecture: "amd64", os: "linux",
	config: {User: "app", Env: ["TMPDIR=/var/tmp"]},
	rootfs: {type: "layers", diff_ids: [$a, $b]}}' >"$W/oci-config.json"
C=$(sha "$W/oci-config.json")
cp "$W/oci-config.json" "$B/$C"

# The image manifest: config and the layers, bottom first.
jq -cn --arg c "sha256:$C" --argjson cs "$(size "$B/$C")" \
	--arg g1 "sha256:$G1" --argjson s1 "$(size "$B/$G1")" \
	--arg g2 "sha256:$G2" --argjson s2 "$(size "$B/$G2")" '{
	schemaVersion: 2,
	mediaType: "application/vnd.oci.image.manifest.v1+json",
	config: {mediaType: "application/vnd.oci.image.config.v1+json",
		 digest: $c, size: $cs},
	layers: [
	  {mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
	   digest: $g1, size: $s1},
	  {mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
	   digest: $g2, size: $s2}]}' >"$W/manifest.json"
M=$(sha "$W/manifest.json")
cp "$W/manifest.json" "$B/$M"
# An image index blob pointing at the manifest, for one level of nesting.
jq -cn --arg m "sha256:$M" --argjson ms "$(size "$B/$M")" '{
	schemaVersion: 2,
	mediaType: "application/vnd.oci.image.index.v1+json",
	manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json",
		     digest: $m, size: $ms,
		     platform: {architecture: "amd64", os: "linux"}}]}' \
	>"$W/index-blob.json"
X=$(sha "$W/index-blob.json")
cp "$W/index-blob.json" "$B/$X"
jq -cn --arg m "sha256:$M" --argjson ms "$(size "$B/$M")" \
	--arg x "sha256:$X" --argjson xs "$(size "$B/$X")" '{
	schemaVersion: 2,
	manifests: [
	  {mediaType: "application/vnd.oci.image.manifest.v1+json",
	   digest: $m, size: $ms,
	   annotations: {"org.opencontainers.image.ref.name": "latest"}},
	  {mediaType: "application/vnd.oci.image.index.v1+json",
	   digest: $x, size: $xs,
	   annotations: {"io.containerd.image.name": "fuzz/app:multi"}}]}' \
	>"$O/index.json"
(cd "$O" && rtar "$OUT/oci-layout.tar" .)

# --- OCI layout whose manifest names a missing layer blob -------------------
rm -f "$B/$X"
MISSING=$(printf 'missing' | sha256sum | cut -d' ' -f1)
jq -c --arg d "sha256:$MISSING" \
	'.layers += [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
		      digest: $d, size: 1234}]' "$W/manifest.json" \
	>"$W/manifest-missing.json"
MM=$(sha "$W/manifest-missing.json")
rm -f "$B/$M"
cp "$W/manifest-missing.json" "$B/$MM"
jq -cn --arg m "sha256:$MM" --argjson ms "$(size "$B/$MM")" '{
	schemaVersion: 2,
	manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json",
		     digest: $m, size: $ms}]}' >"$O/index.json"
(cd "$O" && rtar "$OUT/oci-missing-blob.tar" .)

for f in "$OUT"/*; do
	if [ "$(size "$f")" -gt 65536 ]; then
		echo "image-seeds: $f is larger than 64 KiB" >&2
		exit 1
	fi
done
echo "image seeds: $(ls "$OUT" | wc -l) files in $OUT"
